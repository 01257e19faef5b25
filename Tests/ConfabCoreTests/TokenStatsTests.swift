import ConfabIO
import ConfabModel
import ConfabServer
import Foundation
import Testing

@Suite struct TokenStatsTests {
  func alt(_ p: Double) -> Alternative { Alternative(bytes: [0x61], logprob: Logprob(raw: log(p))) }

  @Test func entropyBoundCountsTheTailAtTheSmallestListedProbability() {
    var token = Token(bytes: [0x61], logprob: Logprob(raw: log(0.5)), top: [alt(0.5), alt(0.3)])
    token.chosenIndex = 0
    let stats = TokenStats(token: token)
    let listed = -(0.5 * log(0.5) + 0.3 * log(0.3))
    #expect(abs(stats.tailMass - 0.2) < 1e-12)
    #expect(abs(stats.entropyLowerBound! - (listed + 0.2 * log(1 / 0.3))) < 1e-12)
    #expect(stats.rank == 1)
    #expect(stats.k == 2)
    #expect(abs(stats.margin! - 0) < 1e-12)
  }

  /// Pressure counts an alternative by its whole first word, whatever its case and leading
  /// spaces, and only where a correction could begin.
  @Test func pressureCountsWholeFirstWordsWhereACorrectionCanBegin() {
    func alternative(_ text: String, _ p: Double) -> Alternative { Alternative(bytes: Array(text.utf8), logprob: Logprob(raw: log(p))) }
    let top = [
      alternative(" Actually", 0.2), alternative(" however", 0.1), alternative(" The", 0.2), alternative(" probably", 0.05),
      alternative("Wait", 0.1), alternative("  NOT", 0.05), alternative(" notable", 0.1), alternative(" 123", 0.05),
      alternative("", 0.05), alternative(" Maybe,", 0.04), alternative(" zany", 0.03),
    ]
    let token = Token(bytes: Array(" is".utf8), logprob: Logprob(raw: log(0.2)), top: top)
    let afterSentence = Pressure.masses(token, after: Array(" Sydney.".utf8), inReply: false)
    #expect(abs(afterSentence.correction - 0.45) < 1e-12)
    #expect(abs(afterSentence.hedge - 0.09) < 1e-12)
    let inside = Pressure.masses(token, after: Array(" the".utf8), inReply: false)
    #expect(inside.correction == 0)
    #expect(abs(inside.hedge - 0.09) < 1e-12)
    #expect(Pressure.strongestCorrection(token, after: Array(".".utf8), inReply: false) == 0)
  }

  /// An alternative's starter cues are read from its bytes, and follow them when they change
  /// (the MLX importer decodes BPE pieces in place).
  @Test func anAlternativesCuesFollowItsBytes() {
    var alternative = Alternative(bytes: Array(" Actually".utf8), logprob: Logprob(raw: -1))
    #expect(alternative.starterCues == [.clauseStarter, .claimTurner])
    alternative.bytes = Array(" perhaps,".utf8)
    #expect(alternative.starterCues == [.hedgeStarter])
    #expect(Alternative(spelling: Spelling(Array("NO".utf8)), logprob: Logprob(raw: -1)).starterCues == [.clauseStarter])
    #expect(StarterCues(Array(" notable".utf8)).isEmpty)
    #expect(StarterCues(Array("Ġnot".utf8)).isEmpty)
  }

  /// A transcript's title is the first non-empty line of its last user message (else its
  /// reply), whatever the line breaks.
  @Test func titleIsTheFirstNonEmptyLine() {
    let source = SourceRef(path: "t.jsonl", line: 1, byteOffset: 0, byteLength: 1, choice: 0, format: .openaiChat)
    for (text, title) in [
      ("Capital of France?\nOne word.", "Capital of France?"), ("\n\r\n  Indented\r\nnext", "  Indented"),
      ("one line", "one line"), ("\u{2028}after a separator\u{85}x", "after a separator"), ("\n\n", ""), ("", ""),
    ] {
      let transcript = Transcript(id: "x", source: source, messages: [Message(role: .user, text: text), Message(role: .assistant, text: "A")])
      #expect(transcript.title == title, "\(text.debugDescription)")
      #expect(transcript.title == String(text.split(whereSeparator: \.isNewline).first ?? ""))
    }
  }

