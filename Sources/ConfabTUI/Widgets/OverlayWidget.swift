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
    let (title, unwrapped) = overlay == .help ? ("keys", helpLines()) : ("problems", problemLines())
    let width = min(screen.width - 2, max(40, (unwrapped.map(DisplayWidth.of).max() ?? 0) + 4))
    // Long lines (a problem's path and message) wrap, indented, instead of being cut at the edge.
    let lines = unwrapped.flatMap { Self.wrap($0, to: width - 3) }
    let height = min(screen.height - 2, lines.count + 2)
    let box = Rect(x: screen.x + (screen.width - width) / 2, y: screen.y + (screen.height - height) / 2, width: width, height: height)
    buffer.fill(box)
    let inner = box.inset(by: 1)
    buffer.put("┌" + String(repeating: "─", count: box.width - 2) + "┐", x: box.x, y: box.y, style: theme.focusedBorder)
    buffer.put("└" + String(repeating: "─", count: box.width - 2) + "┘", x: box.x, y: box.maxY - 1, style: theme.focusedBorder)
    for y in inner.y..<inner.maxY {
      buffer.put("│", x: box.x, y: y, style: theme.focusedBorder)
      buffer.put("│", x: box.maxX - 1, y: y, style: theme.focusedBorder)
    }
    let more = lines.count > inner.height ? " j/k scroll" : ""
    buffer.put(" \(title)\(more) · q/Esc close ", x: box.x + 2, y: box.y, style: theme.title, clip: box)
    let first = min(scroll, max(0, lines.count - inner.height))
    for (row, line) in lines.dropFirst(first).prefix(inner.height).enumerated() {
      buffer.put(" " + line, x: inner.x, y: inner.y + row, clip: inner)
    }
  }

  /// `line` in pieces of at most `columns` cells, continuations indented by three.
  static func wrap(_ line: String, to columns: Int) -> [String] {
    guard columns > 8, DisplayWidth.of(line) > columns else { return [line] }
    var pieces: [String] = []
    var current = ""
    var used = 0
    for character in line {
      let width = DisplayWidth.of(String(character))
      if used + width > columns {
        pieces.append(current)
        current = "   "
        used = 3
      }
      current.append(character)
      used += width
    }
    pieces.append(current)
    return pieces
  }

  private func helpLines() -> [String] {
    var lines = Keymap.bindings.filter { !$0.label.isEmpty }.map { DisplayWidth.pad($0.label, to: 14) + $0.help }
    lines.append("")
    lines.append("heat (background), now \(heat.rawValue):")
    for mode in HeatMode.allCases where mode != .off {
      lines.append("  " + DisplayWidth.pad(mode.rawValue, to: 12) + Theme.legend(mode))
    }
    lines.append("markers (text colour, underlined): hedge · self-correction · assertion")
    lines.append("events (e/E): markers, near-miss corrections, unbacked confidence,")
    lines.append("  performative hedges, high entropy, unlikely sampled tokens")
    lines.append("list rows: title, h/c/a/n counts of hedges, corrections, assertions and")
    lines.append("  near-miss corrections (only those not zero), #k the sample, then tokens")
    lines.append("grouped (P): a prompt's row shows N× samples, answer agreement (largest")
    lines.append("  answer cluster / samples, default heuristic: docs/prompts.md) and ⚠ when")
    lines.append("  the wording is decisive (≥0.8) yet agreement ≤0.6; s → gap sorts by")
    lines.append("  decisiveness − agreement; each sample shows its answer (→ …)")
    lines.append("figures: p probability · lp logprob = surprisal in nats · rank among")
    lines.append("  top-k (>k: not listed; none recorded: no rank, tail or entropy)")
    lines.append("H≥ entropy lower bound (nats) · tail: mass the file omits")
    lines.append("corr≥/hedge≥: listed mass on tokens starting a correction/hedge")
    lines.append("[merged entry]: the server folded several tokens (a split UTF-8")
    lines.append("  character) into one entry; its alternatives are the last token's")
    return lines
  }

  private func problemLines() -> [String] {
    problems.isEmpty ? ["no problems: every record loaded"] : problems.map(\.description)
  }
}
