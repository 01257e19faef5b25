/// Probability mass, among a position's recorded alternatives, on tokens that would start a
/// retraction here (" Wait", " Actually", " not", ...) or a hedge (" probably", " might").
/// Only the top-k is visible, so these are lower bounds.
public enum Pressure {
  /// Where a position stands for a correction: at a clause start, right after a claim, or
  /// where none could begin (after "the", "of", "do" ...).
  public enum Place: Sendable, Equatable {
    case clauseStart, afterClaim, inside
  }

  /// Whether a clause can start after the previous token's bytes (a sentence end, newline,
  /// colon, comma...). Positions are read by the previous token's bytes, not a copy of it: a
  /// token copy (its arrays retained) per position was 3.5% of a scan.
  public static func clauseCanStart(after previous: [UInt8]?) -> Bool {
    guard let previous else { return true }
    var last: UInt8 = 0x0A
    for byte in previous.reversed() where byte != 0x20 {
      last = byte
      break
    }
    return [0x2E, 0x21, 0x3F, 0x0A, 0x3A, 0x3B, 0x2C, 0x29, 0x22].contains(last)
  }

  /// `inReply`: the message follows an earlier assistant turn. Only there does "is [not]"
  /// turn a claim around: in a first answer the claim is still being formed ("√2 is [not]
  /// rational" is the answer, not a retraction of one). Likewise a reply's first token
  /// corrects something only after an earlier turn: "No" answering a yes/no question is the
  /// answer.
  public static func place(after previous: [UInt8]?, inReply: Bool) -> Place {
    guard let previous else { return inReply ? .clauseStart : .inside }
    if clauseCanStart(after: previous) { return .clauseStart }
    guard let word = WordShape.lastWord(previous) else { return .inside }
    if WordShape.copulas.contains(WordShape.hash(word)) { return inReply ? .afterClaim : .inside }
    return WordShape.isContent(word) ? .afterClaim : .inside
  }

  /// The cue of a word that would begin a correction here (empty: none could).
  static func correctionCue(at place: Place) -> StarterCues {
    switch place {
    case .clauseStart: .clauseStarter
    case .afterClaim: .claimTurner
    case .inside: []
    }
  }

  /// The likeliest listed alternative that would start a correction here (its index in
  /// `top`), nil when none would: where a near-miss branch goes.
  public static func strongestCorrection(_ token: Token, after previous: [UInt8]?, inReply: Bool) -> Int? {
    let cue = correctionCue(at: place(after: previous, inReply: inReply))
    guard !cue.isEmpty else { return nil }
    return token.top.indices.filter { token.top.starterCues(at: $0).contains(cue) }
      .max { token.top.logprob(at: $0).probability < token.top.logprob(at: $1).probability }
  }

  /// Both pressures in one pass over the alternatives (the analysis of every token of every
  /// transcript asks for both), from the cues each alternative was made with.
  /// The place is read only when an alternative could start a correction: most positions
  /// list none, and reading the previous token's last word costs more than the loop.
  public static func masses(_ token: Token, after previous: [UInt8]?, inReply: Bool) -> (correction: Double, hedge: Double) {
    // Each cue's mass summed in the file's order: the place picks one of the two sums.
    var clauseStarters = 0.0
    var claimTurners = 0.0
    var hedge = 0.0
    let top = token.top
    for index in top.indices {
      let cues = top.starterCues(at: index)
      guard !cues.isEmpty else { continue }
      if cues.contains(.clauseStarter) { clauseStarters += top.logprob(at: index).probability }
      if cues.contains(.claimTurner) { claimTurners += top.logprob(at: index).probability }
      if cues.contains(.hedgeStarter) { hedge += top.logprob(at: index).probability }
    }
    guard clauseStarters > 0 || claimTurners > 0 else { return (0, min(1, hedge)) }
    let correction: Double = switch place(after: previous, inReply: inReply) {
    case .clauseStart: clauseStarters
    case .afterClaim: claimTurners
    case .inside: 0
    }
    return (min(1, correction), min(1, hedge))
  }
}
