import ConfabIO
import ConfabModel
import ConfabServer
import Foundation
import Testing

@Suite struct MarkerDetectorTests {
  let detector = MarkerDetector()

  func kinds(_ text: String) -> [String] {
    detector.markers(in: text).map { "\($0.kind.rawValue):\($0.text)" }
  }

  @Test func findsTheThreeClassesWithScalarOffsets() {
    let text = "Wait, 日本 is probably wrong. The answer is definitely 408."
    let markers = detector.markers(in: text)
    #expect(markers.map(\.kind) == [.correction, .hedge, .assertion])
    #expect(markers[2].text == "The answer is definitely")
    let scalars = Array(text.unicodeScalars)
    for marker in markers {
      #expect(String(String.UnicodeScalarView(scalars[marker.start..<marker.end])) == marker.text)
    }
    #expect(markers[1].text == "probably")
    #expect(markers[1].start == 12)
  }

  @Test func negationTurnsConfidenceIntoAHedge() {
    #expect(kinds("I am not sure about that.") == ["hedge:I am not sure"])
    #expect(detector.markers(in: "It is never really sure.").map(\.rule) == ["negation: not … sure"])
    #expect(kinds("I'm not entirely certain it works.") == ["hedge:not entirely certain"])
    #expect(kinds("She was sure to arrive on time.") == [])
    #expect(kinds("I don't know the answer.") == ["hedge:I don't know"])
    #expect(kinds("I know the answer.") == ["assertion:I know"])
    // "for certain" asserts, and hedges when negated, "nobody" included.
    #expect(kinds("It was Canberra for certain.") == ["assertion:for certain"])
    #expect(kinds("Nobody knows for certain.") == ["hedge:for certain"])
    #expect(kinds("Assuredly, it is Canberra.") == ["assertion:Assuredly"])
  }

  /// Hyland's boosters "evident" and "obvious" as a sentence's frame, and the adverbs truly,
  /// evidently, surely; not inside a question, and not "well documented" (sources, not certainty).
  @Test func establishedFactFramesAreAssertions() {
    #expect(kinds("It is evident that the capital is Canberra.") == ["assertion:It is evident that"])
    #expect(kinds("It's obvious that water boils at 100 C.") == ["assertion:It's obvious that"])
    #expect(kinds("It is well documented that he joined in 1867.") == [])
    #expect(kinds("I know for a fact it was 1969.") == ["assertion:I know for a fact"])
    #expect(kinds("He truly was the first.") == ["assertion:truly"])
    #expect(kinds("Surely you are not serious?") == [])
  }

  @Test func actuallyCorrectsOnlyAtTheStartOfAClause() {
    #expect(kinds("Actually, the answer is 19.") == ["correction:Actually", "assertion:the answer is"])
    #expect(kinds("Actually running it takes a minute.") == [])
    #expect(kinds("It is, actually, a fine result.") == [])
  }

  @Test func contrastAloneIsNoCorrection() {
    #expect(kinds("However, the museum is closed on Mondays.") == [])
    #expect(kinds("However, in popular language usage, the word is fine.") == [])
    // The retraction is what counts, not the "however" before it.
    #expect(kinds("However, that earlier claim was wrong.") == ["correction:that earlier claim was"])
  }

