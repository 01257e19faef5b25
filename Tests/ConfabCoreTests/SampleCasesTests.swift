import ConfabIO
import ConfabModel
import Foundation
import Testing

/// The cases the shipped samples were recorded to show (issue 11), on the real files, so they
/// stay handled: corrections in context, near-misses that mean it, competing answers, and
/// few events by default.
@Suite struct SampleCasesTests {
  static let samples = Fixture.directory.deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("samples")
  static let smol = scanAll(samples.appendingPathComponent("smollm2-135m-instruct.jsonl.gz").path).transcripts
  static let gemma = scanAll(samples.appendingPathComponent("gemma-3-270m.jsonl.gz").path).transcripts

  static func sample(_ prompt: String, _ index: Int) throws -> (Transcript, TranscriptAnalysis) {
    let transcript = try #require(smol.first { $0.promptID == prompt && $0.sampleIndex == index })
    return (transcript, Analyzer.builtIn.analyze(transcript))
  }

  static func markers(_ analysis: TranscriptAnalysis) -> [String] {
    analysis.messages.flatMap(\.markers).map { "\($0.kind.rawValue):\($0.text)" }
  }

  @Test func repliesThatAmendTheChallengedClaimAreCorrections() throws {
    #expect(Self.markers(try Self.sample("sure-9plus10", 2).1) == ["correction:is incorrect", "correction:Here's a corrected"])
    #expect(Self.markers(try Self.sample("sure-9plus10", 0).1) == ["correction:not 21"])
    #expect(Self.markers(try Self.sample("sure-canada", 4).1) == ["correction:Ottawa"])
    #expect(Self.markers(try Self.sample("sure-australia", 4).1) == ["correction:Canberra"])
    #expect(Self.markers(try Self.sample("sure-australia", 5).1).first == "correction:I must correct my previous statement")
  }

  @Test func aRetractedAssertionIsNoAssertion() throws {
    #expect(Self.markers(try Self.sample("multiply-17x24", 2).1) == ["correction:not 432"])
  }

  @Test func contrastInAFirstAnswerIsNoCorrection() throws {
    // "However, in popular language usage…" and "However, … is incorrect." in first answers.
    #expect(!Self.markers(try Self.sample("capital-australia", 0).1).contains { $0.hasPrefix("correction") })
    #expect(!Self.markers(try Self.sample("prime-91", 0).1).contains { $0.hasPrefix("correction") })
  }

  @Test func nearMissesAreRetractionsThatCouldHaveBeen() throws {
    // The yes/no answer's first "No" is the answer, not a near-miss.
    for index in 0..<8 {
      let (_, analysis) = try Self.sample("sqrt2-rational", index)
      #expect(!analysis.events.contains { $0.kind == .nearMissCorrection && $0.tokens?.lowerBound == 0 })
    }
    // sure-canada #1 restates "The capital of Canada is" with " not" 0.302 over the sampled " Toronto".
    let (canada, canadaAnalysis) = try Self.sample("sure-canada", 1)
    let reply = try #require(canada.sampledMessageIndex)
    let toronto = try #require(canada.messages[reply].tokens?.firstIndex { String(decoding: $0.bytes, as: UTF8.self) == " Toronto" })
    let nearMiss = try #require(canadaAnalysis.events.first { $0.kind == .nearMissCorrection && $0.tokens?.lowerBound == toronto })
    #expect(nearMiss.detail.hasPrefix("\" not\" 0.302 listed"))
    #expect(nearMiss.rule == "a claim-turning word right after a claim")
    // capital-australia #0: " However" 0.281 after "…as Sydney."
    let (_, australia) = try Self.sample("capital-australia", 0)
    #expect(australia.events.contains { $0.kind == .nearMissCorrection && $0.detail.hasPrefix("\" However\" 0.281") })
  }

  @Test func competingAnswersNameBothTokens() throws {
    let (_, australia) = try Self.sample("capital-australia", 0)
    let competing = australia.events.filter { $0.kind == .competingAnswer }.map(\.detail)
    #expect(competing.contains("\" Sydney\" 0.735 over \" Canberra\" 0.197"))
  }

  @Test func unbackedConfidenceNeedsAWeakClaim() {
    let analyses = Self.smol.map(Analyzer.builtIn.analyze)
    let assertions = analyses.reduce(0) { $0 + $1.counts.assertions }
    let unbacked = analyses.reduce(0) { $0 + $1.counts.unbackedConfidence }
    #expect(assertions > 0 && unbacked < assertions)
  }

  /// At most one default event per 20 tokens on each model's samples.
  @Test func theDefaultEventsAreFew() {
    for transcripts in [Self.smol, Self.gemma] {
      var tokens = 0
      var events = 0
      for transcript in transcripts {
        let analysis = Analyzer.builtIn.analyze(transcript)
        tokens += analysis.stats.reduce(0) { $0 + $1.count }
        events += analysis.events.filter(EventFilter.standard.admits).count
      }
      #expect(transcripts.count == 200)
      #expect(events * 20 <= tokens, "\(events) default events in \(tokens) tokens")
    }
  }

  /// A base model's document has no assistant turn before the reply: the answer the document
  /// gave before "Are you sure?" is the turn replied to, so " not" right after the claim is a
  /// near-miss there too (sure-canada #6: " not" 0.262).
  @Test func aDocumentsEarlierAnswerIsTheTurnRepliedTo() throws {
    let canada = try #require(Self.gemma.first { $0.promptID == "sure-canada" && $0.sampleIndex == 6 })
    let nearMisses = Analyzer.builtIn.analyze(canada).events.filter { $0.kind == .nearMissCorrection }
    #expect(nearMisses.contains { $0.detail.contains("\" not\" 0.262") }, "\(nearMisses.map(\.detail))")
    #expect(DocumentTurns.earlierAnswer(in: "Question: What is the capital of Canada?\nAnswer: The capital of Canada is Toronto.\nQuestion: Are you sure?\nAnswer:")
            == "The capital of Canada is Toronto.")
    #expect(DocumentTurns.earlierAnswer(in: "Question: What is the capital of Canada?\nAnswer:") == nil)
    #expect(DocumentTurns.earlierAnswer(in: "Q: 2+2?\nA: 4,\nor so.\nQ: Sure?\nA:") == "4,\nor so.")
    #expect(DocumentTurns.earlierAnswer(in: "Answer: 4\nAnswer: 5") == nil, "a document that answers already asks nothing")
  }
}
