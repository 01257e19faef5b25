import ConfabModel


/// Draws the whole screen for a state. Pure: same state, same buffer. Each widget gets only
/// the slices it draws (its props).
public func view(_ state: AppState) -> Buffer {
  var buffer = Buffer(size: state.size)
  let screen = state.screen
  let theme = state.theme
  HeaderWidget(entries: state.list.entries, sort: state.list.sort, grouped: state.list.grouped, reader: state.reader, tagCount: state.tagging.tags.count, allTags: state.tagging.paneShowsAll ? state.tagging.allTags.count : nil, focus: state.focus, theme: theme).render(list: screen.list, transcript: screen.transcript, row: screen.header, &buffer)
  if !screen.list.isEmpty {
    if state.focus == .tags {
      TagsPaneWidget(tagging: state.tagging, theme: theme).render(in: screen.list, &buffer)
    } else {
      TranscriptListWidget(list: state.list, focused: state.focus == .list, theme: theme).render(in: screen.list, &buffer)
    }
    for y in screen.list.y..<screen.list.maxY { buffer.put("│", x: screen.list.maxX, y: y, style: theme.border) }
  }
  TranscriptWidget(reader: state.reader, tagging: state.tagging, scanned: state.list.scanned, theme: theme).render(in: screen.transcript, &buffer)
  TimelineWidget(reader: state.reader, corpusMaxEntropy: state.list.corpusMaxEntropy, theme: theme).render(in: screen.timeline, &buffer)
  LegendWidget(heat: state.reader.heat, theme: theme).render(in: screen.legend, &buffer)
  let picker = state.branchPicker.flatMap { $0.cursor == state.reader.cursor ? $0 : nil }
  DistributionWidget(reader: state.reader, branchTarget: picker?.alternative, theme: theme).render(in: screen.distribution, &buffer)
  CompareWidget(compare: state.compare, theme: theme).render(in: Rect(x: 0, y: 0, width: state.size.width, height: max(0, state.size.height - 1)), &buffer)
  StatusWidget(
    mode: state.mode, list: state.list, heat: state.reader.heat,
    selectionCount: state.tagging.anchor == nil ? nil : selectedRange(state)?.tokens.count, problemCount: state.problems.total,
    message: state.message, following: state.following, liveJob: state.liveJob, theme: theme).render(in: screen.status, &buffer)
  OverlayWidget(overlay: state.overlay, scroll: state.overlayScroll, problems: state.problems, heat: state.reader.heat, theme: theme).render(in: buffer.area, &buffer)
  PickerWidget(picker: state.picker, labels: state.tagging.labels, theme: theme).render(in: buffer.area, &buffer)
  EventFilterWidget(menu: state.eventFilterMenu, theme: theme).render(in: buffer.area, &buffer)
  return buffer
}
