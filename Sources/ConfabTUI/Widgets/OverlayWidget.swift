import ConfabModel


/// A centred box for help and the problems list, scrollable with j/k.
struct OverlayWidget {
  let overlay: Overlay?
  let scroll: Int
  let problems: ProblemList
  let heat: HeatMode
  let theme: Theme

  func render(in screen: Rect, _ buffer: inout Buffer) {
    guard let overlay, screen.width >= 10, screen.height >= 4 else { return }
    let (title, unwrapped) = overlay == .help ? ("keys", helpLines()) : ("problems", problemLines().map { [Segment($0)] })
    let width = min(screen.width - 2, max(40, (unwrapped.map { DisplayWidth.of($0.text) }.max() ?? 0) + 4))
    // Long lines (a problem's path and message) wrap, indented, instead of being cut at the edge.
    let lines = unwrapped.flatMap { Self.wrap($0, to: width - 3) }
    let height = min(screen.height - 2, lines.count + 2)
    let more = lines.count > height - 2 ? " j/k scroll" : ""
    let inner = ModalFrame.draw(width: width, height: height, in: screen, title: " \(title)\(more) · q/Esc close ", titleInset: 2,
                                theme: theme, &buffer)
    let first = min(scroll, max(0, lines.count - inner.height))
    for (row, line) in lines.dropFirst(first).prefix(inner.height).enumerated() {
      var x = inner.x + 1
      for segment in line {
        buffer.put(segment.text, x: x, y: inner.y + row, style: segment.style, clip: inner)
        x += DisplayWidth.of(segment.text)
      }
    }
  }

  /// A run of text in one style: legend entries are drawn in the style they stand for.
  struct Segment {
    var text: String
    var style = Style.plain
    init(_ text: String, _ style: Style = .plain) {
      self.text = text
      self.style = style
    }
  }

  /// A styled line wraps as its text does; a line wider than the box keeps only its text.
  static func wrap(_ line: [Segment], to columns: Int) -> [[Segment]] {
    let text = line.text
    guard columns > 8, DisplayWidth.of(text) > columns else { return [line] }
    return wrap(text, to: columns).map { [Segment($0)] }
  }

  /// `line` in pieces of at most `columns` cells, broken after a space where one fits (a word
  /// is cut only when it is wider than the box: a long path). Continuations hang under the
  /// description of a "label   description" line (a key's help), else indent by three.
  static func wrap(_ line: String, to columns: Int) -> [String] {
    guard columns > 8, DisplayWidth.of(line) > columns else { return [line] }
    let indent = String(repeating: " ", count: hangingIndent(line, columns: columns))
    var pieces: [String] = []
    var current: [Character] = []
    var used = 0
    for character in line {
      let width = DisplayWidth.of(String(character))
      if used + width > columns {
        // The last space after the indent: the word in progress moves down whole.
        let floor = pieces.isEmpty ? 0 : indent.count
        if let space = current.lastIndex(of: " "), space > floor, current[floor..<space].contains(where: { $0 != " " }) {
          pieces.append(String(current[..<space]))
          current = Array(indent) + current[(space + 1)...]
        } else {
          pieces.append(String(current))
          current = Array(indent)
        }
        used = DisplayWidth.of(String(current))
      }
      current.append(character)
      used += width
    }
    pieces.append(String(current))
    return pieces
  }

  /// Where a line's description starts when it is laid out as a label, two or more spaces,
  /// then the description; 3 otherwise, or when that column would leave the text too little room.
  private static func hangingIndent(_ line: String, columns: Int) -> Int {
    let characters = Array(line)
    guard let labelStart = characters.firstIndex(where: { $0 != " " }) else { return 3 }
    var position = labelStart
    while position + 1 < characters.count {
      if characters[position] == " " && characters[position + 1] == " " {
        guard let description = characters[position...].firstIndex(where: { $0 != " " }) else { return 3 }
        let column = DisplayWidth.of(String(characters[..<description]))
        return column <= columns / 2 ? column : 3
      }
      position += 1
    }
    return 3
  }

  private func helpLines() -> [[Segment]] {
    var lines: [[Segment]] = Keymap.bindings.filter { !$0.label.isEmpty }.map { [Segment(DisplayWidth.pad($0.label, to: 14) + $0.help)] }
    func plain(_ text: String) { lines.append([Segment(text)]) }
    plain("")
    plain("heat (background), now \(heat.rawValue):")
    for mode in HeatMode.allCases where mode != .off {
      lines.append([Segment("  " + DisplayWidth.pad(mode.rawValue, to: 12))] + LegendWidget.heat(mode, theme))
    }
    lines.append([Segment("markers: ")] + LegendWidget.markers(theme))
    if theme.mode == .none {
      plain("  without colour: heat dims the surest bucket, bolds the two least sure,")
      plain("  leaves the middle two plain; hedges underlined, assertions italic,")
      plain("  corrections both")
    } else {
      plain("  (text colour, underlined; NO_COLOR: underline · italic · both); L shows")
      plain("  this legend under the timeline")
    }
    plain("events (e/E): markers, near-miss corrections, unbacked confidence,")
    plain("  performative hedges, high entropy, unlikely sampled tokens")
    plain("list rows: title, h/c/a/n counts of hedges, corrections, assertions and")
    plain("  near-miss corrections (only those not zero), #k the sample, then tokens")
    plain("grouped (P): a prompt's row shows N× samples, answer agreement (largest")
    plain("  answer cluster / samples, default heuristic: docs/prompts.md) and ⚠ when")
    plain("  the wording is decisive (≥0.8) yet agreement ≤0.6; s → gap sorts by")
    plain("  decisiveness − agreement; each sample shows its answer (→ …)")
    plain("figures: p probability · lp logprob = surprisal in nats · rank among")
    plain("  top-k (>k: not listed; none recorded: no rank, tail or entropy)")
    plain("H≥ entropy lower bound (nats) · tail: mass the file omits")
    plain("corr≥/hedge≥: listed mass on tokens starting a correction/hedge")
    plain("[merged entry]: the server folded several tokens (a split UTF-8")
    plain("  character) into one entry; its alternatives are the last token's")
    plain("given: an assistant turn the prompt supplied (dimmed), not sampled")
    plain("⏎eos end of text, ⟨name⟩ another special token: flagged by the file,")
    plain("  empty (llama-server drops <|im_end|>'s text) or <|…|>; not message text")
    return lines
  }

  private func problemLines() -> [String] {
    problems.isEmpty ? ["no problems: every record loaded"] : problems.map(\.description)
  }
}

extension [OverlayWidget.Segment] {
  var text: String { map(\.text).joined() }
}