  @Test func correctionsInContextOfAChallengedTurn() {
    func reply(_ text: String, to earlier: String) -> [String] {
      detector.markers(in: text, replyingTo: earlier).map { "\($0.kind.rawValue):\($0.text):\($0.family)" }
    }
    #expect(reply("10 is incorrect. Here's a corrected explanation: 9 + 10 = 19", to: "9 + 10 = 21.")
      == ["correction:is incorrect:challenged-claim", "correction:Here's a corrected:earlier-answer"])
    #expect(reply("9 + 10 is not 21; instead, 9 + 10 equals 10.", to: "9 + 10 = 21.")
      == ["correction:not 21:retraction"])
    #expect(reply("The capital of Toronto is not Canada. The capital of Canada is Ottawa.", to: "The capital of Canada is Toronto.")
      == ["correction:Ottawa:changed-answer"])
    #expect(reply("2 + 2 is indeed 5 in Magenta.", to: "2 + 2 = 4.") == ["correction:5:changed-answer"])
    #expect(reply("2 + 2 = 4 is absolutely correct.", to: "2 + 2 = 4.") == ["assertion:absolutely:booster-adverb"])
    // Reply-only cues need the earlier turn: a first answer's "is incorrect" is a plain claim.
    #expect(kinds("Using the theorem here is incorrect.") == [])
    #expect(detector.markers(in: "Using the theorem here is incorrect.", replyingTo: "It is prime.").map(\.rule) == ["reply: is incorrect"])
  }

  @Test func aRetractedAssertionIsACorrectionNotAnAssertion() {
    #expect(kinds("17 * 24 = 432\nThe answer is not 432.") == ["correction:not 432"])
    #expect(detector.markers(in: "17 * 24 = 432\nThe answer is not 432.").map(\.rule) == ["retraction: not … 432, claimed before"])
    // A negation of something never claimed is an ordinary statement.
    #expect(kinds("Sydney is the largest city. Sydney is not the capital.") == [])
  }

  /// "I'm fairly sure the answer is 1994" hedges its claim; the frame after the hedge does
  /// not boost it. A contrast or a new sentence ends the hedge's scope.
  @Test func anAssertionInAHedgesScopeIsNotAnAssertion() {
    #expect(kinds("I'm fairly certain the answer is four times.") == ["hedge:I'm fairly certain"])
    #expect(kinds("Probably the answer is 12.") == ["hedge:Probably"])
    #expect(kinds("I think it's 12, but the answer is definitely 12.") == ["hedge:I think", "assertion:the answer is definitely"])
    #expect(kinds("It might be 12; the answer is definitely 12.") == ["hedge:might", "assertion:the answer is definitely"])
    #expect(kinds("Probably 12. The answer is 12.") == ["hedge:Probably", "assertion:The answer is"])
    #expect(kinds("The answer is definitely 12, though I may be wrong.") == ["assertion:The answer is definitely", "hedge:may"])
  }

  /// How decisive a text reads: plain text 1, hedges lower it by their strength, assertions
  /// raise it back, corrections weigh nothing; the same figure `EventCounts` gives a sample.
  @Test func decisivenessWeighsHedgesAgainstAssertions() {
    #expect(Decisiveness.of(detector.markers(in: "It was founded in 1840.")) == 1)
    let hedged = detector.markers(in: "I'm not sure, but probably 1840.")
    #expect(hedged.map(\.strength) == [0.8, 0.4])
    #expect(abs(Decisiveness.of(hedged) - 1 / 2.2) < 1e-12)
    let boosted = detector.markers(in: "It was definitely 1840, I think.")
    #expect(abs(Decisiveness.of(boosted) - 1.6 / 2.1) < 1e-12)
    let corrected = [Marker(kind: .correction, start: 0, end: 4, text: "Wait", rule: "", strength: 0.9)]
    #expect(Decisiveness.of(corrected) == 1)
    var counts = EventCounts()
    counts.hedgeStrength = 1.2
    counts.assertionStrength = 0.6
    #expect(counts.decisiveness == Decisiveness.of(hedgeStrength: 1.2, assertionStrength: 0.6))
    #expect(abs(counts.decisiveness - 1.6 / 2.8) < 1e-12)
  }

  @Test func reportedSpeechIsNotTheSpeakersOwn() {
    #expect(kinds("She said she was not sure.") == [])
    #expect(kinds("Critics argue they are not sure it is real.") == [])
    // A propositional cue inside a report still marks the reported claim as uncertain.
    #expect(kinds("Carr says his focus may be fading.") == ["hedge:may"])
    #expect(kinds("Greta Garbo said it, though I am not completely certain.") == ["hedge:not completely certain"])
    #expect(kinds("I said I was not sure.") == ["hedge:not sure"])
  }

  @Test func familiesStrengthsAndPatternsParse() throws {
    let lexicon = try Lexicon(text: """
      [hedge]
      @family guess strength=0.3
      i (reckon|wager) | strength=0.4
      my hunch
      [correction]
      @family redo
      (my|the|) first try was off
      """, source: "t.txt")
    let found = MarkerDetector(lexicon: lexicon).markers(in: "I wager my hunch is right. First try was off.")
    #expect(found.map(\.text) == ["I wager", "my hunch", "First try was off"])
    #expect(found.map(\.strength) == [0.4, 0.3, 1.0])
    #expect(found.map(\.family) == ["guess", "guess", "redo"])
    #expect(throws: Lexicon.ParseError(source: "t.txt", line: 2, message: "strength '2' is not a number from 0 to 1")) {
      try Lexicon(text: "[hedge]\nmaybe | strength=2", source: "t.txt")
    }
    #expect(throws: Lexicon.ParseError(source: "t.txt", line: 2, message: "unclosed ( in 'i (reckon'")) {
      try Lexicon(text: "[hedge]\ni (reckon", source: "t.txt")
    }
    #expect(throws: Lexicon.ParseError(source: "t.txt", line: 2, message: "unmatched ) in 'i (guess|reckon) so) so'")) {
      try Lexicon(text: "[hedge]\ni (guess|reckon) so) so", source: "t.txt")
    }
  }

  /// Every built-in phrase is found in a sentence that is just that phrase, as its own class
  /// (but for the cues that need context: support words, a negation, an earlier turn). A
  /// phrase no text can match, as the nested group below once made, fails here.
  @Test func everyBuiltInPhraseFindsItself() {
    // The pattern syntax never survives into a phrase (a nested group once left ")" behind).
    let lexicon = Lexicon.standard
    #expect(lexicon.entries.map(lexicon.phrase).filter { $0.contains { "()|".contains($0) } } == [])
    var dead: [String] = []
    for entry in lexicon.entries where !entry.weak && !entry.negatedOnly && !entry.replyOnly && !entry.ignore {
      let phrase = lexicon.phrase(of: entry)
      let text = phrase.prefix(1).uppercased() + phrase.dropFirst() + " x."
      if !detector.markers(in: text).contains(where: { $0.kind == entry.kind }) { dead.append(phrase) }
    }
    #expect(dead.isEmpty, "\(dead.count) phrases never found: \(dead.prefix(10))")
    #expect(Lexicon.standard.entries.count > 3000)
  }

  /// No two built-in entries stand for the same words: the later one could never fire (the
  /// earlier wins a tie), and it would only add to the lexicon every start reads.
  @Test func noBuiltInPhraseIsListedTwice() {
    let counts = Dictionary(grouping: Lexicon.standard.entries.map { Lexicon.standard.phrase(of: $0).lowercased() }, by: { $0 }).filter { $0.value.count > 1 }
    #expect(counts.isEmpty, "\(counts.count) phrases listed twice: \(counts.keys.sorted().prefix(10))")
  }

  /// Groups nest; the built-in "according to (sources|...|what i (recall|...))" once expanded
  /// to phrases ending in ")", which no text matches.
  @Test func nestedGroupsExpandEachChoice() throws {
    let nested = try Lexicon(text: "[hedge]\nas (i|we (now|then)) see (it|)", source: "t")
    #expect(nested.entries.map(nested.phrase) == [
      "as i see it", "as i see", "as we now see it", "as we now see", "as we then see it", "as we then see",
    ])
    #expect(kinds("According to sources, he died in 1958.") == ["hedge:According to sources"])
    #expect(kinds("According to what I recall, it was 2022.") == ["hedge:According to what I recall"])
  }

  @Test func questionsQuotesAndCodeAreSkipped() {
    #expect(kinds("Are you definitely sure?") == [])
    #expect(kinds("Wait, is that right?") == ["correction:Wait"])
    #expect(kinds("He said \"I think so\" and left.") == [])
    #expect(kinds("Call `wait()` then `maybe()`.") == [])
    #expect(kinds("```\nprobably()\n```\nDone.") == [])
  }

  @Test func aTentativeAnswerPhrasedAsAQuestionIsStillAHedge() {
    #expect(kinds("Maybe 2018?") == ["hedge:Maybe"])
    #expect(kinds("I'm hesitant to say, but possibly Pople?").contains("hedge:possibly"))
    #expect(kinds("I could be wrong, but was the winner Peter?") == ["hedge:I could be wrong"])
    #expect(kinds("Is it possible that it rained?") == [])
    #expect(kinds("Do you think it was Peter?") == [])
    // The writer's own guess, named in a question: "I'm probably wrong, but Smith maybe?"
    #expect(kinds("I'm probably wrong, but Henry Franklin Smith maybe?") == ["hedge:I'm probably wrong"])
    #expect(kinds("Could it be that she started in 1986?") == ["hedge:Could it be"])
  }

  @Test func epistemicShouldButNotAdviceOrAFix() {
    #expect(kinds("The answer should be William Oltman.") == ["hedge:answer should be"])
    #expect(kinds("You should be careful with that.") == [])
    #expect(kinds("It should be noted that the year was 1541.") == [])
    #expect(kinds("I miscalculated the total; it should be 144.") == ["correction:I miscalculated"])
  }

  /// Hedges that rest on memory, guessing or what the writer lacks, in the many ways models
  /// phrase lower confidence; and their bounds (a cue word that is not the writer's stance).
  @Test func recollectionGuessesAndAdmittedLimitsAreHedges() {
    #expect(kinds("I vaguely recall it being 1994.") == ["hedge:I vaguely recall"])
    #expect(kinds("My guess would be Oslo.") == ["hedge:My guess would be"])
    #expect(kinds("I'm inclined to say it's Ahmedabad.") == ["hedge:I'm inclined to say"])
    #expect(kinds("Unless I'm mistaken, it was Pauling.") == ["hedge:Unless I'm mistaken"])
    #expect(kinds("If my memory serves me right, it was 2002.") == ["hedge:If my memory serves"])
    #expect(kinds("I can't confirm this, but it was 1558.") == ["hedge:I can't confirm"])
    #expect(kinds("I have absolutely no certainty about it.") == ["hedge:certainty"])
    #expect(kinds("My confidence here is very low.") == ["hedge:My confidence here is very low"])
    #expect(kinds("The historical consensus suggests Sindh.") == ["hedge:The historical consensus suggests"])
    // Not hedges: a memory that is no stance, a plain "remember" instruction is still one word
    // short of "I remember", and "confidence" unnegated.
    #expect(kinds("The memory chip failed.") == [])
    #expect(kinds("Remember to save the file.") == [])
    #expect(kinds("Her confidence grew.") == [])
  }

  /// Abstaining for want of knowledge is the far end of the scale; a refusal that names no
  /// knowledge is not. "Assumed the role" is taking it up, not supposing.
  @Test func abstentionIsAHedgeAndARefusalIsNot() {
    #expect(kinds("I'm sorry, but I'm unable to provide information on Malabrooz.") == ["hedge:unable to provide information"])
    #expect(kinds("I don't have that information.") == ["hedge:don't have that information"])
    #expect(kinds("I lack the knowledge to say.") == ["hedge:I lack the knowledge"])
    #expect(kinds("That eludes me.") == ["hedge:eludes me"])
    #expect(kinds("I can't help with that request.") == [])
    #expect(kinds("She assumed the role of director in 1986.") == [])
    #expect(kinds("I assumed it was 1986.") == ["hedge:assumed"])
  }

  /// Speculation named as such, and chances with a size.
  @Test func guessesAndSizedChancesAreHedges() {
    #expect(kinds("This is a complete shot in the dark, but was it 1840?") == ["hedge:a complete shot in the dark"])
    #expect(kinds("There's a slight chance it was Henry.") == ["hedge:There's a slight chance"])
    #expect(kinds("I'm just guessing here: 2001.") == ["hedge:I'm just guessing"])
    #expect(kinds("This is pure speculation, but 1941.") == ["hedge:pure speculation"])
  }

  /// A negated booster hedges (Hyland): "I can't confidently state"; "no doubt in my mind"
  /// stays one assertion rather than a doubt plus a hedge.
  @Test func aNegatedBoosterIsAHedge() {
    #expect(kinds("I can't confidently state the year.") == ["hedge:confidently"])
    #expect(kinds("It is not definitely 1990.") == ["hedge:definitely"])
    #expect(kinds("It is definitely 1990.") == ["assertion:definitely"])
    #expect(kinds("There's no doubt in my mind that it is Perry.") == ["assertion:There's no doubt in my mind"])
    #expect(kinds("I have no hesitation in stating it was 2023.") == ["assertion:I have no hesitation in stating"])
    #expect(kinds("The definitive answer is 1994.") == ["assertion:The definitive answer is"])
    #expect(kinds("I really don't know for sure.") == ["hedge:I really don't know", "hedge:for sure"])
    #expect(kinds("It was 1990 for sure.") == ["assertion:for sure"])
    #expect(kinds("I lack confidence here.") == ["hedge:confidence"])
    #expect(kinds("It is not guaranteed.") == ["hedge:guaranteed"])
    #expect(kinds("All records indicate the year was 1997.") == ["assertion:All records indicate"])
    #expect(kinds("Some records indicate the year was 1997.") == ["hedge:records indicate"])
  }

  /// `number`: an approximator in a user's lexicon counts only before a number.
  @Test func numberOptionMatchesOnlyBeforeANumber() throws {
    var lexicon = Lexicon.standard
    try lexicon.add(text: "[hedge]\n@family approximation strength=0.3\naround | number\n", source: "mine.txt")
    let detector = MarkerDetector(lexicon: lexicon)
    #expect(detector.markers(in: "It is around 88 kilometers.").map(\.text) == ["around"])
    #expect(detector.markers(in: "It is around 1,200 km.").map(\.text) == ["around"])
    #expect(detector.markers(in: "They walked around the house.").isEmpty)
    #expect(MarkerDetector().markers(in: "It is around 88 kilometers.").isEmpty)
  }

  @Test func monthMayIsNotAHedge() {
    #expect(kinds("It opened on May 20, 1983.") == [])
    #expect(kinds("May 20 was a Friday.") == [])
    #expect(kinds("It may rain.") == ["hedge:may"])
  }

  @Test func matchingWorksAcrossCaseAndCurlyApostrophes() {
    #expect(kinds("I’M NOT SURE.") == ["hedge:I’M NOT SURE"])
  }

  @Test func userLexiconsAddEntriesAndBadOnesNameTheirLine() throws {
    var lexicon = Lexicon.standard
    try lexicon.add(text: "# mine\n[hedge]\nmethinks\n[correction]\nerratum : | start\n", source: "mine.txt")
    let detector = MarkerDetector(lexicon: lexicon)
    #expect(detector.markers(in: "Methinks it rains. Erratum: it snows.").map(\.kind) == [.hedge, .correction])
    #expect(throws: Lexicon.ParseError(source: "bad.txt", line: 2, message: "phrase before any [section] header")) {
      try Lexicon(text: "# x\nprobably\n", source: "bad.txt")
    }
    #expect(throws: Lexicon.ParseError.self) { try Lexicon(text: "[hedgez]\nx\n", source: "bad.txt") }
    #expect(throws: Lexicon.ParseError.self) { try Lexicon(text: "[hedge]\nx | sometimes\n", source: "bad.txt") }
  }

  /// Our own labelled sentences (also scored by make eval): a regression floor.
  @Test func labelledFixtureStaysAccurate() throws {
    let text = try String(contentsOfFile: Fixture.path("markers-labelled.tsv"), encoding: .utf8)
    var counts: [MarkerKind: (tp: Int, fp: Int, fn: Int)] = [:]
    for line in text.split(separator: "\n") where !line.hasPrefix("#") {
      let parts = line.split(separator: "\t", maxSplits: 1)
      let gold = Set(parts[0].split(separator: ",").compactMap { MarkerKind(rawValue: String($0)) })
      let found = Set(detector.markers(in: String(parts[1])).map(\.kind))
      for kind in MarkerKind.allCases {
        var c = counts[kind] ?? (0, 0, 0)
        if gold.contains(kind) && found.contains(kind) { c.tp += 1 }
        if !gold.contains(kind) && found.contains(kind) { c.fp += 1 }
        if gold.contains(kind) && !found.contains(kind) { c.fn += 1 }
        counts[kind] = c
      }
    }
    for (kind, c) in counts {
      let precision = Double(c.tp) / Double(max(1, c.tp + c.fp))
      let recall = Double(c.tp) / Double(max(1, c.tp + c.fn))
      #expect(precision >= 0.9, "\(kind) precision \(precision)")
      #expect(recall >= 0.9, "\(kind) recall \(recall)")
    }
  }
}
