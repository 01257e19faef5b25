import ConfabModel


/// The distribution at the cursor: a header rule with the chosen token's figures (p, rank or
/// "> k", entropy lower bound marked ≥, tail mass), then the top-k as bars with the chosen
/// one marked. Figures that depend on the unseen tail are shown as bounds.
struct DistributionWidget {
  let reader: ReaderState
  /// The alternative the branch picker points at (`B`), marked → and kept on screen.
  var branchTarget: Int? = nil
  let theme: Theme

  func render(in area: Rect, _ buffer: inout Buffer) {
    guard !area.isEmpty else { return }
    buffer.put(String(repeating: "─", count: area.width), x: area.x, y: area.y, style: theme.border, clip: area)
    guard let open = reader.open else { return }
    guard let token = open.token(reader.cursor) else {
      buffer.put("─ no per-token logprobs in this transcript: text only ", x: area.x, y: area.y, style: theme.title, clip: area)
      return
    }
    let stats = open.stats[reader.cursor]
    // The surprisal in nats is the first figure to go when the header does not fit.
    var line = header(token, stats, open: open, surprisal: true)
    if DisplayWidth.of(line) + 3 > area.width { line = header(token, stats, open: open, surprisal: false) }
    buffer.put("─ " + line + " ", x: area.x, y: area.y, style: theme.title, clip: area)
    let body = Rect(x: area.x, y: area.y + 1, width: area.width, height: area.height - 1)
    guard !body.isEmpty else { return }
    if token.top.isEmpty {
      buffer.put("  no alternatives recorded at this position", x: body.x, y: body.y, style: theme.dimText, clip: body)
      return
    }
    drawBars(token, stats, in: body, &buffer)
  }

  func header(_ token: Token, _ stats: TokenStats, open: OpenTranscript, surprisal withNats: Bool) -> String {
    // A prompt token was given to the model, not sampled: its figures say how the model scored it.
    let ref = open.layout.tokens.indices.contains(reader.cursor) ? open.layout.tokens[reader.cursor] : nil
    let given = ref.map { open.transcript.messages[$0.message].channel == .prompt } ?? false
    var parts = ["\(given ? "prompt token (given)" : "token") \(reader.cursor + 1)/\(open.stats.count)", TokenText.quoted(token)]
    // llama-server folds tokens that end inside a UTF-8 character into one entry whose
    // alternatives are the last sub-token's: said next to the token, where an 80-column
    // header still shows it, since the bars below would otherwise make no sense.
    if let chosen = token.chosenIndex, token.top[chosen].bytes != token.bytes { parts.append("[merged entry]") }
    parts.append(stats.surprisal == nil ? "p ?" : "p " + Format.probability(stats.probability))
    // The logprob as the file has it, and the surprisal in nats it means.
    if let surprisal = stats.surprisal {
      parts.append("lp " + Format.fixed(-surprisal, 3) + (withNats ? " = " + Format.fixed(surprisal, 2) + " nats" : ""))
    }
    // A rank the file states for the whole vocabulary (vLLM) beats one counted in the list.
    if let vocabRank = stats.vocabRank { parts.append("vocab rank \(vocabRank)") }
    if stats.k == 0 {
      // Nothing listed: no rank, no entropy, no tail to report (a file with k=0 is not "sure").
      parts.append("no alternatives recorded")
    } else {
      if stats.vocabRank == nil { parts.append(stats.rank.map { "rank \($0)/\(stats.k)" } ?? "rank >\(stats.k)") }
      if let h = stats.entropyLowerBound { parts.append("H≥" + Format.fixed(h, 2)) }
      parts.append("tail " + Format.fixed(stats.tailMass, 3))
    }
    // Pressures are lower bounds: only the listed alternatives can be counted.
    parts.append("corr≥" + Format.fixed(open.correctionPressure[reader.cursor], 2))
    parts.append("hedge≥" + Format.fixed(open.hedgePressure[reader.cursor], 2))
    if let kind = open.markerKind[reader.cursor] { parts.append("[\(kind.rawValue)]") }
    return parts.joined(separator: "  ")
  }

  private func drawBars(_ token: Token, _ stats: TokenStats, in area: Rect, _ buffer: inout Buffer) {
    struct Row { var label: String; var p: Double; var chosen: Bool; var target: Bool; var note: String }
    let ranked = token.top.enumerated().sorted {
      ($0.element.logprob.value ?? -.infinity, -$0.offset) > ($1.element.logprob.value ?? -.infinity, -$1.offset)
    }
    let chosenIndex = token.chosenIndex
    var rows = ranked.map { item in
      Row(label: TokenText.quoted(item.element), p: item.element.logprob.probability,
          chosen: item.offset == chosenIndex, target: item.offset == branchTarget,
          note: item.element.logprob.value == nil ? " (impossible/unknown)" : "")
    }
    if chosenIndex == nil {
      rows.append(Row(label: TokenText.quoted(token), p: stats.probability, chosen: true, target: false, note: "  outside top-\(stats.k)"))
    }
    // Keep the chosen row, and the branch picker's, visible when the list is longer than the pane.
    if rows.count > area.height {
      let kept = rows.indices.filter { rows[$0].chosen || rows[$0].target }
      var head = area.height
      while head > 0 && kept.filter({ $0 >= head }).count > area.height - head { head -= 1 }
      rows = Array(rows.prefix(head)) + kept.filter { $0 >= head }.map { rows[$0] }
    }
    let labelWidth = min(max(8, rows.map { DisplayWidth.of($0.label) }.max() ?? 8), max(8, area.width / 3))
    let suffixes = rows.map { " " + Format.probability($0.p) + $0.note }
    let suffixWidth = suffixes.map(DisplayWidth.of).max() ?? 0
    let barWidth = max(0, area.width - labelWidth - 3 - suffixWidth)
    for (row, (item, suffix)) in zip(rows, suffixes).prefix(area.height).enumerated() {
      let y = area.y + row
      let marker = item.chosen ? "▶ " : item.target ? "→ " : "  "
      let label = DisplayWidth.pad(item.label, to: labelWidth)
      var x = buffer.put(marker + label + " ", x: area.x, y: y, style: item.chosen ? theme.barChosen : item.target ? theme.statusAlert : .plain, clip: area)
      x = buffer.put(Bar.text(item.p, width: barWidth), x: x, y: y, style: item.chosen ? theme.barChosen : theme.barFill, clip: area)
      buffer.put(suffix, x: x, y: y, style: item.chosen ? theme.barChosen : .plain, clip: area)
    }
  }
}
