/// Probability mass, among a position's recorded alternatives, on tokens that would start a
/// self-correction (" Wait", " Actually", " No", ...) where a clause can start, or a hedge
/// (" probably", " might", ...). Only the top-k is visible, so these are lower bounds.
public enum Pressure {
  static let correctionStarters: Set<String> = [
    "wait", "actually", "no", "hmm", "hmmm", "sorry", "oops", "whoops", "correction", "apologies",
    "hold", "hang", "oh", "nope", "scratch",
  ]
  static let hedgeStarters: Set<String> = [
    "probably", "perhaps", "maybe", "possibly", "likely", "might", "may", "seems", "seem", "appears",
    "presumably", "apparently", "arguably", "unsure", "uncertain", "unclear", "supposedly", "allegedly",
  ]

  /// The first word of a token's text, lowercased ("" when it starts with no letter).
  static func firstWord(_ bytes: [UInt8]) -> String {
    var word: [UInt8] = []
    var started = false
    for byte in bytes {
      let isLetter = (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
      if !started {
        if byte == 0x20 || byte == 0x0A || byte == 0x09 { continue }
        guard isLetter else { return "" }
        started = true
      }
      guard isLetter else { break }
      word.append(byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte)
    }
    return String(decoding: word, as: UTF8.self)
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
    return mass(token) { correctionStarters.contains(firstWord($0.bytes)) }
  }

  public static func hedge(_ token: Token) -> Double {
    mass(token) { hedgeStarters.contains(firstWord($0.bytes)) }
  }

  private static func mass(_ token: Token, _ starts: (Alternative) -> Bool) -> Double {
    var total = 0.0
    for alternative in token.top where starts(alternative) { total += alternative.logprob.probability }
    return min(1, total)
  }
}
