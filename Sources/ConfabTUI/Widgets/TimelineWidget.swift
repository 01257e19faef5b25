import ConfabModel


/// Two rows: a sparkline of the chosen per-token figure (entropy bound, surprisal, correction
/// or hedge pressure) over the whole transcript, and a ▲ under the cursor's position, so the
/// user sees where the answer was unsure.
struct TimelineWidget {
  let reader: ReaderState
  /// The corpus-wide scale of the entropy bound (the largest any transcript reached).
  let corpusMaxEntropy: Double
  let theme: Theme
  /// Surprisal has no corpus figure: a fixed scale (p 0.00005), taller values are clipped.
  static let surprisalScale = 10.0
  private static let glyphs = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

  func render(in area: Rect, _ buffer: inout Buffer) {
    guard area.height >= 1, area.width >= 8, let open = reader.open else { return }
    let (label, name, unit, values) = metric(open)
    buffer.put(label, x: area.x, y: area.y, style: theme.dimText, clip: area)
    let count = open.stats.count
    let x0 = area.x + DisplayWidth.of(label)
    let columns = min(area.maxX - x0 - 1, count)
    guard columns > 0 else {
      buffer.put("no per-token data", x: x0, y: area.y, style: theme.dimText, clip: area)
      return
    }
    if reader.timeline == .entropy && open.stats.allSatisfy({ $0.k == 0 }) {
      // A flat line would read as certainty: with nothing listed there is no entropy to draw.
      buffer.put("no alternatives recorded in this file: no entropy (T: surprisal)", x: x0, y: area.y, style: theme.dimText, clip: area)
      return
    }
    var peaks = [Double](repeating: 0, count: columns)
    for (index, value) in values.enumerated() {
      let column = index * columns / count
      peaks[column] = max(peaks[column], value)
    }
    let own = max(values.max() ?? 0, 1e-9)
    let top = reader.timelineScale == .transcript ? own : corpusTop(own)
    var line = ""
    for peak in peaks { line += Self.glyphs[max(0, min(7, Int(peak / top * 7.999)))] }
    buffer.put(line, x: x0, y: area.y, style: theme.sparkline, clip: area)
    guard area.height >= 2 else { return }
    let cursorColumn = x0 + reader.cursor * columns / count
    buffer.put("▲", x: cursorColumn, y: area.y + 1, style: theme.barChosen, clip: area)
    let scale = reader.timelineScale == .transcript ? "own" : "corpus " + Format.fixed(top, 2)
    let note = "\(name), max \(Format.fixed(own, 2))\(unit) · scale \(scale) · T/="
    let noteX = cursorColumn < area.x + area.width / 2 ? area.maxX - DisplayWidth.of(note) - 1 : x0
    if noteX > cursorColumn + 1 || noteX + DisplayWidth.of(note) < cursorColumn {
      buffer.put(note, x: noteX, y: area.y + 1, style: theme.dimText, clip: area)
    }
  }

  /// The scale shared by every transcript: the corpus's largest entropy bound, a fixed
  /// surprisal scale, and 1 for the pressures (they are probability masses).
  private func corpusTop(_ own: Double) -> Double {
    switch reader.timeline {
    case .entropy: return max(corpusMaxEntropy, own)
    case .surprisal: return Self.surprisalScale
    case .correction, .hedge: return 1
    }
  }

  /// The row label, its description, unit, and the per-token values of the chosen metric.
  private func metric(_ open: OpenTranscript) -> (String, String, String, [Double]) {
    switch reader.timeline {
    case .entropy: return ("H≥ ", "entropy ≥ per token", " nats", open.stats.map { $0.entropyLowerBound ?? 0 })
    case .surprisal: return ("-lnp ", "surprisal per token", " nats", open.stats.map { $0.surprisal ?? 0 })
    case .correction: return ("corr≥ ", "correction pressure ≥", "", open.correctionPressure)
    case .hedge: return ("hedge≥ ", "hedge pressure ≥", "", open.hedgePressure)
    }
  }
}
