/// Finds hedges, self-corrections and confident assertions in text: lexicon phrases matched
/// on word boundaries, then context rules (negation, clause starts, questions, quotes, code,
/// weak cues that need support). Pure and allocation-light, for 50+ MB/s.
public struct MarkerDetector: Sendable, Equatable {
  public let lexicon: Lexicon

  public init(lexicon: Lexicon = .standard) {
    self.lexicon = lexicon
  }

  /// Markers in `text`; `replyingTo` is the previous assistant turn when `text` answers a
  /// challenge to it: `reply` cues count only then, and the claim rules compare with it.
  public func markers(in text: String, replyingTo earlier: String? = nil) -> [Marker] {
    var copy = text
    let earlierClaims = earlier.map(Self.claims(in:))
    return copy.withUTF8 { markers(utf8: $0, earlier: earlierClaims) }
  }

  /// The claims a text makes, for comparing a reply with it.
  static func claims(in text: String) -> [ClaimRules.Claim] {
    let tokens = TextTokenizer.tokenize(text)
    let context = Context(tokens: tokens, support: WordSet())
    return ClaimRules.claims(tokens, in: text) { context.sentence[$0] }
  }

  func markers(utf8 bytes: UnsafeBufferPointer<UInt8>, earlier: [ClaimRules.Claim]? = nil) -> [Marker] {
    let tokens = TextTokenizer.tokenize(bytes: bytes)
    guard !tokens.isEmpty else { return [] }
    let context = Context(tokens: tokens, support: lexicon.support)
    func text(_ first: Int, _ last: Int) -> String {
      String(decoding: UnsafeBufferPointer(rebasing: bytes[tokens[first].byteStart..<tokens[last].byteEnd]), as: UTF8.self)
    }
    var result: [Marker] = []
    // The last hedge's sentence and last token: an assertion in its scope is hedged.
    var lastHedge: (sentence: Int, last: Int)?
    var position = 0
    while position < tokens.count {
      guard tokens[position].kind == .word || tokens[position].symbol != nil, !context.excluded[position] else {
        position += 1
        continue
      }
      var candidates = lexicon.candidates(tokens, at: position)
      var matched = false
      while let entryIndex = lexicon.next(&candidates) {
        let entry = lexicon.entries[entryIndex]
        guard lexicon.matches(entry, tokens, at: position) else { continue }
        let last = position + Int(entry.wordCount) - 1
        if entry.ignore {
          position = last + 1
          matched = true
          break
        }
        guard let (kind, rule) = decide(entry, tokens, context, from: position, to: last, isReply: earlier != nil) else { continue }
        if kind == .assertion, let hedge = lastHedge, isInScope(of: hedge, position, tokens, context) { continue }
        if kind == .hedge { lastHedge = (context.sentence[position], last) }
        // A trailing comma/period belongs to the cue's syntax, not its text.
        let lastWord = tokens[last].kind == .punct && last > position ? last - 1 : last
        result.append(Marker(kind: kind, start: tokens[position].start, end: tokens[lastWord].end, text: text(position, lastWord),
                             rule: rule, family: lexicon.family(of: entry), strength: entry.strength))
        position = last + 1
        matched = true
        break
      }
      if !matched { position += 1 }
    }
    addClaimCorrections(&result, tokens, context, earlier: earlier, text: text)
    return result
  }

