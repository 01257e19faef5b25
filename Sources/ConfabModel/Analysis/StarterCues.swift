/// What a token's first word could begin, for the pressures: a correction where a clause
/// starts (" Wait", " Actually", " No"), one right after a claim (" not", " however"), a hedge
/// (" probably", " might"). Read once from the bytes, when an alternative is made: the
/// pressures ask it of every alternative of every token, and pooled spellings
/// (`Spelling`) carry it, so a spelling repeated thousands of times is read once.
public struct StarterCues: OptionSet, Sendable, Equatable, Hashable {
  public let rawValue: UInt8
  public init(rawValue: UInt8) { self.rawValue = rawValue }

  public static let clauseStarter = StarterCues(rawValue: 1)
  public static let claimTurner = StarterCues(rawValue: 2)
  public static let hedgeStarter = StarterCues(rawValue: 4)

  /// Where a clause can start, any of these would begin a correction.
  static let clauseStarterWords = [
    "wait", "actually", "no", "hmm", "hmmm", "sorry", "oops", "whoops", "correction", "apologies",
    "hold", "hang", "oh", "nope", "scratch", "however", "instead", "incorrect", "wrong", "not",
  ]
  /// Mid-clause, right after a claim ("The capital is [not]", "Toronto[, actually]"): only
  /// words that turn the claim around. "no" is left out ("there is no doubt").
  static let claimTurnerWords = ["not", "actually", "however", "instead", "incorrect", "wait", "sorry", "wrong"]
  static let hedgeStarterWords = [
    "probably", "perhaps", "maybe", "possibly", "likely", "might", "may", "seems", "seem", "appears",
    "presumably", "apparently", "arguably", "unsure", "uncertain", "unclear", "supposedly", "allegedly",
  ]
  private static let clauseStarters = WordShape.hashes(clauseStarterWords)
  private static let claimTurners = WordShape.hashes(claimTurnerWords)
  private static let hedgeStarters = WordShape.hashes(hedgeStarterWords)
  /// The letters any of these words starts with: a token starting with another letter (most:
  /// "the", "to", "be"), a digit or punctuation is not hashed at all.
  private static let letters = WordShape.FirstLetters(clauseStarterWords + claimTurnerWords + hedgeStarterWords)

  /// The words any cue is read from, for a reader that keeps only the alternatives that may
  /// carry one (the chat reader's digest): for each first letter (case-folded, `a` first),
  /// the letters that follow it in some word (bit `letter - a`; bit 26: the word ends there),
  /// and the hashes `WordShape.firstWordHash` gives the words.
  public static let starterWords: (follows: [UInt32], hashes: [UInt64]) = {
    var follows = [UInt32](repeating: 0, count: 26)
    for word in clauseStarterWords + claimTurnerWords + hedgeStarterWords {
      let letters = Array(word.utf8)
      guard let first = letters.first, WordShape.isLetter(first) else { continue }
      let next = letters.count > 1 && WordShape.isLetter(letters[1]) ? UInt32((letters[1] | 0x20) - 0x61) : 26
      follows[Int((first | 0x20) - 0x61)] |= 1 << next
    }
    return (follows, clauseStarters.members + claimTurners.members + hedgeStarters.members)
  }()

  /// The cues of a token's first word (after leading spaces, any case).
  public init(_ bytes: [UInt8]) {
    self = []
    guard let hash = WordShape.firstWordHash(bytes, startingWith: Self.letters) else { return }
    if Self.clauseStarters.contains(hash) { insert(.clauseStarter) }
    if Self.claimTurners.contains(hash) { insert(.claimTurner) }
    if Self.hedgeStarters.contains(hash) { insert(.hedgeStarter) }
  }
}

/// A token's bytes with their starter cues: what a spelling pool hands out.
public struct Spelling: Sendable, Equatable {
  public let bytes: [UInt8]
  public let starterCues: StarterCues

  public init(_ bytes: [UInt8]) {
    self.bytes = bytes
    starterCues = StarterCues(bytes)
  }
}
