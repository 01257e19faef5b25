import ConfabModel


/// The left pane: one row per transcript (title, sample, token count), selection marked.
/// Grouped by prompt, a header row per prompt (samples, answer agreement, ⚠ when the samples
/// read as sure yet disagree) stands above its samples, each shown by its answer.
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
    let end = min(list.rowCount, list.listScroll + area.height)
    for (offset, row) in (list.listScroll..<end).enumerated() {
      let y = area.y + offset
      let selected = row == list.selected
      let (title, right, header) = cells(list.row(row), width: area.width)
      let titleWidth = max(0, area.width - 1 - DisplayWidth.of(right))
      let line = (selected ? "▶" : " ") + DisplayWidth.pad(title, to: titleWidth) + right
      var style = header ? Style(bold: true) : Style.plain
      if selected { style = focused ? theme.selectedRow : Style(bold: true) }
      buffer.fill(Rect(x: area.x, y: y, width: area.width, height: 1), style: style)
      buffer.put(line, x: area.x, y: y, style: style, clip: area)
    }
  }

  /// A row's title, its right-hand figures, and whether it is a prompt's header.
  private func cells(_ row: ListRow, width: Int) -> (String, String, Bool) {
    switch row {
    case .group(let index):
      let group = list.groups[index]
      let figures = group.figures
      // Shown in this order; the samples count goes first, then agreement, then the gap, when
      // the title would be cut under eight columns.
      var pieces = [(figures.confidentlyInconsistent ? "⚠" : "", 3), (list.sort == .gap ? Self.signed(figures.gap) : "", 2),
                    ("\(group.samples)×", 0), (Self.percent(figures.agreement), 1)].filter { !$0.0.isEmpty }
      func right() -> String { pieces.isEmpty ? "" : " " + pieces.map(\.0).joined(separator: " ") }
      while pieces.count > 1, width - 1 - DisplayWidth.of(right()) < 8, let lowest = pieces.indices.min(by: { pieces[$0].1 < pieces[$1].1 }) {
        pieces.remove(at: lowest)
      }
      return (list.entries[group.entries[0]].title, right(), true)
    case .entry(let entry):
      return (list.entries[entry].title, figures(entry, width: width), false)
    case .sample(let entry):
      let answer = list.entries.answer(at: entry).map { "→ " + $0 } ?? "(no answer read)"
      return ("  " + answer, figures(entry, width: width), false)
    }
  }

  /// Counts (or the sorted column), sample number and tokens of one transcript.
  private func figures(_ entry: Int, width: Int) -> String {
    let summary = list.entries[entry]
    let count = summary.figures.tokens > 0 ? Format.compact(summary.figures.tokens) : "-"
    // A branch or rescoring is no sample of its prompt: marked ⑂ or ↺ instead of a number.
    let sample = summary.isDerived ? (summary.rescoreParent != nil ? "↺" : "⑂") : summary.sampleIndex.map { "#\($0)" } ?? ""
    var right = " " + sample + (sample.isEmpty ? "" : " ") + count
    if let kind = list.sort.kind {
      right = " " + Self.badge(kind) + String(summary.counts[kind]) + right
    } else if list.sort == .gap, !list.grouped, let group = list.group(ofEntry: entry), group.samples > 1 {
      right = " " + Self.signed(group.figures.gap) + right
    } else {
      // The counts stay while the title keeps eight columns (80-column screens included).
      let c = summary.counts
      let counts = [("h", c.hedges), ("c", c.corrections), ("a", c.assertions), ("n", c.nearMissCorrections)].filter { $0.1 > 0 }
        .map { "\($0.0)\($0.1)" }.joined()
      if !counts.isEmpty, width - 1 - DisplayWidth.of(" " + counts + right) >= 8 { right = " " + counts + right }
    }
    return right
  }

  static func percent(_ value: Double) -> String { "\(Int((value * 100).rounded()))%" }

  static func signed(_ value: Double) -> String { (value >= 0 ? "+" : "") + NumberText.fixed(value, 2) }

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
