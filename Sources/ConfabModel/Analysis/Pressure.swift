/// Probability mass, among a position's recorded alternatives, on tokens that would start a
/// self-correction (" Wait", " Actually", " No", ...) where a clause can start, or a hedge
/// (" probably", " might", ...). Only the top-k is visible, so these are lower bounds.
public enum Pressure {
  static let correctionStarters = hashes([
    "wait", "actually", "no", "hmm", "hmmm", "sorry", "oops", "whoops", "correction", "apologies",
    "hold", "hang", "oh", "nope", "scratch",
  ])
  static let hedgeStarters = hashes([
    "probably", "perhaps", "maybe", "possibly", "likely", "might", "may", "seems", "seem", "appears",
    "presumably", "apparently", "arguably", "unsure", "uncertain", "unclear", "supposedly", "allegedly",
  ])

  private static func hashes(_ words: [String]) -> Set<UInt64> { Set(words.map { firstWordHash(Array($0.utf8)) }) }

  /// FNV-1a of a token's first word, lowercased (0 when it starts with no letter): compared
  /// with the starter lists without building strings (this runs for every alternative).
  static func firstWordHash(_ bytes: [UInt8]) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    var started = false
    for byte in bytes {
      let isLetter = (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
      if !started {
        if byte == 0x20 || byte == 0x0A || byte == 0x09 { continue }
        guard isLetter else { return 0 }
        started = true
      }
      guard isLetter else { break }
      hash = (hash ^ UInt64(byte | 0x20)) &* 0x0000_0100_0000_01B3
    }
    return started ? hash : 0
  }

  /// Whether a clause can start after `previous` (a sentence end, newline, colon, comma...).
  public static func clauseCanStart(after previous: Token?) -> Bool {
    guard let previous else { return true }
    var last: UInt8 = 0x0A
    for byte in previous.bytes.reversed() where byte != 0x20 {
      last = byte
      break
    }
    return [0x2E, 0x21, 0x3F, 0x0A, 0x3A, 0x3B, 0x2C, 0x29, 0x22].contains(last)
  }

  public static func correction(_ token: Token, after previous: Token?) -> Double {
    guard clauseCanStart(after: previous) else { return 0 }
    return mass(token) { correctionStarters.contains(firstWordHash($0.bytes)) }
  }

  /// The likeliest listed alternative that would start a correction here (its index in
  /// `top`), nil when none would: where a near-miss branch goes.
  public static func strongestCorrection(_ token: Token, after previous: Token?) -> Int? {
    guard clauseCanStart(after: previous) else { return nil }
    return token.top.indices.filter { correctionStarters.contains(firstWordHash(token.top[$0].bytes)) }
      .max { token.top[$0].logprob.probability < token.top[$1].logprob.probability }
  }

  public static func hedge(_ token: Token) -> Double {
    mass(token) { hedgeStarters.contains(firstWordHash($0.bytes)) }
  }

  private static func mass(_ token: Token, _ starts: (Alternative) -> Bool) -> Double {
    var total = 0.0
    for alternative in token.top where starts(alternative) { total += alternative.logprob.probability }
    return min(1, total)
  }
}