  @Test func chosenTokenOutsideTheTopKAddsItsOwnMass() {
    let token = Token(bytes: [0x62], logprob: Logprob(raw: log(0.1)), top: [alt(0.6), alt(0.2)])
    let stats = TokenStats(token: token)
    #expect(stats.rank == nil)
    #expect(abs(stats.coveredMass - 0.9) < 1e-12)
    #expect(abs(stats.margin! - 0.5) < 1e-12)
  }

  @Test func boundNeverExceedsTheTrueEntropy() {
    // A full distribution, truncated to its top 3: the bound must stay below the truth.
    let full = [0.4, 0.2, 0.1, 0.1, 0.08, 0.07, 0.05]
    let truth = -full.reduce(0) { $0 + $1 * log($1) }
    var token = Token(bytes: [0x61], logprob: Logprob(raw: log(0.4)), top: full.prefix(3).map(alt))
    token.chosenIndex = 0
    let bound = TokenStats(token: token).entropyLowerBound!
    #expect(bound <= truth)
    #expect(bound > -full.prefix(3).reduce(0) { $0 + $1 * log($1) })
  }

  @Test func unknownLogprobsGiveNoSurprisal() {
    let stats = TokenStats(token: Token(bytes: [0x61], logprob: Logprob(raw: -9999)))
    #expect(stats.surprisal == nil)
    #expect(stats.probability == 0)
    #expect(stats.entropyLowerBound == nil)
  }

  @Test func probabilitiesConvertToLogs() {
    #expect(abs(Logprob(probability: 0.25).value! - log(0.25)) < 1e-12)
    #expect(Logprob(probability: 0).value == nil)
    #expect(Logprob(probability: nil).raw == nil)
  }

  @Test func corpusFiguresWeightByTokens() {
    var a = TranscriptFigures(transcript: Transcript(id: "a", source: SourceRef(path: "x", line: 1, byteOffset: 0, byteLength: 0, choice: 0, format: .undetected), messages: [
      Message(role: .assistant, text: "ab", tokens: [Token(bytes: [0x61], logprob: Logprob(raw: -1)), Token(bytes: [0x62], logprob: Logprob(raw: -3))]),
    ]))
    #expect(a.tokens == 2)
    #expect(a.meanLogprob == -2)
    a.tokens = 2
    var b = a
    b.tokens = 6
    b.meanLogprob = -1
    var corpus = CorpusFigures()
    corpus.add(a)
    corpus.add(b)
    #expect(corpus.tokens == 8)
    #expect(abs(corpus.meanLogprob! - (-2 * 2 - 1 * 6) / 8) < 1e-12)
  }
}

/// An event's detail and the header format p the same way (it was "p 0.0000" beside "<0.001").
@Suite struct EventDetailTests {
  @Test func anUnlikelyTokenReadsAsUnderOneInAThousand() {
    let tokens = [Token(bytes: Array("Sure".utf8), logprob: Logprob(probability: 0.9)),
                  Token(bytes: Array(" Toronto".utf8), logprob: Logprob(probability: 0.0002),
                        top: [Alternative(bytes: Array(" Ottawa".utf8), logprob: Logprob(probability: 0.9))])]
    let transcript = Transcript(id: "t", source: SourceRef(path: "f", line: 1, byteOffset: 0, byteLength: 1, choice: 0, format: .confab),
                                messages: [Message(role: .assistant, text: "Sure Toronto", tokens: tokens)])
    let analysis = Analyzer.builtIn.analyze(transcript)
    let unlikely = analysis.events.filter { $0.kind == .unlikelyToken }
    #expect(!unlikely.isEmpty)
    #expect(unlikely.allSatisfy { $0.detail == "p <0.001" }, "\(unlikely.map(\.detail))")
    #expect(NumberText.probability(0.0002) == "<0.001")
    #expect(NumberText.probability(0.6434) == "0.643")
  }
}

