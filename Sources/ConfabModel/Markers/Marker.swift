/// The three things confab highlights in text.
public enum MarkerKind: String, Sendable, Equatable, Hashable, Codable, CaseIterable {
  case hedge, correction, assertion
}

/// A span of a message's text, in Unicode scalar offsets (so Python slicing agrees).
public struct Marker: Sendable, Equatable, Hashable, Codable {
  public var kind: MarkerKind
  public var start: Int
  public var end: Int
  public var text: String
  /// Which lexicon entry and context rule fired, e.g. `negation: not … sure`.
  public var rule: String
  /// The cue family (docs/lexicon.md), e.g. `admission`, `retraction`, `epistemic-verb`.
  public var family: String
  /// How strongly the cue hedges, boosts or retracts, 0–1.
  public var strength: Double

  public init(kind: MarkerKind, start: Int, end: Int, text: String, rule: String, family: String = "", strength: Double = 1) {
    self.kind = kind
    self.start = start
    self.end = end
    self.text = text
    self.rule = rule
    self.family = family
    self.strength = strength
  }
}
