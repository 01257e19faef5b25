/// Corrections that no cue word announces: a reply that negates what was claimed before
/// ("9 + 10 is not 21", "The answer is not 432" after "= 432"), or states the same thing
/// with another value ("The capital of Canada is Ottawa" after "... is Toronto").
/// A claim is a copula (is, was, are, =, equals) with a value after it: a number or a
/// capitalized name.
struct ClaimRules {
  struct Claim {
    /// Hashes of up to three tokens before the copula: what the claim is about.
    var subject: [UInt64]
    var value: UInt64
    var valueIndex: Int
    var sentence: Int
    /// The value as written, for the rule name ("changed answer: 21 → 19").
    var valueText = ""
  }

  static let copulas: WordSet = TextTokenizer.wordSet(WordShape.copulaWords + ["="])
  /// Words between a copula and its value that do not change the claim.
  static let fillers: WordSet = TextTokenizer.wordSet(["indeed", "actually", "really", "still", "definitely", "certainly", "just", "exactly", "equal", "to", "the", ":"])
  /// Words that answer a challenge without stating a value ("True.", "Yes.").
  static let affirmations: WordSet = TextTokenizer.wordSet(["yes", "no", "true", "false", "correct", "right", "indeed", "sure", "okay", "ok"])
  /// "the answer is V", "the correct answer is V": a claim about the question itself.
  static let answerWords: WordSet = TextTokenizer.wordSet(["answer", "result"])
  static let negations: WordSet = TextTokenizer.wordSet(["not", "never", "no"])

  /// Claims in a tokenized text; `sentence` gives each token's sentence number.
  static func claims(_ tokens: [TextToken], in text: String? = nil, sentence: (Int) -> Int) -> [Claim] {
    var found: [Claim] = []
    for (index, token) in tokens.enumerated() where copulas.contains(token.hash) {
      guard let valueIndex = value(after: index, tokens) else { continue }
      var subject: [UInt64] = []
      var back = index - 1
      while back >= 0 && subject.count < 3 && sentence(back) == sentence(index) {
        if tokens[back].symbol != "\n" { subject.insert(tokens[back].hash, at: 0) }
        back -= 1
      }
      var claim = Claim(subject: subject, value: tokens[valueIndex].hash, valueIndex: valueIndex, sentence: sentence(index))
      if let text {
        let utf8 = Array(text.utf8)
        claim.valueText = String(decoding: utf8[tokens[valueIndex].byteStart..<tokens[valueIndex].byteEnd], as: UTF8.self)
      }
      found.append(claim)
    }
    return found
  }

  /// The value a copula at `index` states, skipping fillers; nil when it is negated or is
  /// no number or name.
  static func value(after index: Int, _ tokens: [TextToken]) -> Int? {
    var next = index + 1
    while next < tokens.count && next <= index + 3 {
      let token = tokens[next]
      if token.kind == .word && (token.negative || negations.contains(token.hash)) { return nil }
      if isValue(token) {
        // "a French city", "the French capital": a capitalized word before a content word
        // describes; it is no value.
        if token.capitalized && !token.isNumber, next + 1 < tokens.count, tokens[next + 1].kind == .word,
          !tokens[next + 1].capitalized, !WordShape.functionWords.contains(tokens[next + 1].hash)
        {
          return nil
        }
        return next
      }
      guard fillers.contains(token.hash) else { return nil }
      next += 1
    }
    return nil
  }

  static func isValue(_ token: TextToken) -> Bool {
    token.kind == .word && (token.isNumber || token.capitalized)
  }

  /// Negations whose value was claimed earlier (in `earlier`, the previous assistant turn,
  /// or an earlier sentence of this text): (negation index, value index, value claimed).
  static func retractions(_ tokens: [TextToken], sentence: (Int) -> Int, earlierValues: Set<UInt64>) -> [(Int, Int)] {
    let own = claims(tokens, sentence: sentence)
    var found: [(Int, Int)] = []
    for (index, token) in tokens.enumerated() where token.kind == .word && (token.negative || negations.contains(token.hash)) {
      // "is not V", "isn't V", "not V": the value within the next three tokens, same sentence.
      var next = index + 1
      while next < tokens.count && next <= index + 3 && sentence(next) == sentence(index) {
        let candidate = tokens[next]
        if isValue(candidate) {
          let claimedHere = own.contains { $0.sentence < sentence(index) && $0.value == candidate.hash }
          if earlierValues.contains(candidate.hash) || claimedHere { found.append((index, next)) }
          break
        }
        guard candidate.kind == .word && (fillers.contains(candidate.hash) || copulas.contains(candidate.hash)) else { break }
        next += 1
      }
    }
    return found
  }

  /// Claims here about the same subject as an earlier claim, with another value:
  /// (value index here, the earlier claim's value text).
  static func changedAnswers(_ tokens: [TextToken], sentence: (Int) -> Int, earlier: [Claim]) -> [(Int, Claim)] {
    var found: [(Int, Claim)] = []
    for claim in claims(tokens, sentence: sentence) where claim.subject.count >= 2 {
      if let before = earlier.first(where: { sameSubject($0.subject, claim.subject) }), before.value != claim.value {
        found.append((claim.valueIndex, before))
      }
    }
    guard found.isEmpty, earlier.count == 1 else { return found }
    let before = earlier[0]
    // A bare answer ("Belleville.") that is not the one claimed before.
    let words = tokens.indices.filter { tokens[$0].kind == .word && sentence($0) == 0 }
    if words.count == 1, isValue(tokens[words[0]]), !affirmations.contains(tokens[words[0]].hash), before.value != tokens[words[0]].hash {
      return [(words[0], before)]
    }
    // "So the answer is: 28." after "12 + 15 = 27."
    for claim in claims(tokens, sentence: sentence) where claim.subject.last.map(answerWords.contains) == true && claim.value != before.value {
      return [(claim.valueIndex, before)]
    }
    return found
  }

  /// Two subjects name the same thing when the shorter (two tokens or more) ends the longer:
  /// "so 7 × 8" and "7 × 8".
  static func sameSubject(_ a: [UInt64], _ b: [UInt64]) -> Bool {
    let (short, long) = a.count <= b.count ? (a, b) : (b, a)
    return short.count >= 2 && long.suffix(short.count).elementsEqual(short)
  }
}
