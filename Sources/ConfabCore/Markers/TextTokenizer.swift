/// Splits text into words and punctuation with Unicode scalar offsets, in one pass over the
/// UTF-8 bytes (no allocation per word): what the lexicon matcher walks.
struct TextToken: Equatable {
  enum Kind: Equatable { case word, punct }
  var kind: Kind
  /// FNV-1a of the lowercased form (’ folded to '): compared with lexicon entries.
  var hash: UInt64
  var start: Int
  var end: Int
  var capitalized: Bool
  var isNumber: Bool
  /// Ends in "n't" (don't, isn't, can't): a negation.
  var negative: Bool
  /// For punctuation: the character itself.
  var symbol: Unicode.Scalar?
}

enum TextTokenizer {
  static let offset: UInt64 = 0xcbf2_9ce4_8422_2325
  static let prime: UInt64 = 0x0000_0100_0000_01B3

  static func hash<S: Sequence>(_ lowered: S) -> UInt64 where S.Element == UInt8 {
    var value = offset
    for byte in lowered { value = (value ^ UInt64(byte)) &* prime }
    return value
  }

  /// Punctuation scalars that are not word characters even though they are not ASCII.
  static func isPunctuation(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x2010...0x2027, 0x00AB, 0x00BB, 0x3001, 0x3002, 0xFF0C, 0xFF0E, 0xFF1F, 0xFF01: return true
    default:
      if scalar.value < 0x80 { return !isWordASCII(UInt8(scalar.value)) && scalar.value > 0x20 }
      return false
    }
  }

  static func isWordASCII(_ byte: UInt8) -> Bool {
    (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39)
  }

  static func tokenize(_ text: String) -> [TextToken] {
    var tokens: [TextToken] = []
    tokens.reserveCapacity(text.utf8.count / 4)
    var scalars = Array(text.unicodeScalars)
    scalars.append(" ")
    var index = 0
    while index < scalars.count - 1 {
      let scalar = scalars[index]
      if isWordStart(scalar) {
        let start = index
        var value = offset
        var last3: (UInt8, UInt8, UInt8) = (0, 0, 0)
        var allDigits = true
        while index < scalars.count - 1 {
          let s = scalars[index]
          let isApostrophe = (s == "'" || s == "\u{2019}")
          let isInnerPunct = (s == "." || s == "," || s == "-") && allDigits && index > start
          if isWordStart(s) || ((isApostrophe || isInnerPunct) && isWordStart(scalars[index + 1])) {
            if isInnerPunct && !(scalars[index + 1].properties.numericType != nil) { break }
            var folded = s
            if isApostrophe { folded = "'" }
            if folded.value < 0x80 {
              var byte = UInt8(folded.value)
              if byte >= 0x41 && byte <= 0x5A { byte += 0x20 }
              value = (value ^ UInt64(byte)) &* prime
              last3 = (last3.1, last3.2, byte)
              if !(byte >= 0x30 && byte <= 0x39) && !isInnerPunct { allDigits = false }
            } else {
              for byte in String(folded).lowercased().utf8 { value = (value ^ UInt64(byte)) &* prime }
              allDigits = false
              last3 = (last3.1, last3.2, 0)
            }
            index += 1
          } else {
            break
          }
        }
        tokens.append(TextToken(
          kind: .word, hash: value, start: start, end: index,
          capitalized: scalar.properties.isUppercase, isNumber: allDigits,
          negative: last3 == (0x6E, 0x27, 0x74), symbol: nil))
      } else if isPunctuation(scalar) || scalar == "\n" {
        var byteValue = offset
        for byte in String(scalar).utf8 { byteValue = (byteValue ^ UInt64(byte)) &* prime }
        tokens.append(TextToken(
          kind: .punct, hash: byteValue, start: index, end: index + 1,
          capitalized: false, isNumber: false, negative: false, symbol: scalar))
        index += 1
      } else {
        index += 1
      }
    }
    return tokens
  }

  static func isWordStart(_ scalar: Unicode.Scalar) -> Bool {
    if scalar.value < 0x80 { return isWordASCII(UInt8(scalar.value)) }
    if isPunctuation(scalar) { return false }
    let properties = scalar.properties
    return properties.isAlphabetic || properties.numericType != nil
  }

  /// The token hashes of a lexicon phrase, tokenized by the same rules as text.
  static func phraseHashes(_ phrase: String) -> [UInt64] {
    tokenize(phrase).map(\.hash)
  }
}