  /// Corrections found by comparing claims (ClaimRules), where no cue already covers them.
  private func addClaimCorrections(
    _ result: inout [Marker], _ tokens: [TextToken], _ context: Context, earlier: [ClaimRules.Claim]?,
    text: (Int, Int) -> String
  ) {
    let sentence = { (index: Int) in context.sentence[index] }
    // Each found correction with the token it starts at.
    var found: [(token: Int, marker: Marker)] = []
    let earlierValues = Set((earlier ?? []).map(\.value))
    for (negation, value) in ClaimRules.retractions(tokens, sentence: sentence, earlierValues: earlierValues)
    where !context.excluded[negation] && !context.isQuestion[sentence(negation)] {
      found.append((negation, Marker(kind: .correction, start: tokens[negation].start, end: tokens[value].end, text: text(negation, value),
                                     rule: "retraction: not … \(text(value, value)), claimed before", family: "retraction", strength: 0.9)))
    }
    if let earlier {
      for (value, before) in ClaimRules.changedAnswers(tokens, sentence: sentence, earlier: earlier)
      where !context.excluded[value] && !context.isQuestion[sentence(value)] {
        found.append((value, Marker(kind: .correction, start: tokens[value].start, end: tokens[value].end, text: text(value, value),
                                    rule: "changed answer: \(before.valueText) → \(text(value, value))", family: "changed-answer", strength: 0.8)))
      }
    }
    guard !found.isEmpty else { return }
    // One correction per sentence is enough; a cue already there wins.
    var sentencesCorrected = Set(result.filter { $0.kind == .correction }.compactMap { marker in
      tokens.firstIndex { $0.start == marker.start }.map(sentence)
    })
    for (token, marker) in found.sorted(by: { $0.marker.start < $1.marker.start }) where !sentencesCorrected.contains(sentence(token)) {
      // A hedge or assertion inside the retracted span is part of the retraction.
      result.removeAll { $0.kind != .correction && $0.start < marker.end && $0.end > marker.start }
      result.append(marker)
      sentencesCorrected.insert(sentence(token))
    }
    result.sort { $0.start < $1.start }
  }

  /// Applies the context rules; nil when the match does not count here.
  private func decide(
    _ entry: Lexicon.Entry, _ tokens: [TextToken], _ context: Context, from first: Int, to last: Int, isReply: Bool
  ) -> (MarkerKind, String)? {
    let sentence = context.sentence[first]
    if entry.replyOnly && !isReply { return nil }
    if entry.lowercase {
      let token = tokens[first]
      let atStart = context.sentenceStart[sentence] == first
      if token.capitalized && !atStart { return nil }
      if token.capitalized && atStart && first + 1 < tokens.count && tokens[first + 1].isNumber { return nil }
    }
    if entry.clauseStart && !isClauseStart(first, tokens, context) { return nil }
    if entry.beforeNumber && !(last + 1 < tokens.count && tokens[last + 1].isNumber) { return nil }
    var kind = entry.kind
    var byNegation = false
    if entry.negated != nil {
      let negated = isNegated(first, tokens, context)
      if entry.negatedOnly && !negated { return nil }
      if negated, let target = entry.negated {
        kind = target
        byNegation = true
      }
    }
    if entry.weak && !context.hasSupport[sentence] { return nil }
    // "Definitely not", "absolutely no": the booster modifies the negation after it. A phrase
    // that turns into a hedge when negated before it ("confident that") keeps "that no one…".
    if kind == .assertion && (entry.negated == nil || entry.wordCount == 1) && isNegated(following: last, tokens) { return nil }
    if entry.stance && isReported(first, tokens, context) { return nil }
    if kind == .correction && entry.replyOnly && isAboutTheUser(first, tokens, context) { return nil }
    if context.isQuestion[sentence] && !entry.inQuestions && !(entry.negatedOnly && kind == .hedge)
      && !isTentativeAnswer(entry, kind, first, tokens, context) {
      return nil
    }
    return (kind, byNegation ? lexicon.negatedRuleName(of: entry) : lexicon.ruleName(of: entry))
  }

  /// "I'm fairly sure the answer is 1994", "probably the answer is": an assertion cue after a
  /// hedge in the same clause states the hedged claim, so it does not boost it (as a negated
  /// one does not). A contrast ("…, but the answer is definitely") or ";" ends the scope.
  private func isInScope(
    of hedge: (sentence: Int, last: Int), _ position: Int, _ tokens: [TextToken], _ context: Context
  ) -> Bool {
    guard hedge.sentence == context.sentence[position], hedge.last < position else { return false }
    for index in (hedge.last + 1)..<position {
      let token = tokens[index]
      if token.kind == .word ? Self.contrast.contains(token.hash) : token.symbol == ";" { return false }
    }
    return true
  }

