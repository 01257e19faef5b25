/// One text scored twice (a transcript's reply and its rescoring, perhaps under another
/// tokenizer), compared span by span: a span ends wherever both tokenizations have a token
/// boundary at the same byte, so each span is scored whole by both sides. Under the same
/// tokenizer every span is one token. A side's figure for a span is the sum of its tokens'
/// logprobs (the log probability of the span's bytes), so spans compare across tokenizers.
public struct RescoreComparison: Sendable, Equatable {
  public struct Span: Sendable, Equatable {
    /// Byte range in the reply's text.
    public var bytes: Range<Int>
    /// Token ranges on each side.
    public var parentTokens: Range<Int>
    public var rescoredTokens: Range<Int>
    public var text: String
    /// Summed logprobs; nil when a token of the span has none on that side.
    public var parentLogprob: Double?
    public var rescoredLogprob: Double?

    /// Rescored minus parent: positive where the rescoring is surer of these bytes.
    public var delta: Double? {
      guard let parentLogprob, let rescoredLogprob else { return nil }
      return rescoredLogprob - parentLogprob
    }
  }

  public var spans: [Span]
  /// Both sides cut the text at the same places (the same tokenizer).
  public var sameTokens: Bool

  /// Nil when the two replies are not the same bytes (nothing to compare).
  public init?(parent: [Token], rescored: [Token]) {
    let parentEnds = Self.ends(parent)
    let rescoredEnds = Self.ends(rescored)
    guard parent.flatMap(\.bytes) == rescored.flatMap(\.bytes) else { return nil }
    var spans: [Span] = []
    var (i, j, start, parentStart, rescoredStart) = (0, 0, 0, 0, 0)
    let bytes = parent.flatMap(\.bytes)
    while i < parent.count || j < rescored.count {
      // Advance the side whose boundary is behind until both meet.
      let a = i < parentEnds.count ? parentEnds[i] : Int.max
      let b = j < rescoredEnds.count ? rescoredEnds[j] : Int.max
      if a < b { i += 1; continue }
      if b < a { j += 1; continue }
      i += 1
      j += 1
      spans.append(Span(
        bytes: start..<a, parentTokens: parentStart..<i, rescoredTokens: rescoredStart..<j,
        text: String(decoding: bytes[start..<a], as: UTF8.self),
        parentLogprob: Self.sum(parent[parentStart..<i]), rescoredLogprob: Self.sum(rescored[rescoredStart..<j])))
      (start, parentStart, rescoredStart) = (a, i, j)
    }
    // Empty tokens at the end (an end of text) belong to the last span; earlier ones to the
    // span after them.
    if !spans.isEmpty {
      spans[spans.count - 1].parentTokens = spans[spans.count - 1].parentTokens.lowerBound..<parent.count
      spans[spans.count - 1].rescoredTokens = spans[spans.count - 1].rescoredTokens.lowerBound..<rescored.count
    }
    self.spans = spans
    sameTokens = parentEnds == rescoredEnds
  }

  /// Mean Δlogprob per parent token, over the spans both sides score.
  public var meanDelta: Double? {
    let scored = spans.filter { $0.delta != nil }
    let tokens = scored.reduce(0) { $0 + $1.parentTokens.count }
    guard tokens > 0 else { return nil }
    return scored.reduce(0) { $0 + ($1.delta ?? 0) } / Double(tokens)
  }

  /// The spans where the two disagree most (largest |Δ| first).
  public func largest(_ count: Int) -> [Span] {
    Array(spans.filter { $0.delta != nil }.sorted { abs($0.delta!) > abs($1.delta!) }.prefix(count))
  }

  /// Per parent token, the Δ of the span it is in (nil where a side has no figure).
  public var parentTokenDeltas: [Double?] {
    var result: [Double?] = []
    for span in spans { result += Array(repeating: span.delta, count: span.parentTokens.count) }
    return result
  }

  /// Per rescored token, the Δ of the span it is in.
  public var rescoredTokenDeltas: [Double?] {
    var result: [Double?] = []
    for span in spans { result += Array(repeating: span.delta, count: span.rescoredTokens.count) }
    return result
  }

  /// Byte offset after each token; an empty token (an end of text) shares its boundary.
  private static func ends(_ tokens: [Token]) -> [Int] {
    var offset = 0
    return tokens.map { token in
      offset += token.bytes.count
      return offset
    }
  }

  private static func sum(_ tokens: ArraySlice<Token>) -> Double? {
    var total = 0.0
    for token in tokens {
      guard let value = token.logprob.value else { return nil }
      total += value
    }
    return total
  }
}
