import ConfabModel


/// The bottom line: the top mode's prompt when one is open, else position, heat mode, scan
/// progress, problems and the help hint; a transient message replaces the left part.
struct StatusWidget {
  let state: AppState

  func render(in area: Rect, _ buffer: inout Buffer) {
    guard !area.isEmpty else { return }
    let theme = state.theme
    buffer.fill(area, style: theme.statusBar)
    switch state.mode {
    case .search(let editor):
      buffer.put("/" + editor.rendered, x: area.x, y: area.y, style: theme.statusBar, clip: area)
      return
    case .exportScope:
      buffer.put(" export: (s)election  (t)his transcript's tags  (a)ll tags  · Esc cancels", x: area.x, y: area.y,
                 style: theme.statusAlert, clip: area)
      return
    case .exportPath(let scope, let editor):
      buffer.put(" export \(scope.rawValue) to: \(editor.rendered)  (Enter writes, ^U clears, Esc cancels)", x: area.x, y: area.y,
                 style: theme.statusAlert, clip: area)
      return
    case .picker, .overlay, nil:
      break  // the picker and overlays draw over the screen; the status line stays
    }
    var right: [String] = []
    if !state.list.scanned.finished && state.list.scanned.bytesTotal > 0 {
      right.append("indexing " + Format.percent(Double(state.list.scanned.bytesDone) / Double(max(1, state.list.scanned.bytesTotal))))
    }
    if state.following { right.insert("following", at: 0) }
    if !state.problems.isEmpty { right.append("\(state.problems.count) problem\(state.problems.count == 1 ? "" : "s") (p)") }
    right.append("? help")
    let rightText = right.joined(separator: " · ") + " "
    let left: String
    if let message = state.message {
      left = " " + message
    } else {
      var parts: [String] = []
      if state.list.entries.isEmpty {
        parts.append("no transcripts yet")
      } else {
        parts.append("\(state.list.selected + 1)/\(state.list.entries.count)")
      }
      if state.list.fileCount > 1 { parts.append("\(state.list.fileCount) files") }
      parts.append("heat: \(state.reader.heat.rawValue)")
      if let (_, tokens) = state.tagging.anchor == nil ? nil : selectedRange(state) {
        parts = ["selection: \(tokens.count) token\(tokens.count == 1 ? "" : "s") · 1-9 label · t picker · X export · Esc cancel"]
      }
      left = " " + parts.joined(separator: " · ")
    }
    let rightWidth = DisplayWidth.of(rightText)
    let leftWidth = max(0, area.width - rightWidth - 1)
    buffer.put(DisplayWidth.truncate(left, to: leftWidth), x: area.x, y: area.y, style: state.message != nil ? theme.statusAlert : theme.statusBar, clip: area)
    if area.width > rightWidth + 10 {
      let style = state.problems.isEmpty ? theme.statusBar : theme.statusAlert
      buffer.put(rightText, x: area.maxX - rightWidth, y: area.y, style: style, clip: area)
    }
  }
}