  private static let contrast = TextTokenizer.wordSet(concessive + ["yet", "while", "whereas"])

  /// A hedge inside a question that is still the writer's answer: their own stance ("I could
  /// be wrong, but was it Peter?") or a hedge opening the clause ("Maybe 2018?", "but possibly
  /// Pople?"). "Do you think…?" and "Is it possible…?" stay questions.
  private func isTentativeAnswer(
    _ entry: Lexicon.Entry, _ kind: MarkerKind, _ first: Int, _ tokens: [TextToken], _ context: Context
  ) -> Bool {
    guard kind == .hedge else { return false }
    return entry.stance || isClauseStart(first, tokens, context)
  }

  private func isClauseStart(_ position: Int, _ tokens: [TextToken], _ context: Context) -> Bool {
    if context.sentenceStart[context.sentence[position]] == position { return true }
    guard position > 0 else { return true }
    let previous = tokens[position - 1]
    if previous.symbol == "," {
      // "No, actually" and "Hmm, wait" start a clause; "It is, actually, fine" is filler.
      guard position >= 2 else { return true }
      let before = position - 2
      return context.sentenceStart[context.sentence[before]] == before || lexicon.clauseOpeners.contains(tokens[before].hash)
    }
    if let symbol = previous.symbol { return isClausePunctuation(symbol) || isSentenceEnd(symbol) }
    return lexicon.clauseOpeners.contains(previous.hash) && (position < 2 || tokens[position - 2].kind == .punct
      || context.sentenceStart[context.sentence[position]] == position - 1)
  }

  /// "The answer is not 432": the word right after the cue negates what it asserts.
  private func isNegated(following last: Int, _ tokens: [TextToken]) -> Bool {
    guard last + 1 < tokens.count else { return false }
    let next = tokens[last + 1]
    return next.kind == .word && (next.negative || lexicon.negations.contains(next.hash))
  }

  /// Someone else's words: a `[reporting]` verb earlier in the sentence whose subject is a
  /// `[reporters]` word or a name ("she said she was not sure", "Smith argues it may"). The
  /// report ends where the writer speaks again: a first-person word ("..., though I am not
  /// sure") or a concessive turn ("though", "but").
  private func isReported(_ position: Int, _ tokens: [TextToken], _ context: Context) -> Bool {
    let sentence = context.sentence[position]
    if Self.ownVoice.contains(tokens[position].hash) { return false }
    var index = position - 1
    while index > 0 && context.sentence[index] == sentence {
      if tokens[index].kind == .word && Self.ownVoice.contains(tokens[index].hash) { return false }
      if tokens[index].kind == .word && lexicon.reporting.contains(tokens[index].hash) {
        let subject = tokens[index - 1]
        let isName = subject.capitalized && context.sentenceStart[sentence] != index - 1
        if subject.kind == .word && (lexicon.reporters.contains(subject.hash) || isName) { return true }
      }
      index -= 1
    }
    return false
  }

  /// "Your previous question was incorrect": the claim called wrong is the user's.
  private func isAboutTheUser(_ position: Int, _ tokens: [TextToken], _ context: Context) -> Bool {
    let sentence = context.sentence[position]
    var index = position - 1
    while index >= 0 && context.sentence[index] == sentence {
      if tokens[index].kind == .word && Self.userWords.contains(tokens[index].hash) { return true }
      index -= 1
    }
    return false
  }

  private static let userWords = TextTokenizer.wordSet(["your", "yours"])
  /// Words after which the writer speaks for themself again.
  private static let ownVoice = TextTokenizer.wordSet(["i", "i'm", "i've", "i'd", "we", "my"] + concessive)
  /// A concessive turn: the writer speaks again after a report, and a hedge's clause ends.
  private static let concessive = ["though", "although", "but", "however"]


