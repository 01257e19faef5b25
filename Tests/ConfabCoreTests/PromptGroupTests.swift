import ConfabModel
import Foundation
import Testing

/// Samples of one prompt: grouping, the prefix tree's forks, answers and decisiveness.
@Suite struct PromptGroupTests {
  static func token(_ text: String, _ lp: Double?, id: Int? = nil, top: [(String, Double)] = []) -> Token {
    Token(bytes: Array(text.utf8), logprob: Logprob(raw: lp), id: id,
          top: top.map { Alternative(bytes: Array($0.0.utf8), logprob: Logprob(raw: $0.1)) })
  }

  static let shared = [token("The", -0.1), token(" capital", -0.2)]

  @Test func forksReportBranchesTheirProbabilityAndTheUnsampledMass() {
    let fork = [(" Canberra", log(0.6)), (" Sydney", log(0.2)), (" Melbourne", log(0.1))]
    let a = Self.shared + [Self.token(" Canberra", log(0.6), top: fork), Self.token(".", -0.01)]
    let b = Self.shared + [Self.token(" Sydney", log(0.2), top: fork)]
    let c = Self.shared + [Self.token(" Canberra", log(0.6), top: fork), Self.token("!", -3)]
    let forks = ForkTree.forks([a, b, c])
    #expect(forks.count == 2)
    #expect(forks[0].tokenIndex == 2)
    #expect(forks[0].prefix == "The capital")
    #expect(forks[0].branches.map(\.token) == [" Canberra", " Sydney"])
    #expect(forks[0].branches.map(\.samples) == [2, 1])
    #expect(abs((forks[0].branches[0].p ?? 0) - 0.6) < 1e-9)
    #expect(abs((forks[0].unsampledMass ?? 0) - 0.1) < 1e-9)
    // The two Canberra samples part at the next token; no listed distribution there.
    #expect(forks[1].tokenIndex == 3)
    #expect(forks[1].prefix == "The capital Canberra")
    #expect(forks[1].unsampledMass == nil)
  }

  @Test func aSampleThatEndsAtTheForkIsANullBranch() {
    let forks = ForkTree.forks([Self.shared, Self.shared + [Self.token(" of", -1)], Self.shared])
    #expect(forks.count == 1)
    #expect(forks[0].branches == [Fork.Branch(token: nil, samples: 2, p: nil), Fork.Branch(token: " of", samples: 1, p: exp(-1))])
  }

  @Test func identicalSamplesAndSingleSamplesHaveNoForks() {
    #expect(ForkTree.forks([Self.shared, Self.shared]).isEmpty)
    #expect(ForkTree.forks([Self.shared]).isEmpty)
    #expect(ForkTree.forks([]).isEmpty)
  }

  /// Ids decide when every token has one (two ids can share bytes, e.g. merged entries rebuilt
  /// differently); bytes decide otherwise. An unknown logprob takes p from the listed top-k.
  @Test func tokensCompareByIdWhenAllHaveThem() {
    let x = [Self.token("a", -1, id: 1), Self.token("b", nil, id: 7, top: [("b", log(0.25))])]
    let y = [Self.token("a", -1, id: 1), Self.token("b", -2, id: 8)]
    let byID = ForkTree.forks([x, y])
    #expect(byID.count == 1)
    #expect(byID[0].branches.count == 2)
    let withoutIDs = [Self.token("a", -1), Self.token("b", nil, top: [("b", log(0.25))])]
    #expect(ForkTree.forks([withoutIDs, y]).isEmpty)
    let p = ForkTree.forks([x, y])[0].branches.first { $0.p.map { abs($0 - 0.25) < 1e-9 } ?? false }
    #expect(p != nil, "the listed alternative gives p when the sampled logprob is unknown")
  }

  @Test func answerClustersCountTheNoAnswerClusterAndGiveEntropyInNats() {
    let clusters = AnswerClusters(answers: ["canberra", "sydney", "canberra", nil])
    #expect(clusters.clusters.map(\.answer) == ["canberra", "sydney", nil])
    #expect(clusters.agreement == 0.5)
    #expect(abs(clusters.entropy - -(0.5 * log(0.5) + 2 * 0.25 * log(0.25))) < 1e-12)
    #expect(AnswerClusters(answers: [nil, nil]).agreement == 1)
  }

