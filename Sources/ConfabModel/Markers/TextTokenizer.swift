/// Splits text into words and punctuation with Unicode scalar offsets, in one pass over the
/// UTF-8 bytes (no allocation per word): what the lexicon matcher walks.
struct TextToken: Equatable {
  enum Kind: Equatable { case word, punct }
  var kind: Kind
  /// FNV-1a of the lowercased form (’ folded to '): compared with lexicon entries.
  var hash: UInt64
  /// Unicode scalar offsets (what markers report).
  var start: Int
  var end: Int
  /// UTF-8 byte offsets (for slicing the text cheaply).
  var byteStart: Int
  var byteEnd: Int
  var capitalized: Bool
  var isNumber: Bool
  /// Ends in "n't" (don't, isn't, can't): a negation.
  var negative: Bool
  /// For punctuation: the character itself.
  var symbol: Unicode.Scalar?
}

enum TextTokenizer {
  /// Punctuation scalars that are not word characters even though they are not ASCII.
  static func isPunctuation(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x2010...0x2027, 0x00AB, 0x00BB, 0x3001, 0x3002, 0xFF0C, 0xFF0E, 0xFF1F, 0xFF01: return true
    case 0..<0x80: return !isWordASCII(UInt8(scalar.value)) && scalar.value > 0x20
    default: return false
    }
  }

  @inline(__always) static func isWordASCII(_ byte: UInt8) -> Bool {
    (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39)
  }

  @inline(__always) static func isDigit(_ scalar: Unicode.Scalar) -> Bool {
    scalar.value >= 0x30 && scalar.value <= 0x39
  }

  static func isWordStart(_ scalar: Unicode.Scalar) -> Bool {
    if scalar.value < 0x80 { return isWordASCII(UInt8(scalar.value)) }
    if isPunctuation(scalar) { return false }
    let properties = scalar.properties
    return properties.isAlphabetic || properties.numericType != nil
  }

  /// Decodes the scalar at `index` (invalid bytes read as U+FFFD, one byte long).
  @inline(__always)
  static func scalar(_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int) -> (Unicode.Scalar, Int) {
    let lead = bytes[index]
    if lead < 0x80 { return (Unicode.Scalar(lead), 1) }
    let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1
    guard length > 1, index + length <= bytes.count else { return ("\u{FFFD}", 1) }
    var value = UInt32(lead) & (0xFF >> UInt32(length + 1))
    for offset in 1..<length {
      let byte = bytes[index + offset]
      guard byte & 0xC0 == 0x80 else { return ("\u{FFFD}", 1) }
      value = value << 6 | UInt32(byte & 0x3F)
    }
    return (Unicode.Scalar(value) ?? "\u{FFFD}", length)
  }

  static func tokenize(_ text: String) -> [TextToken] {
    var copy = text
    return copy.withUTF8 { tokenize(bytes: $0) }
  }

  static func tokenize(bytes: UnsafeBufferPointer<UInt8>) -> [TextToken] {
    var tokens: [TextToken] = []
    tokens.reserveCapacity(bytes.count / 5)
    forEachToken(bytes) { tokens.append($0) }
    return tokens
  }

  /// Hands each token of `bytes` to `body` in order: the one pass that both the text's tokens
  /// and a lexicon phrase's hashes (thousands at every start, no token array each) come from.
  @inline(__always)
  static func forEachToken(_ bytes: UnsafeBufferPointer<UInt8>, _ body: (TextToken) -> Void) {
    var index = 0
    var scalarIndex = 0
    let count = bytes.count
    while index < count {
      let (current, length) = scalar(bytes, index)
      if isWordStart(current) {
        let start = scalarIndex
        let byteStart = index
        var value = FNV1a()
        var last3: (UInt8, UInt8, UInt8) = (0, 0, 0)
        var allDigits = true
        let capitalized = current.value < 0x80 ? (current.value >= 0x41 && current.value <= 0x5A) : current.properties.isUppercase
        while index < count {
          let (s, width) = scalar(bytes, index)
          let isApostrophe = s == "'" || s == "\u{2019}"
          // 3.14 and 1,000 are one number; a hyphen or period otherwise ends the word. The
          // next scalar is decoded only where it decides that (most scalars are letters).
          var isNumberJoint = false
          if !isWordStart(s) {
            let mayJoin = (s == "." || s == ",") && allDigits && index > byteStart
            guard isApostrophe || mayJoin else { break }
            let (next, _) = index + width < count ? scalar(bytes, index + width) : (" ", 1)
            isNumberJoint = mayJoin && isDigit(next)
            guard (isApostrophe && isWordStart(next)) || isNumberJoint else { break }
          }
          if s.value < 0x80 {
            var byte = UInt8(s.value)
            if isApostrophe { byte = 0x27 }
            if byte >= 0x41 && byte <= 0x5A { byte += 0x20 }
            value.mix(byte)
            last3 = (last3.1, last3.2, byte)
            if !(byte >= 0x30 && byte <= 0x39) && !isNumberJoint { allDigits = false }
          } else if isApostrophe {
            value.mix(0x27)
            last3 = (last3.1, last3.2, 0x27)
            allDigits = false
          } else {
            value.mix(String(s).lowercased().utf8)
            allDigits = false
            last3 = (last3.1, last3.2, 0)
          }
          index += width
          scalarIndex += 1
        }
        body(TextToken(
          kind: .word, hash: value.value, start: start, end: scalarIndex, byteStart: byteStart, byteEnd: index,
          capitalized: capitalized, isNumber: allDigits,
          negative: last3 == (0x6E, 0x27, 0x74), symbol: nil))
      } else {
        if isPunctuation(current) || current == "\n" {
          var value = FNV1a()
          value.mix(UnsafeBufferPointer(rebasing: bytes[index..<index + length]))
          body(TextToken(
            kind: .punct, hash: value.value, start: scalarIndex, end: scalarIndex + 1, byteStart: index,
            byteEnd: index + length, capitalized: false, isNumber: false, negative: false, symbol: current))
        }
        index += length
        scalarIndex += 1
      }
    }
  }

  /// Words (or punctuation) as the tokenizer hashes them, each its first token's hash: the
  /// word lists the marker rules compare text tokens with.
  static func wordSet(_ words: [String]) -> WordSet {
    WordSet(words.map { phraseHashes($0).first ?? 0 })
  }

  /// The token hashes of a lexicon phrase, tokenized by the same rules as text.
  static func phraseHashes(_ phrase: String) -> [UInt64] {
    var copy = phrase
    return copy.withUTF8 { phraseHashes(bytes: $0) }
  }

  static func phraseHashes(bytes: UnsafeBufferPointer<UInt8>) -> [UInt64] {
    var hashes: [UInt64] = []
    forEachToken(bytes) { hashes.append($0.hash) }
    return hashes
  }
}
