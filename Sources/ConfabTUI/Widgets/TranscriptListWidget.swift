import ConfabModel


/// The left pane: one row per transcript (title, sample, token count), selection marked.
struct TranscriptListWidget {
  let list: ListState
  let focused: Bool
  let theme: Theme

  func render(in area: Rect, _ buffer: inout Buffer) {
    guard !area.isEmpty else { return }
    if list.entries.isEmpty {
      let text = list.scanned.finished ? " no transcripts" : " loading…"
      buffer.put(text, x: area.x, y: area.y, style: theme.dimText, clip: area)
      return
    }
    let end = min(list.order.count, list.listScroll + area.height)
    for (offset, row) in (list.listScroll..<end).enumerated() {
      let entry = list.entries[list.order[row]]
      let y = area.y + offset
      let selected = row == list.selected
      let count = entry.figures.tokens > 0 ? Format.compact(entry.figures.tokens) : "-"
      let sample = entry.sampleIndex.map { "#\($0)" } ?? ""
      var right = " " + sample + (sample.isEmpty ? "" : " ") + count
      if let kind = list.sort.kind {
        right = " " + Self.badge(kind) + String(entry.counts[kind]) + right
      } else if area.width >= 30 {
        let c = entry.counts
        right = " " + [("h", c.hedges), ("c", c.corrections), ("a", c.assertions)].filter { $0.1 > 0 }
          .map { "\($0.0)\($0.1)" }.joined() + right
      }
      let titleWidth = max(0, area.width - 1 - DisplayWidth.of(right))
      let line = (selected ? "▶" : " ") + DisplayWidth.pad(entry.title, to: titleWidth) + right
      var style = Style.plain
      if selected { style = focused ? theme.selectedRow : Style(bold: true) }
      buffer.fill(Rect(x: area.x, y: y, width: area.width, height: 1), style: style)
      buffer.put(line, x: area.x, y: y, style: style, clip: area)
    }
  }

  /// One letter for the sort column: h(edges) c(orrections) a(ssertions) n(ear-misses).
  static func badge(_ kind: EventKind) -> String {
    switch kind {
    case .hedge: return "h"
    case .correction: return "c"
    case .assertion: return "a"
    case .nearMissCorrection: return "n"
    default: return "?"
    }
  }
}
