import ConfabModel


/// The bottom line: the top mode's prompt when one is open, else position, heat mode, scan
/// progress, problems and the help hint; a transient message replaces the left part.
struct StatusWidget {
  let mode: Mode?
  let list: ListState
  let heat: HeatMode
  /// Tokens in the selection while one is being made.
  let selectionCount: Int?
  let problemCount: Int
  let message: String?
  let following: Bool
  /// The branch in flight, if any.
  let liveJob: String?
  let theme: Theme

  func render(in area: Rect, _ buffer: inout Buffer) {
    guard !area.isEmpty else { return }
    buffer.fill(area, style: theme.statusBar)
    // A mode's prompt drops its last fields, with "…", where the line is too narrow for it.
    func prompt(_ text: String, _ style: Style) {
      buffer.put(DisplayWidth.truncateAtFields(text, to: area.width), x: area.x, y: area.y, style: style, clip: area)
    }
    switch mode {
    case .search(let editor):
      buffer.put("/" + editor.rendered, x: area.x, y: area.y, style: theme.statusBar, clip: area)
      return
    case .exportScope:
      prompt(" export: (s)election  (t)his transcript's tags  (a)ll tags  · Esc cancels", theme.statusAlert)
      return
    case .exportPath(let scope, let editor):
      buffer.put(" export \(scope.rawValue) to: \(editor.rendered)  (Enter writes, ^U clears, Esc cancels)", x: area.x, y: area.y,
                 style: theme.statusAlert, clip: area)
      return
    case .compare:
      prompt(" compare · j/k rows · f/F next/previous fork · Enter open the sample · Esc back", theme.statusBar)
      return
    case .eventFilter:
      // The box itself says +/-, a and d.
      prompt(" events · j/k kinds · Space on/off · Enter apply · Esc cancel", theme.statusBar)
      return
    case .branchPicker(let picker):
      prompt(" branch ×\(picker.samples) · j/k alternative (→) · +/- samples · Enter asks the server · Esc", theme.statusAlert)
      return
    case .rescoreFrame:
      prompt(" rescore this reply in the (c)hat, (d)ocument or (u)ser frame · Esc cancels", theme.statusAlert)
      return
    case .picker, .overlay, nil:
      break  // the picker and overlays draw over the screen; the status line stays
    }
    var right: [String] = []
    if !list.scanned.finished && list.scanned.bytesTotal > 0 {
      right.append("indexing " + Format.percent(Double(list.scanned.bytesDone) / Double(max(1, list.scanned.bytesTotal))))
    }
    if following { right.insert("following", at: 0) }
    if liveJob != nil { right.insert("live model at work (Esc stops)", at: 0) }
    if problemCount > 0 { right.append("\(problemCount) problem\(problemCount == 1 ? "" : "s") (p)") }
    right.append("? help")
    let rightText = TextJoin.join(right, separator: " · ") + " "
    let left: String
    if let message = message {
      left = " " + message
    } else if let liveJob {
      left = " " + liveJob
    } else {
      var parts: [String] = []
      if list.entries.isEmpty {
        // Once the scan is done there is nothing more to wait for: say why instead.
        let found = problemCount > 0 ? "no transcripts found (p: why)" : "no transcripts found"
        parts.append(list.scanned.finished ? found : "no transcripts yet")
      } else {
        parts.append(list.grouped ? "row \(list.selected + 1)/\(list.rowCount) · \(list.groups.count) prompts" : "\(list.selected + 1)/\(list.entries.count)")
      }
      if list.fileCount > 1 { parts.append("\(list.fileCount) files") }
      parts.append("heat: \(heat.rawValue)")
      if let count = selectionCount {
        parts = ["selection: \(count) token\(count == 1 ? "" : "s") · 1-9 label · t picker · X export · Esc cancel"]
      }
      left = " " + TextJoin.join(parts, separator: " · ")
    }
    let rightWidth = DisplayWidth.of(rightText)
    let leftWidth = max(0, area.width - rightWidth - 1)
    buffer.put(DisplayWidth.truncateAtFields(left, to: leftWidth), x: area.x, y: area.y, style: message != nil ? theme.statusAlert : theme.statusBar, clip: area)
    if area.width > rightWidth + 10 {
      let style = problemCount == 0 ? theme.statusBar : theme.statusAlert
      buffer.put(rightText, x: area.maxX - rightWidth, y: area.y, style: style, clip: area)
    }
  }
}
