import ConfabModel


/// Draws the whole screen for a state. Pure: same state, same buffer.
public func view(_ state: AppState) -> Buffer {
  var buffer = Buffer(size: state.size)
  let screen = state.screen
  let theme = state.theme
  HeaderWidget(state: state).render(list: screen.list, transcript: screen.transcript, row: screen.header, &buffer)
  if !screen.list.isEmpty {
    if state.focus == .tags {
      TagsPaneWidget(state: state).render(in: screen.list, &buffer)
    } else {
      TranscriptListWidget(state: state).render(in: screen.list, &buffer)
    }
    for y in screen.list.y..<screen.list.maxY { buffer.put("│", x: screen.list.maxX, y: y, style: theme.border) }
  }
  TranscriptWidget(state: state).render(in: screen.transcript, &buffer)
  TimelineWidget(state: state).render(in: screen.timeline, &buffer)
  DistributionWidget(state: state).render(in: screen.distribution, &buffer)
  StatusWidget(state: state).render(in: screen.status, &buffer)
  OverlayWidget(state: state).render(in: buffer.area, &buffer)
  PickerWidget(state: state).render(in: buffer.area, &buffer)
  return buffer
}
