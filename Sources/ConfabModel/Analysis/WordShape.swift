/// What kind of word a token's bytes hold, read without building strings (this runs for
/// every listed alternative): its first and last word, and whether that word carries
/// content (a name, a number, a noun) or only grammar ("the", "of", "is").
enum WordShape {
  @inline(__always) static func isLetter(_ byte: UInt8) -> Bool {
    (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
  }

  @inline(__always) static func isWordByte(_ byte: UInt8) -> Bool {
    isLetter(byte) || (byte >= 0x30 && byte <= 0x39) || byte >= 0x80
  }

  @inline(__always) static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x0A || byte == 0x09 }

  /// FNV-1a of a lowercased ASCII word: the tokenizer's hash of the same word.
  static func hash(_ word: some Sequence<UInt8>) -> UInt64 {
    var hash = FNV1a()
    for byte in word { hash.mix(byte | (isLetter(byte) ? 0x20 : 0)) }
    return hash.value
  }

  static func hashes(_ words: [String]) -> WordSet { WordSet(words.map { hash(Array($0.utf8)) }) }

  /// The set of letters some words start with, case-folded.
  struct FirstLetters: Sendable {
    private var mask: UInt32 = 0

    init(_ words: [String]) {
      for word in words {
        if let first = word.utf8.first, isLetter(first) { mask |= 1 << UInt32((first | 0x20) - 0x61) }
      }
    }

    @inline(__always) func contains(_ letter: UInt8) -> Bool { mask & (1 << UInt32((letter | 0x20) - 0x61)) != 0 }
  }

  /// `hash` of the token's first word (after leading spaces), letters only; nil when it starts
  /// with anything else, or with a letter none of the words sought starts with. One pass over
  /// the bytes, no slice: every alternative made is asked it (`StarterCues`).
  static func firstWordHash(_ bytes: [UInt8], startingWith letters: FirstLetters) -> UInt64? {
    bytes.withUnsafeBufferPointer { buffer -> UInt64? in
      var index = 0
      while index < buffer.count && isSpace(buffer[index]) { index += 1 }
      guard index < buffer.count, isLetter(buffer[index]), letters.contains(buffer[index]) else { return nil }
      var hash = FNV1a()
      while index < buffer.count && isLetter(buffer[index]) {
        hash.mix(buffer[index] | 0x20)
        index += 1
      }
      return hash.value
    }
  }

  /// The token's last word (letters, digits, non-ASCII), nil when it ends in space or
  /// punctuation.
  static func lastWord(_ bytes: [UInt8]) -> ArraySlice<UInt8>? {
    var start = bytes.count
    while start > 0 && isWordByte(bytes[start - 1]) { start -= 1 }
    return start < bytes.count ? bytes[start...] : nil
  }

  /// The token's word with surrounding spaces and punctuation removed, lowercased: what two
  /// spellings of one answer share (" Sydney", "Sydney", " sydney,").
  static func core(_ bytes: [UInt8]) -> [UInt8] {
    bytes.filter(isWordByte).map { isLetter($0) ? $0 | 0x20 : $0 }
  }

  static let functionWords: WordSet = hashes([
    "the", "a", "an", "of", "in", "on", "at", "to", "for", "with", "by", "from", "as", "into", "onto", "about",
    "and", "or", "but", "nor", "if", "so", "than", "then", "that", "this", "these", "those", "there", "here",
    "it", "its", "is", "are", "was", "were", "be", "been", "being", "am", "do", "does", "did", "have", "has", "had",
    "will", "would", "can", "could", "shall", "should", "may", "might", "must", "not", "no", "yes",
    "i", "you", "he", "she", "we", "they", "me", "him", "her", "us", "them", "my", "your", "his", "our", "their",
    "what", "which", "who", "whom", "whose", "when", "where", "why", "how", "also", "just", "very", "up", "down",
    "out", "off", "over", "all", "any", "some", "each", "every", "both", "such", "only", "own", "same", "other",
    "s", "t", "ll", "re", "ve", "d", "m", "let", "like", "because", "while", "after", "before", "between",
  ])

  /// Verbs that state a claim ("X is Y", "X equals Y").
  static let copulaWords = ["is", "was", "are", "were", "be", "equals"]
  /// Words after which a negation flips the claim being made ("is [not]", "it's [not]").
  static let copulas: WordSet = hashes(copulaWords + ["s"])

  /// Whether the word is content: it has a digit or a letter, and is no function word.
  static func isContent(_ word: ArraySlice<UInt8>) -> Bool {
    guard word.contains(where: { isWordByte($0) }) else { return false }
    return !functionWords.contains(hash(word))
  }

  /// Whether the whole token is one content word ("Sydney", " 19"; not " the", ".", "<eos>").
  static func isContentToken(_ bytes: [UInt8]) -> Bool {
    guard let start = bytes.firstIndex(where: { !isSpace($0) }), isWordByte(bytes[start]) else { return false }
    var end = bytes.count
    while end > start && (isSpace(bytes[end - 1]) || !isWordByte(bytes[end - 1])) { end -= 1 }
    let word = bytes[start..<end]
    guard word.allSatisfy({ isWordByte($0) || $0 == 0x2D || $0 == 0x27 || $0 == 0x2E }) else { return false }
    // Past ASCII, a letter or digit must lead: "’" or "…" alone carry nothing.
    if word.first! >= 0x80 {
      guard let first = String(decoding: word, as: UTF8.self).first, first.isLetter || first.isNumber else { return false }
    }
    return isContent(word)
  }

  /// What an answer token is: a name ("Canberra") or a number's first digits ("19").
  enum AnswerClass: Equatable { case name, number }

  /// The answer class of a whole-word token: a capitalized ASCII word of two letters or
  /// more, or digits (only the first piece of a number: `previous` ends in no digit).
  static func answerClass(_ bytes: [UInt8], after previous: [UInt8]?) -> AnswerClass? {
    guard let start = bytes.firstIndex(where: { !isSpace($0) }) else { return nil }
    var end = bytes.count
    while end > start && isSpace(bytes[end - 1]) { end -= 1 }
    let word = bytes[start..<end]
    if word.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
      let joinsNumber = start == 0 && (previous?.last.map { $0 >= 0x30 && $0 <= 0x39 || $0 == 0x2E || $0 == 0x2C } ?? false)
      return joinsNumber ? nil : .number
    }
    guard word.count >= 2, let first = word.first, first >= 0x41 && first <= 0x5A, word.allSatisfy(isLetter) else { return nil }
    return functionWords.contains(hash(word)) ? nil : .name
  }
}
