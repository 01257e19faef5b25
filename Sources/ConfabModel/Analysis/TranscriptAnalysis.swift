/// Markers mapped to tokens for one message.
public struct MessageMarkers: Sendable, Equatable {
  public var markers: [Marker]
  /// For each marker, the tokens it covers (empty when the message has no tokens).
  public var tokenRanges: [Range<Int>]
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

  /// `given`: per message, its tokens' statistics made already by a reader that listed each
  /// token only with the alternatives the rules read (the chat reader's digest: those that
  /// may start a correction or hedge, and those at least as likely as the competing-answer
  /// floor), so they cannot be made from these tokens. `describesEvents` false: events
  /// without their `detail` and `rule` (a summary counts them only).
  public init(
    transcript: Transcript, detector: MarkerDetector = MarkerDetector(), thresholds: EventThresholds = EventThresholds(),
    stats given: [[TokenStats]]? = nil, describesEvents: Bool = true
  ) {
    precondition(given.map { $0.count == transcript.messages.count } ?? true, "statistics given for every message, or none")
    messages = []
    stats = []
    correctionPressure = []
    hedgePressure = []
    events = []
    counts = EventCounts()
    // The latest assistant turn before the message at hand: a reply is read against its claims.
    var earlierTurn: Message?
    for (index, message) in transcript.messages.enumerated() {
      defer { if message.role == .assistant { earlierTurn = message } }
      // A document's own earlier answer, when no assistant turn came before (a base model).
      if message.role == .assistant, earlierTurn == nil, index > 0, transcript.messages[index - 1].role == .user,
        let answer = DocumentTurns.earlierAnswer(in: transcript.messages[index - 1].text) {
        earlierTurn = Message(role: .assistant, text: answer)
      }
      // Prompts are not the model's words: markers and events cover assistant turns only.
      let markers = message.role == .assistant ? detector.markers(in: message.text, replyingTo: earlierTurn?.text) : []
      let tokens = message.tokens ?? []
      let ranges = Self.tokenRanges(markers, tokens)
      messages.append(MessageMarkers(markers: markers, tokenRanges: ranges))
      let messageStats = given?[index] ?? tokenStats(tokens)
      stats.append(messageStats)
      var correction: [Double] = []
      var hedge: [Double] = []
      correction.reserveCapacity(tokens.count)
      hedge.reserveCapacity(tokens.count)
      let hasEarlierTurn = earlierTurn != nil
      // Through a buffer pointer: an array's element handed to a function was copied (its
      // arrays retained and released) at every position.
      tokens.withUnsafeBufferPointer { tokens in
        for position in tokens.indices {
          let masses = Pressure.masses(tokens[position], after: position > 0 ? tokens[position - 1].bytes : nil, inReply: hasEarlierTurn)
          correction.append(masses.correction)
          hedge.append(masses.hedge)
        }
      }
      correctionPressure.append(correction)
      hedgePressure.append(hedge)
      guard message.role == .assistant else { continue }
      var rules = EventRules(
        message: index, tokens: tokens, stats: messageStats, correction: correction, inReply: hasEarlierTurn, thresholds: thresholds,
        describes: describesEvents)
      rules.markerEvents(markers, ranges)
      rules.positionEvents(correctionStarts: zip(markers, ranges).filter { $0.0.kind == .correction }.map(\.1.lowerBound))
      events += rules.events
    }
    events.sort { ($0.message, $0.tokens?.lowerBound ?? 0) < ($1.message, $1.tokens?.lowerBound ?? 0) }
    for event in events { counts.count(event) }
  }

  /// Token range covering each marker's scalar span. Scalar positions come from counting
  /// UTF-8 lead bytes, which is exact for valid text (the token bytes are the text).
  static func tokenRanges(_ markers: [Marker], _ tokens: [Token]) -> [Range<Int>] {
    guard !tokens.isEmpty else { return markers.map { _ in 0..<0 } }
    let starts = TokenText.scalarStarts(tokens)
    // The starts only grow: binary searches, not a walk from the first token per marker.
    func firstStart(from low: Int, where isPast: (Int) -> Bool) -> Int {
      var (low, high) = (low, starts.count)
      while low < high {
        let middle = (low + high) / 2
        if isPast(starts[middle]) { high = middle } else { low = middle + 1 }
      }
      return low
    }
    return markers.map { marker in
      // Last token starting at or before the marker start; first token starting at or after its end.
      let low = max(0, firstStart(from: 1) { $0 > marker.start } - 1)
      let high = firstStart(from: low) { $0 >= marker.end }
      return low..<max(low + 1, high)
    }
  }

  static func fixed(_ value: Double, _ digits: Int = 2) -> String { NumberText.fixed(value, digits) }
}