/// Near-miss corrections need something to correct: "No" first in answer to a yes/no
/// question is the answer (issue 11: sqrt2-rational token 1 was the corpus's only near-miss
/// kind), while the same token first in an "are you sure?" reply corrects the given turn.
@Suite struct NearMissContextTests {
  static func reply(_ firstTop: [(String, Double)]) -> Message {
    let first = Token(bytes: Array("Yes".utf8), logprob: Logprob(probability: 0.6),
                      top: firstTop.map { Alternative(bytes: Array($0.0.utf8), logprob: Logprob(probability: $0.1)) }, chosenIndex: 0)
    let rest = [Token(bytes: Array(", it is.".utf8), logprob: Logprob(probability: 0.9))]
    return Message(role: .assistant, text: "Yes, it is.", tokens: [first] + rest)
  }

  static func nearMisses(_ messages: [Message]) -> Int {
    let transcript = Transcript(id: "t", source: SourceRef(path: "f", line: 1, byteOffset: 0, byteLength: 1, choice: 0, format: .confab),
                                messages: messages)
    return Analyzer.builtIn.analyze(transcript).events.filter { $0.kind == .nearMissCorrection }.count
  }

  /// A reply that is one high-entropy run (a small model's, by the fixed threshold) still
  /// has its near-misses and competing answers: the run is one event, its positions are not
  /// skipped.
  @Test func positionsInsideAHighEntropyRunAreStillAsked() {
    func flat(_ bytes: String, _ p: Double, rival: (String, Double)) -> Token {
      let spread = (0..<12).map { Alternative(bytes: Array(" w\($0)".utf8), logprob: Logprob(probability: 0.02)) }
      return Token(bytes: Array(bytes.utf8), logprob: Logprob(probability: p),
                   top: [Alternative(bytes: Array(bytes.utf8), logprob: Logprob(probability: p)),
                         Alternative(bytes: Array(rival.0.utf8), logprob: Logprob(probability: rival.1))] + spread, chosenIndex: 0)
    }
    let tokens = [flat("The", 0.3, rival: (" A", 0.2)), flat(" capital", 0.3, rival: (" city", 0.2)), flat(" is", 0.3, rival: (" was", 0.2)),
                  flat(" Sydney", 0.4, rival: (" Canberra", 0.3)), flat(".", 0.3, rival: ("!", 0.2)), flat(" It", 0.3, rival: (" Wait", 0.3))]
    let transcript = Transcript(id: "t", source: SourceRef(path: "f", line: 1, byteOffset: 0, byteLength: 1, choice: 0, format: .confab),
                                messages: [Message(role: .user, text: "Capital of Australia?"),
                                           Message(role: .assistant, text: "The capital is Sydney. It", tokens: tokens)])
    var analyzer = Analyzer.builtIn
    analyzer.thresholds.highEntropy = 1
    let events = analyzer.analyze(transcript).events
    #expect(events.filter { $0.kind == .highEntropy }.map(\.tokens) == [0..<6], "one run over the whole reply")
    #expect(events.filter { $0.kind == .competingAnswer }.map(\.tokens) == [3..<4])
    #expect(events.filter { $0.kind == .nearMissCorrection }.map(\.tokens) == [5..<6])
  }

  @Test func aFirstTokenCorrectsOnlyAGivenTurn() {
    let top = [("Yes", 0.6), ("No", 0.3)]
    #expect(Self.nearMisses([Message(role: .user, text: "Is 91 prime?"), Self.reply(top)]) == 0, "the answer, not a correction")
    #expect(Self.nearMisses([Message(role: .user, text: "Capital of Canada?"), Message(role: .assistant, text: "Toronto."),
                             Message(role: .user, text: "Are you sure?"), Self.reply(top)]) == 1, "it would have corrected Toronto")
  }
}
