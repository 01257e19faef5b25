import ConfabModel

/// Where `confab branch --at` branches: one position, every near-miss correction (at its
/// strongest correction alternative), or every event of a kind.
public enum BranchTarget: Sendable, Equatable {
  case position(Int)
  case nearMiss
  case events(EventKind)

  /// `N`, `near-miss`, or `events:KIND` (a kind as scan names it, e.g. events:high-entropy).
  public init?(_ text: String) {
    if let number = Int(text) {
      self = .position(number)
    } else if text == "near-miss" {
      self = .nearMiss
    } else if text.hasPrefix("events:"), let kind = EventKind(rawValue: String(text.dropFirst("events:".count))) {
      self = .events(kind)
    } else {
      return nil
    }
  }

  /// The branches to make in `transcripts`. At an event the alternative is the chosen token
  /// when one is given, else the strongest correction listed there, else the likeliest
  /// alternative that was not sampled.
  public func plans(
    _ transcripts: [Transcript], analyzer: Analyzer, token: String?, tokenID: Int?
  ) throws(BranchError) -> [BranchPlan] {
    if case .position(let position) = self {
      return try transcripts.map { transcript throws(BranchError) in try BranchPlan(parent: transcript, position: position, token: token, tokenID: tokenID) }
    }
    var plans: [BranchPlan] = []
    for transcript in transcripts {
      guard let message = transcript.sampledMessageIndex, let tokens = transcript.messages[message].tokens else { continue }
      let kind: EventKind = if case .events(let kind) = self { kind } else { .nearMissCorrection }
      let positions = analyzer.analyze(transcript).events.filter { $0.kind == kind && $0.message == message }
        .compactMap { $0.tokens?.lowerBound }
      for position in Set(positions).sorted() where tokens.indices.contains(position) && !tokens[position].top.isEmpty {
        if token != nil || tokenID != nil {
          // A given token branches only where it is listed.
          if let plan = try? BranchPlan(parent: transcript, position: position, token: token, tokenID: tokenID) { plans.append(plan) }
          continue
        }
        let here = tokens[position]
        let previous = position > 0 ? tokens[position - 1].bytes : nil
        let inReply = transcript.messages[..<message].contains { $0.role == .assistant }
        let alternative = Pressure.strongestCorrection(here, after: previous, inReply: inReply)
          ?? here.top.indices.filter { $0 != here.chosenIndex }.max { here.top[$0].logprob.probability < here.top[$1].logprob.probability }
        if let alternative { plans.append(try BranchPlan(parent: transcript, position: position, alternative: alternative)) }
      }
    }
    return plans
  }
}
