/// Defaults for the events worth jumping to; all can be changed on the command line.
public struct EventThresholds: Sendable, Equatable, Codable {
  /// Entropy lower bound (nats) at or above which a position is "high entropy".
  public var highEntropy = 2.5
  /// Sampled-token probability below which it is "unlikely".
  public var unlikely = 0.02
  /// Correction pressure at or above which a near-miss is considered.
  public var nearMissPressure = 0.10
  /// Tokens after the position in which a real correction would cancel the near-miss.
  public var nearMissWindow = 8
  /// An assertion is unbacked when the entropy bound reaches this near it.
  public var unbackedEntropy = 2.0
  /// A hedge is performative when the mean entropy bound of what follows stays below this.
  public var performativeEntropy = 0.6
  /// Tokens around a marker that the last two rules look at.
  public var markerWindow = 5

  public init() {}
}

public enum EventKind: String, Sendable, Equatable, Codable, CaseIterable {
  case hedge, correction, assertion
  case highEntropy = "high-entropy"
  case unlikelyToken = "unlikely-token"
  case nearMissCorrection = "near-miss-correction"
  case unbackedConfidence = "unbacked-confidence"
  case performativeHedge = "performative-hedge"

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
    }
  }
}

/// A place worth jumping to: a token range in one message, and what it is.
public struct AnalysisEvent: Sendable, Equatable {
  public var kind: EventKind
  public var message: Int
  /// Token range within the message (nil for text-only messages).
  public var tokens: Range<Int>?
  public var detail: String
}

/// Markers mapped to tokens for one message.
public struct MessageMarkers: Sendable, Equatable {
  public var markers: [Marker]
  /// For each marker, the tokens it covers (empty when the message has no tokens).
  public var tokenRanges: [Range<Int>]
}

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

  public init() {}

  /// How decisive the wording is, 0–1: (1 + assertions) / (1 + assertions + hedges). Plain
  /// unhedged text is 1 (an expert's statement needs no "definitely"); each hedge lowers it,
  /// each assertion offsets one. Every cue counts 1: the lexicon has no strengths.
  public var decisiveness: Double {
    let assertions = Double(self.assertions)
    return (1 + assertions) / (1 + assertions + Double(hedges))
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
      }
    }
  }

  mutating func count(_ kind: EventKind) { self[kind] += 1 }

  public mutating func add(_ other: EventCounts) {
    for kind in EventKind.allCases { self[kind] += other[kind] }
  }

  enum CodingKeys: String, CodingKey {
    case hedges, corrections, assertions
    case nearMissCorrections = "near_miss_corrections"
    case unbackedConfidence = "unbacked_confidence"
    case performativeHedges = "performative_hedges"
    case highEntropy = "high_entropy"
    case unlikelyTokens = "unlikely_tokens"
  }
}

/// Markers, per-token pressures and events for a whole transcript, computed once.
public struct TranscriptAnalysis: Sendable, Equatable {
  public var messages: [MessageMarkers]
  /// Per message, per token (empty for text-only messages): computed here once, used by the
  /// events, the figures and the explorer.
  public var stats: [[TokenStats]]
  /// Per message, per token (empty for text-only messages).
  public var correctionPressure: [[Double]]
  public var hedgePressure: [[Double]]
  public var events: [AnalysisEvent]
  public var counts: EventCounts

  public init(
    transcript: Transcript, detector: MarkerDetector = MarkerDetector(), thresholds: EventThresholds = EventThresholds()
  ) {
    messages = []
    stats = []
    correctionPressure = []
    hedgePressure = []
    events = []
    counts = EventCounts()
    for (index, message) in transcript.messages.enumerated() {
      // Prompts are not the model's words: markers and events cover assistant turns only.
      // A reply after an earlier assistant turn is read against that turn's claims.
      let earlierTurn = transcript.messages[..<index].last { $0.role == .assistant }
      let markers = message.role == .assistant ? detector.markers(in: message.text, replyingTo: earlierTurn?.text) : []
      let tokens = message.tokens ?? []
      let ranges = Self.tokenRanges(markers, tokens)
      messages.append(MessageMarkers(markers: markers, tokenRanges: ranges))
      let messageStats = tokenStats(tokens)
      stats.append(messageStats)
      var correction: [Double] = []
      var hedge: [Double] = []
      correction.reserveCapacity(tokens.count)
      // A reply's first token corrects something only when an earlier assistant turn exists
      // (an "are you sure?" follow-up): "No" first in answer to a yes/no question is the answer.
      let hasEarlierTurn = earlierTurn != nil
      for (position, token) in tokens.enumerated() {
        let nothingSaidYet = position == 0 && !hasEarlierTurn
        correction.append(nothingSaidYet ? 0 : Pressure.correction(token, after: position > 0 ? tokens[position - 1] : nil))
        hedge.append(Pressure.hedge(token))
      }
      correctionPressure.append(correction)
      hedgePressure.append(hedge)
      guard message.role == .assistant else { continue }
      addEvents(message: index, markers: markers, ranges: ranges, tokens: tokens, stats: messageStats, correction: correction, thresholds)
    }
    events.sort { ($0.message, $0.tokens?.lowerBound ?? 0) < ($1.message, $1.tokens?.lowerBound ?? 0) }
    for event in events { counts.count(event.kind) }
  }

