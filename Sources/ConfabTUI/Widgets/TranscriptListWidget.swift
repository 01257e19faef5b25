import ConfabCore

/// The left pane: one row per transcript (title, sample, token count), selection marked.
struct TranscriptListWidget {
  let state: AppState

  func render(in area: Rect, _ buffer: inout Buffer) {
    guard !area.isEmpty else { return }
    let theme = state.theme
    if state.entries.isEmpty {
      let text = state.scanned.finished ? " no transcripts" : " loading…"
      buffer.put(text, x: area.x, y: area.y, style: theme.dimText, clip: area)
      return
    }
    let end = min(state.entries.count, state.listScroll + area.height)
    for (row, index) in (state.listScroll..<end).enumerated() {
      let entry = state.entries[index]
      let y = area.y + row
      let selected = index == state.selected
      let count = entry.figures.tokens > 0 ? Format.compact(entry.figures.tokens) : "-"
      let sample = entry.sampleIndex.map { "#\($0)" } ?? ""
      let right = " " + sample + (sample.isEmpty ? "" : " ") + count
      let titleWidth = max(0, area.width - 1 - DisplayWidth.of(right))
      let line = (selected ? "▶" : " ") + DisplayWidth.pad(entry.title, to: titleWidth) + right
      var style = Style.plain
      if selected { style = state.focus == .list ? theme.selectedRow : Style(bold: true) }
      buffer.fill(Rect(x: area.x, y: y, width: area.width, height: 1), style: style)
      buffer.put(line, x: area.x, y: y, style: style, clip: area)
    }
  }
}