  @Test func answersByPatternAndByTheDefaultHeuristic() throws {
    let rule = AnswerRule.pattern("(?i)capital of \\w+ is\\s+(\\w+)")
    #expect(try rule.answer(in: "The capital of Australia is  Canberra.", prompt: "") == "canberra")
    #expect(try rule.answer(in: "No idea.", prompt: "") == nil)
    #expect(try AnswerRule.pattern("\\d+").answer(in: "It is 408!", prompt: "") == "408")
    let heuristic = AnswerRule.heuristic
    #expect(try heuristic.answer(in: "The capital of Australia is typically referred to as Sydney.",
                                 prompt: "What is the capital of Australia?") == "sydney")
    #expect(try heuristic.answer(in: "17 * 24 = 408", prompt: "What is 17 * 24?") == "408")
    #expect(try heuristic.answer(in: "So the answer is **Paris**.", prompt: "Capital of France?") == "paris")
    #expect(try heuristic.answer(in: "I'm not sure. It might be Ottawa.", prompt: "Capital of Canada?") == "ottawa")
    #expect(try heuristic.answer(in: "yes", prompt: "Is it?") == "yes")
    #expect(try heuristic.answer(in: "No, 91 = 7 × 13.", prompt: "Is 91 prime?") == "no")
    #expect(try heuristic.answer(in: "Yesterday it was 5.", prompt: "What?") == "5", "a word that starts with yes is not yes")
    #expect(try heuristic.answer(in: "17 * 24 = 432\nThe answer is not 432. It is 408.", prompt: "What is 17 * 24?") == "432",
            "a retraction is not the stated answer; the first new number is taken")
    #expect(try heuristic.answer(in: "The ANSWER: 12, surely", prompt: "Count?") == "12")
    #expect(try heuristic.answer(in: "Temperatures of -3.5 and 2,5", prompt: "Q?") == "-3.5")
    #expect(try heuristic.answer(in: "", prompt: "Q?") == nil)
    #expect(try heuristic.answer(in: "As an AI, I think it is Ottawa.", prompt: "Capital of Canada?") == "ottawa")
    #expect(try heuristic.answer(in: "It is Toronto\nHowever, it may be Ottawa.", prompt: "Capital of Canada?") == "toronto",
            "a word after a line break starts a sentence")
    #expect(try heuristic.answer(in: "The capital of Canada is\nOttawa.", prompt: "Capital of Canada?") == nil)
    #expect(try heuristic.answer(in: "The answer is not.", prompt: "Q?") == nil)
    #expect(AnswerRule.normalized("<strong>Perth</strong>") == "perth")
    #expect(AnswerRule.normalized("Shakespeare</strong") == "shakespeare", "a tag cut at the end")
    #expect(AnswerRule.normalized("3 < 4") == "3 < 4", "a < before a space is no tag")
  }

  static func transcript(_ id: String, model: String? = "m", promptID: String? = nil, user: String = "Q?", reply: String = "A") -> Transcript {
    Transcript(id: id, source: SourceRef(path: "f", line: 1, byteOffset: 0, byteLength: 1, choice: 0, format: .confab),
               model: model, promptID: promptID,
               messages: [Message(role: .user, text: user), Message(role: .assistant, text: reply, tokens: [])])
  }

  @Test func samplesGroupByModelAndPromptMessagesOrARecordedPromptID() {
    let a = PromptKey(Self.transcript("a", reply: "one"))
    #expect(a == PromptKey(Self.transcript("b", reply: "two")), "the reply is not part of the prompt")
    #expect(a != PromptKey(Self.transcript("c", model: "other")))
    #expect(a != PromptKey(Self.transcript("d", user: "Q2?")))
    #expect(PromptKey(Self.transcript("e", promptID: "p", user: "x")) == PromptKey(Self.transcript("f", promptID: "p", user: "y")))
    // A prompt's own assistant turn is given, not sampled: it belongs to the prompt.
    var followUp = Self.transcript("g")
    followUp.messages = [Message(role: .user, text: "Q?"), Message(role: .assistant, text: "Toronto."),
                         Message(role: .user, text: "Are you sure?"), Message(role: .assistant, text: "Yes", tokens: [])]
    #expect(followUp.sampledMessageIndex == 3)
    #expect(followUp.promptText == "Are you sure?")
    #expect(PromptKey(followUp) != a)
    // Without a recorded prompt only the choices of one record group: bare completions from
    // different records may have had any prompt.
    var bare = Self.transcript("h")
    bare.messages = [Message(role: .assistant, text: "x", tokens: [])]
    var otherRecord = bare
    otherRecord.source.line = 2
    otherRecord.source.byteOffset += 100
    var secondChoice = bare
    secondChoice.source.choice = 1
    #expect(PromptKey(bare) != PromptKey(otherRecord))
    #expect(PromptKey(bare) == PromptKey(secondChoice))
    // By the record's place in its file, which a scan's worker knows (its lines it counts from
    // its block's start).
    var sameRecordLineUnknown = bare
    sameRecordLineUnknown.source.line = 0
    #expect(PromptKey(bare) == PromptKey(sameRecordLineUnknown))
  }

  @Test func decisivenessGapAndConfidentInconsistency() throws {
    var hedged = EventCounts()
    hedged.hedges = 1
    hedged.hedgeStrength = 1  // one cue of full strength
    let samples = [
      PromptSample(transcript: Self.transcript("a", reply: "It is Canberra."), counts: EventCounts()),
      PromptSample(transcript: Self.transcript("b", reply: "It is Sydney."), counts: EventCounts()),
      PromptSample(transcript: Self.transcript("c", reply: "It is probably Perth."), counts: hedged),
    ]
    #expect(samples[2].decisiveness == 0.5)
    let report = try PromptReport(samples: samples, rule: .heuristic, thresholds: InconsistencyThresholds())
    #expect(abs(report.decisiveness - 2.5 / 3) < 1e-12)
    #expect(abs(report.answers.agreement - 1.0 / 3) < 1e-12)
    #expect(abs(report.gap - (2.5 / 3 - 1.0 / 3)) < 1e-12)
    #expect(report.confidentlyInconsistent)
    let lenient = try PromptReport(samples: samples, rule: .heuristic, thresholds: InconsistencyThresholds(decisive: 0.9, agreement: 0.6))
    #expect(!lenient.confidentlyInconsistent)
  }
}
