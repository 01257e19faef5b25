/// The rules that turn one assistant message's markers and distributions into events, each
/// with a score (how much it is worth a look) and the rule that fired.
struct EventRules {
  let message: Int
  let tokens: [Token]
  let stats: [TokenStats]
  let correction: [Double]
  /// The message follows an earlier assistant turn.
  let inReply: Bool
  let thresholds: EventThresholds
  /// Whether events say what they saw (`detail`, `rule`); a summary only counts them, and
  /// wording every near-miss and rival was a tenth of a full scan's analysis.
  let describes: Bool
  private(set) var events: [AnalysisEvent] = []

  init(
    message: Int, tokens: [Token], stats: [TokenStats], correction: [Double], inReply: Bool, thresholds: EventThresholds,
    describes: Bool = true
  ) {
    self.describes = describes
    self.message = message
    self.tokens = tokens
    self.stats = stats
    self.correction = correction
    self.inReply = inReply
    self.thresholds = thresholds
  }

  /// An event of this message, worded only when the rules describe.
  private func event(
    _ kind: EventKind, _ range: Range<Int>?, _ detail: @autoclosure () -> String, score: Double, rule: @autoclosure () -> String
  ) -> AnalysisEvent {
    AnalysisEvent(
      kind: kind, message: message, tokens: range, detail: describes ? detail() : "", score: min(1, max(0, score)),
      rule: describes ? rule() : "")
  }

  /// Hedges, corrections and assertions, and what the distribution around them says.
  mutating func markerEvents(_ markers: [Marker], _ ranges: [Range<Int>]) {
    for (marker, range) in zip(markers, ranges) {
      let kind: EventKind = marker.kind == .hedge ? .hedge : marker.kind == .correction ? .correction : .assertion
      events.append(event(kind, tokens.isEmpty ? nil : range, "\"\(marker.text)\" (\(marker.rule))", score: marker.strength, rule: marker.rule))
      guard !tokens.isEmpty, !range.isEmpty else { continue }
      let after = range.upperBound..<min(tokens.count, range.upperBound + thresholds.markerWindow)
      if marker.kind == .assertion { unbacked(marker, range, after) }
      if marker.kind == .hedge { performative(marker, range, after) }
    }
  }

  /// "The answer is definitely Sydney" where " Sydney" was sampled at 0.4: the cue vouches
  /// for a claim the model was not sure of.
  private mutating func unbacked(_ marker: Marker, _ range: Range<Int>, _ after: Range<Int>) {
    let claim = after.filter { WordShape.isContentToken(tokens[$0].bytes) && stats[$0].surprisal != nil }
    guard let weakest = claim.min(by: { stats[$0].probability < stats[$1].probability }),
      stats[weakest].probability < thresholds.unbackedProbability
    else { return }
    let p = stats[weakest].probability
    events.append(event(.unbackedConfidence, range.lowerBound..<weakest + 1,
        "\"\(marker.text)\" vouches for \(TokenText.quoted(tokens[weakest].bytes)) sampled at p \(NumberText.probability(p))",
        score: 1 - p, rule: "assertion, then a claim token at p < \(NumberText.fixed(thresholds.unbackedProbability, 2))"))
  }

  /// A hedge before text the model was sure of: the doubt is in the wording only.
  private mutating func performative(_ marker: Marker, _ range: Range<Int>, _ after: Range<Int>) {
    let following = after.compactMap { stats[$0].entropyLowerBound }
    guard !following.isEmpty else { return }
    let mean = following.reduce(0, +) / Double(following.count)
    guard mean < thresholds.performativeEntropy else { return }
    events.append(event(.performativeHedge, range.lowerBound..<after.upperBound,
        "\"\(marker.text)\" before text the model was sure of (mean H≥ \(NumberText.fixed(mean, 2)) nats)",
        score: (1 - mean / thresholds.performativeEntropy) * marker.strength,
        rule: "hedge, then mean H≥ < \(NumberText.fixed(thresholds.performativeEntropy, 2)) over \(after.count) tokens"))
  }

  /// Near-miss corrections, competing answers, and the opt-in statistics. Every position is
  /// asked for the first two: a high-entropy run is one event, but the positions inside it
  /// are still positions (a small model's whole reply can be one run).
  mutating func positionEvents(correctionStarts: [Int]) {
    for position in tokens.indices {
      nearMiss(at: position, correctionStarts: correctionStarts)
      competing(at: position)
    }
    var position = 0
    while position < tokens.count { position = statistics(at: position) }
  }

  private mutating func nearMiss(at position: Int, correctionStarts: [Int]) {
    let mass = correction[position]
    guard mass >= thresholds.nearMissPressure else { return }
    let window = position...(position + thresholds.nearMissWindow)
    guard !correctionStarts.contains(where: { window.contains($0) }) else { return }
    events.append(event(.nearMissCorrection, position..<position + 1, nearMissDetail(at: position, mass: mass), score: mass,
                        rule: nearMissRule(at: position)))
  }

