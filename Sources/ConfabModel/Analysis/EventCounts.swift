/// Per-transcript counts and rates for the list, `confab scan` and papers.
public struct EventCounts: Sendable, Equatable, Codable {
  public var hedges = 0
  public var corrections = 0
  public var assertions = 0
  public var nearMissCorrections = 0
  public var unbackedConfidence = 0
  public var performativeHedges = 0
  public var highEntropy = 0
  public var unlikelyTokens = 0
  public var competingAnswers = 0
  /// Hedges and assertions weighed by their cues' strengths (docs/lexicon.md).
  public var hedgeStrength = 0.0
  public var assertionStrength = 0.0

  public init() {}

  /// How decisive the wording is, 0–1 (`Decisiveness`).
  public var decisiveness: Double {
    Decisiveness.of(hedgeStrength: hedgeStrength, assertionStrength: assertionStrength)
  }

  // A switch, not key paths: key-path reads were a tenth of scan's time on small records.
  public subscript(kind: EventKind) -> Int {
    get {
      switch kind {
      case .hedge: hedges
      case .correction: corrections
      case .assertion: assertions
      case .nearMissCorrection: nearMissCorrections
      case .unbackedConfidence: unbackedConfidence
      case .performativeHedge: performativeHedges
      case .highEntropy: highEntropy
      case .unlikelyToken: unlikelyTokens
      case .competingAnswer: competingAnswers
      }
    }
    set {
      switch kind {
      case .hedge: hedges = newValue
      case .correction: corrections = newValue
      case .assertion: assertions = newValue
      case .nearMissCorrection: nearMissCorrections = newValue
      case .unbackedConfidence: unbackedConfidence = newValue
      case .performativeHedge: performativeHedges = newValue
      case .highEntropy: highEntropy = newValue
      case .unlikelyToken: unlikelyTokens = newValue
      case .competingAnswer: competingAnswers = newValue
      }
    }
  }

  mutating func count(_ event: AnalysisEvent) {
    self[event.kind] += 1
    if event.kind == .hedge { hedgeStrength += event.score }
    if event.kind == .assertion { assertionStrength += event.score }
  }

  public mutating func add(_ other: EventCounts) {
    for kind in EventKind.allCases { self[kind] += other[kind] }
    hedgeStrength += other.hedgeStrength
    assertionStrength += other.assertionStrength
  }

  enum CodingKeys: String, CodingKey {
    case hedges, corrections, assertions
    case nearMissCorrections = "near_miss_corrections"
    case unbackedConfidence = "unbacked_confidence"
    case performativeHedges = "performative_hedges"
    case highEntropy = "high_entropy"
    case unlikelyTokens = "unlikely_tokens"
    case competingAnswers = "competing_answers"
    case hedgeStrength = "hedge_strength"
    case assertionStrength = "assertion_strength"
  }
}