  private mutating func addEvents(
    message: Int, markers: [Marker], ranges: [Range<Int>], tokens: [Token], stats: [TokenStats], correction: [Double],
    _ thresholds: EventThresholds
  ) {
    for (marker, range) in zip(markers, ranges) {
      let kind: EventKind = marker.kind == .hedge ? .hedge : marker.kind == .correction ? .correction : .assertion
      events.append(AnalysisEvent(kind: kind, message: message, tokens: tokens.isEmpty ? nil : range,
                                  detail: "\"\(marker.text)\" (\(marker.rule))"))
      guard !tokens.isEmpty, !range.isEmpty else { continue }
      let window = range.lowerBound..<min(tokens.count, range.upperBound + thresholds.markerWindow)
      let bounds = window.compactMap { stats[$0].entropyLowerBound }
      if marker.kind == .assertion, let peak = bounds.max(), peak >= thresholds.unbackedEntropy {
        events.append(AnalysisEvent(kind: .unbackedConfidence, message: message, tokens: window,
          detail: "\"\(marker.text)\" while H≥ reached \(Self.fixed(peak)) nats nearby"))
      }
      if marker.kind == .hedge {
        let after = range.upperBound..<min(tokens.count, range.upperBound + thresholds.markerWindow)
        let following = after.compactMap { stats[$0].entropyLowerBound }
        if !following.isEmpty {
          let mean = following.reduce(0, +) / Double(following.count)
          if mean < thresholds.performativeEntropy {
            events.append(AnalysisEvent(kind: .performativeHedge, message: message, tokens: range.lowerBound..<after.upperBound,
              detail: "\"\(marker.text)\" before text the model was sure of (mean H≥ \(Self.fixed(mean)))"))
          }
        }
      }
    }
    let correctionStarts = zip(markers, ranges).filter { $0.0.kind == .correction }.map(\.1.lowerBound)
    var position = 0
    while position < tokens.count {
      let stat = stats[position]
      if correction[position] >= thresholds.nearMissPressure {
        let window = position...(position + thresholds.nearMissWindow)
        if !correctionStarts.contains(where: { window.contains($0) }) {
          events.append(AnalysisEvent(kind: .nearMissCorrection, message: message, tokens: position..<position + 1,
            detail: "correction pressure ≥\(Self.fixed(correction[position])) and no correction follows"))
        }
      }
      if let bound = stat.entropyLowerBound, bound >= thresholds.highEntropy {
        // A run of high-entropy tokens is one event.
        var end = position + 1
        while end < tokens.count, let next = stats[end].entropyLowerBound, next >= thresholds.highEntropy { end += 1 }
        events.append(AnalysisEvent(kind: .highEntropy, message: message, tokens: position..<end,
          detail: "H≥ \(Self.fixed(bound)) nats\(end - position > 1 ? " over \(end - position) tokens" : "")"))
        for inner in (position + 1)..<max(position + 1, end) where stats[inner].probability < thresholds.unlikely && stats[inner].surprisal != nil {
          events.append(AnalysisEvent(kind: .unlikelyToken, message: message, tokens: inner..<inner + 1,
            detail: "p \(NumberText.probability(stats[inner].probability))"))
        }
        if stat.surprisal != nil && stat.probability < thresholds.unlikely {
          events.append(AnalysisEvent(kind: .unlikelyToken, message: message, tokens: position..<position + 1,
            detail: "p \(NumberText.probability(stat.probability))"))
        }
        position = end
        continue
      }
      if stat.surprisal != nil && stat.probability < thresholds.unlikely {
        events.append(AnalysisEvent(kind: .unlikelyToken, message: message, tokens: position..<position + 1,
          detail: "p \(NumberText.probability(stat.probability))"))
      }
      position += 1
    }
  }

  /// Token range covering each marker's scalar span. Scalar positions come from counting
  /// UTF-8 lead bytes, which is exact for valid text (the token bytes are the text).
  static func tokenRanges(_ markers: [Marker], _ tokens: [Token]) -> [Range<Int>] {
    guard !tokens.isEmpty else { return markers.map { _ in 0..<0 } }
    let starts = TokenText.scalarStarts(tokens)
    return markers.map { marker in
      // Last token starting at or before the marker start; first token starting at or after its end.
      var low = 0
      while low + 1 < tokens.count && starts[low + 1] <= marker.start { low += 1 }
      var high = low
      while high < tokens.count && starts[high] < marker.end { high += 1 }
      return low..<max(low + 1, high)
    }
  }

  static func fixed(_ value: Double, _ digits: Int = 2) -> String { NumberText.fixed(value, digits) }
}