  /// The likeliest listed opener of a correction, and the mass.
  private func nearMissDetail(at position: Int, mass: Double) -> String {
    let previous = position > 0 ? tokens[position - 1].bytes : nil
    let strongest = Pressure.strongestCorrection(tokens[position], after: previous, inReply: inReply).map { tokens[position].top[$0] }
    let named = strongest.map { "\(TokenText.quoted($0.bytes)) \(NumberText.probability($0.logprob.probability)) listed" } ?? "mass"
    return "\(named) (correction mass ≥\(NumberText.fixed(mass, 2))) and no correction follows"
  }

  private func nearMissRule(at position: Int) -> String {
    let place = Pressure.place(after: position > 0 ? tokens[position - 1].bytes : nil, inReply: inReply)
    return place == .afterClaim ? "a claim-turning word right after a claim" : "a correction opener at a clause start"
  }

  /// The text commits to one answer (a name or a number it sampled at p ≥ the threshold)
  /// while a listed rival of the same kind, not a spelling, case or spacing variant, also
  /// held that much: " Sydney" 0.735 over " Canberra" 0.197. A clause's first word is left
  /// out: its capital says nothing, and a number there is mostly a list item ("2. ...").
  private mutating func competing(at position: Int) {
    let p = stats[position].probability
    guard stats[position].surprisal != nil, p >= thresholds.competingAnswer, !tokens[position].special else { return }
    let token = tokens[position]
    // Only an alternative likely enough is made (making one retains its spelling), and the
    // token's own words are read only when another spelling is that likely.
    let floor = thresholds.competingAnswer
    let top = token.top
    guard top.indices.contains(where: { top.logprob(at: $0).probability >= floor && !top.isSpelled(token.bytes, at: $0) }) else { return }
    let previous = position > 0 ? tokens[position - 1].bytes : nil
    guard let answer = WordShape.answerClass(token.bytes, after: previous), !Pressure.clauseCanStart(after: previous) else { return }
    let chosen = WordShape.core(token.bytes)
    var best: Alternative?
    for index in top.indices where top.logprob(at: index).probability >= floor {
      let alternative = top[index]
      guard alternative.bytes != token.bytes, WordShape.answerClass(alternative.bytes, after: previous) == answer,
        !Self.isVariant(chosen, WordShape.core(alternative.bytes))
      else { continue }
      if best.map({ alternative.logprob.probability > $0.logprob.probability }) ?? true { best = alternative }
    }
    guard let best else { return }
    let rival = best.logprob.probability
    events.append(event(.competingAnswer, position..<position + 1,
        "\(TokenText.quoted(token.bytes)) \(NumberText.probability(p)) over \(TokenText.quoted(best.bytes)) \(NumberText.probability(rival))",
        score: min(1, 2 * rival / (rival + max(p, rival))),
        rule: "a rival \(answer == .name ? "name" : "number") ≥ \(NumberText.fixed(thresholds.competingAnswer, 2)) listed beside the sampled one"))
  }

  /// One answer written two ways: the same letters and digits, or a word and its prefix
  /// (a tokenizer's piece of it). Numbers differ when their digits do.
  static func isVariant(_ a: [UInt8], _ b: [UInt8]) -> Bool {
    if a == b { return true }
    let isNumber = { (word: [UInt8]) in word.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }
    if isNumber(a) || isNumber(b) { return false }
    let (short, long) = a.count <= b.count ? (a, b) : (b, a)
    return short.count >= 2 && long.starts(with: short)
  }

  /// High-entropy runs and unlikely tokens; returns the next position to look at.
  private mutating func statistics(at position: Int) -> Int {
    let stat = stats[position]
    guard let bound = stat.entropyLowerBound, bound >= thresholds.highEntropy else {
      unlikely(position)
      return position + 1
    }
    // A run of high-entropy tokens is one event.
    var end = position + 1
    while end < tokens.count, let next = stats[end].entropyLowerBound, next >= thresholds.highEntropy { end += 1 }
    events.append(event(.highEntropy, position..<end, "H≥ \(NumberText.fixed(bound, 2)) nats\(end - position > 1 ? " over \(end - position) tokens" : "")",
        score: min(1, bound / (2 * thresholds.highEntropy)), rule: "H≥ ≥ \(NumberText.fixed(thresholds.highEntropy, 2)) nats"))
    for inner in position..<end { unlikely(inner) }
    return end
  }

  private mutating func unlikely(_ position: Int) {
    let stat = stats[position]
    guard stat.surprisal != nil, stat.probability < thresholds.unlikely else { return }
    events.append(event(.unlikelyToken, position..<position + 1, "p \(NumberText.probability(stat.probability))",
        score: 1 - stat.probability / thresholds.unlikely, rule: "p < \(NumberText.probability(thresholds.unlikely))"))
  }
}
