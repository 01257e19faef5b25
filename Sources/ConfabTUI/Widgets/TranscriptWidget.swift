import ConfabCore

/// The transcript: role gutter, text wrapped at token granularity, each token's background
/// from the heat mode, the cursor token highlighted, search matches underlined.
struct TranscriptWidget {
  let state: AppState

  func render(in area: Rect, _ buffer: inout Buffer) {
    guard !area.isEmpty else { return }
    let theme = state.theme
    guard let open = state.open else {
      let text = state.loading != nil || !state.scanned.finished ? "loading…" : "nothing to show"
      buffer.put(text, x: area.x + 1, y: area.y, style: theme.dimText, clip: area)
      return
    }
    let layout = open.layout
    let hits = Set(state.search?.hits ?? [])
    let end = min(layout.lines.count, state.scroll + area.height)
    guard state.scroll < end else { return }
    for (row, lineIndex) in (state.scroll..<end).enumerated() {
      let line = layout.lines[lineIndex]
      let y = area.y + row
      if let gutter = line.gutter {
        let role = open.transcript.messages[line.message].role
        buffer.put(gutter, x: area.x, y: y, style: theme.role(role), clip: area)
      }
      let textX = area.x + TranscriptLayout.gutterWidth
      for span in line.spans {
        var style = span.muted ? theme.hex : Style.plain
        if let token = span.token {
          style = style.merged(with: theme.heat(open.stats[token], state.heat))
          if hits.contains(token) { style = style.merged(with: theme.searchHit) }
          if token == state.cursor { style = theme.cursor }
        }
        buffer.put(span.text, x: textX + span.column, y: y, style: style, clip: area)
      }
    }
  }
}
