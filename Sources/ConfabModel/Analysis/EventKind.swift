public enum EventKind: String, Sendable, Equatable, Codable, CaseIterable {
  case hedge, correction, assertion
  case highEntropy = "high-entropy"
  case unlikelyToken = "unlikely-token"
  case nearMissCorrection = "near-miss-correction"
  case unbackedConfidence = "unbacked-confidence"
  case performativeHedge = "performative-hedge"
  case competingAnswer = "competing-answer"

  public var label: String {
    switch self {
    case .hedge: return "hedge"
    case .correction: return "self-correction"
    case .assertion: return "confident assertion"
    case .highEntropy: return "high entropy"
    case .unlikelyToken: return "unlikely sampled token"
    case .nearMissCorrection: return "near-miss correction"
    case .unbackedConfidence: return "unbacked confidence"
    case .performativeHedge: return "performative hedge"
    case .competingAnswer: return "competing answer"
    }
  }

  /// The name in scan's and events' JSON (snake_case).
  public var jsonName: String { String(rawValue.map { $0 == "-" ? "_" : $0 }) }

  public init?(jsonName: String) {
    self.init(rawValue: String(jsonName.map { $0 == "_" ? "-" : $0 }))
  }
}

/// A place worth jumping to: a token range in one message, and what it is.
public struct AnalysisEvent: Sendable, Equatable {
  public var kind: EventKind
  public var message: Int
  /// Token range within the message (nil for text-only messages).
  public var tokens: Range<Int>?
  public var detail: String
  /// How much the event is worth a look, 0–1 (a cue's strength, a near-miss's mass, how
  /// close a rival answer came).
  public var score: Double
  /// Which rule fired, e.g. `changed answer: 21 → 19` or `rival ≥ 0.10 listed`.
  public var rule: String

  public init(kind: EventKind, message: Int, tokens: Range<Int>?, detail: String, score: Double, rule: String) {
    self.kind = kind
    self.message = message
    self.tokens = tokens
    self.detail = detail
    self.score = score
    self.rule = rule
  }
}

/// Which events e/E visit and `confab events` lists: kinds and a score floor.
public struct EventFilter: Sendable, Equatable {
  public var kinds: Set<EventKind>
  public var minimumScore: Double

  public init(kinds: Set<EventKind>, minimumScore: Double) {
    self.kinds = kinds
    self.minimumScore = minimumScore
  }

  /// The events worth a look: what the text did or nearly did, not raw statistics. Hedges
  /// and assertions are highlighted in the text; they are not stops of their own.
  public static let defaultKinds: [EventKind] = [
    .correction, .nearMissCorrection, .competingAnswer, .unbackedConfidence, .performativeHedge,
  ]
  public static let standard = EventFilter(kinds: Set(defaultKinds), minimumScore: 0.2)
  public static let everything = EventFilter(kinds: Set(EventKind.allCases), minimumScore: 0)

  public func admits(_ event: AnalysisEvent) -> Bool {
    kinds.contains(event.kind) && event.score >= minimumScore
  }
}