  /// A negation word (or an n't contraction) within the three words before, in the same sentence.
  private func isNegated(_ position: Int, _ tokens: [TextToken], _ context: Context) -> Bool {
    var seen = 0
    var index = position - 1
    let sentence = context.sentence[position]
    while index >= 0 && seen < 3 && context.sentence[index] == sentence {
      let token = tokens[index]
      if token.kind == .word {
        if token.negative || lexicon.negations.contains(token.hash) { return true }
        seen += 1
      } else if token.symbol != "%" {
        return false  // punctuation ends the negation's scope
      }
      index -= 1
    }
    return false
  }
}

/// Sentence, question, quote and code structure of a token list, computed once per text.
private struct Context {
  var sentence: [Int]
  var sentenceStart: [Int] = []
  var isQuestion: [Bool] = []
  var excluded: [Bool]
  /// Per sentence: holds a `[support]` word, which weak correction cues need.
  var hasSupport: [Bool] = []

  init(tokens: [TextToken], support: WordSet) {
    sentence = Array(repeating: 0, count: tokens.count)
    excluded = Array(repeating: false, count: tokens.count)
    var quoted = Array(repeating: false, count: tokens.count)
    var current = 0
    var startOfCurrent = 0
    var inQuote = false
    var inCode = false
    var backticks = 0
    sentenceStart.append(0)
    for (index, token) in tokens.enumerated() {
      sentence[index] = current
      if let symbol = token.symbol {
        if symbol == "`" {
          backticks += 1
          // ``` fences and `inline` spans both toggle code.
          if index + 1 >= tokens.count || tokens[index + 1].symbol != "`" {
            if backticks == 3 || backticks == 1 { inCode.toggle() }
            backticks = 0
          }
        } else if symbol == "\"" {
          inQuote.toggle()
        } else if symbol == "“" {
          inQuote = true
        } else if symbol == "”" {
          inQuote = false
        }
      }
      excluded[index] = inCode || token.symbol == "`"
      quoted[index] = inQuote
      // "Who's on First?" inside quotes is a title, not the end of the sentence.
      let closesQuote = index + 1 < tokens.count && (tokens[index + 1].symbol == "\"" || tokens[index + 1].symbol == "”")
      if let symbol = token.symbol, isSentenceEnd(symbol), !(inQuote && closesQuote && symbol != "\n") {
        let nextIsBoundary = index + 1 >= tokens.count || tokens[index + 1].start > token.end
          || tokens[index + 1].symbol == "\n" || symbol == "\n"
        if nextIsBoundary || symbol != "." {
          isQuestion.append(symbol == "?" || symbol == "？")
          current += 1
          startOfCurrent = index + 1
          sentenceStart.append(startOfCurrent)
          if symbol == "\n" { inQuote = false }
        }
      }
    }
    // Only a short quotation (closed within 30 tokens) shields its words: an answer that
    // merely starts with a quote mark, or quotes a whole paragraph, is still the model's own.
    var index = 0
    while index < tokens.count {
      guard quoted[index] else { index += 1; continue }
      var end = index
      while end < tokens.count && quoted[end] { end += 1 }
      if end - index <= 30 { for inside in index..<end { excluded[inside] = true } }
      index = end
    }
    isQuestion.append(false)
    // A sentence is a question when its last punctuation is "?"; fill in by end marks.
    var questions = Array(repeating: false, count: current + 1)
    for (number, question) in isQuestion.enumerated() where number <= current { questions[number] = question }
    isQuestion = questions
    hasSupport = Array(repeating: false, count: current + 1)
    for (index, token) in tokens.enumerated() where token.kind == .word && support.contains(token.hash) {
      hasSupport[sentence[index]] = true
    }
  }

}

@inline(__always) private func isSentenceEnd(_ symbol: Unicode.Scalar) -> Bool {
  switch symbol {
  case ".", "!", "?", "\n", "…", "。", "！", "？": return true
  default: return false
  }
}

@inline(__always) private func isClausePunctuation(_ symbol: Unicode.Scalar) -> Bool {
  switch symbol {
  case ",", ";", ":", "—", "–", "(", "\"", "“", "-", "\n": return true
  default: return false
  }
}

