@testable import ConfabIO
import ConfabModel
import Foundation
import Testing

/// simonw/llm's logs.db (both schemas), Inspect's prompt_logprobs and Responses-API logprobs,
/// and the prompt's own scores kept apart from the sampled figures (make_fixtures.py, 24-26).
@Suite struct LLMLogsAndPromptScoresTests {
  static func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

  @Test func llmLogsReadsStreamedAndWholeCompletionsAndNamesTheBrokenRow() throws {
    let (transcripts, problems) = FormatsTests.load("llm-logs.db")
    // The chat row without logprobs is left out; the broken row is a problem at its ordinal.
    #expect(transcripts.count == 2)
    #expect(transcripts.map(\.source.format) == [.llmLogs, .llmLogs])
    #expect(transcripts.map(\.source.line) == [1, 2])
    #expect(problems.count == 1)
    #expect(problems.first?.line == 4)
    #expect(problems.first?.message.contains("01j0000000000000000000004") == true)
    let paris = try #require(FormatsTests.assistant(transcripts[0])?.tokens)
    // The two-token chunk ", surely" is cut where its two maps spell it out.
    #expect(paris.map { Self.text($0.bytes) } == [" Paris", ",", " surely", ".", " Café"])
    #expect(paris[2].logprob.value == -3.1 && paris[2].chosenRank == 2)
    // "." is missing from its map: sampled outside the listed two, logprob unknown.
    #expect(paris[3].chosenIndex == nil && paris[3].logprob.raw == nil && paris[3].top.count == 2)
    #expect(transcripts[0].messages.first?.text == "Capital of France?")
    #expect(transcripts[0].model == "gpt-3.5-turbo-instruct")
    let four = try #require(FormatsTests.assistant(transcripts[1])?.tokens)
    #expect(four.count == 1 && four[0].logprob.value == -0.05 && four[0].top.count == 2)
  }

  @Test func llmLogsReloadsARowByItsReference() throws {
    let (transcripts, _) = FormatsTests.load("llm-logs.db")
    for transcript in transcripts {
      let again = try RecordFile.load(transcript.source, parser: JSONParser())
      #expect(again == transcript)
    }
  }

  @Test func llmLogsReadsTheTurnsOfNewerReleases() throws {
    let (transcripts, problems) = FormatsTests.load("llm-logs-turns.db")
    #expect(problems.isEmpty)
    let turn = try #require(transcripts.first)
    #expect(turn.messages.map(\.text) == ["Sure?", " Yes"])
    #expect(FormatsTests.assistant(turn)?.tokens?.first?.chosenRank == 1)
  }

  @Test func aSQLiteFileThatIsNotALogsDatabaseIsOneClearProblem() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("confab-llm-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    // A tag store is SQLite too: named here, it is reported, not read as transcripts.
    let path = folder.appendingPathComponent("tags.db").path
    _ = try TagStore(path: path)
    let (transcripts, problems) = scanAll(path)
    #expect(transcripts.isEmpty)
    #expect(problems.map(\.message) == ["SQLite database without llm's responses or turns table: not an llm logs.db"])
    let before = try Data(contentsOf: URL(fileURLWithPath: Fixture.path("formats/llm-logs.db")))
    _ = FormatsTests.load("llm-logs.db")
    #expect(try Data(contentsOf: URL(fileURLWithPath: Fixture.path("formats/llm-logs.db"))) == before)  // never written
  }

  @Test func inspectKeepsThePromptAsScoredAndResponsesLogprobsWithoutBytes() throws {
    let (transcripts, problems) = FormatsTests.load("inspect-prompt-logprobs.json")
    #expect(problems.isEmpty)
    #expect(transcripts.count == 2)
    let scored = try #require(transcripts[0].messages.first { $0.channel == .prompt })
    #expect(scored.text == " capital of Japan is")
    #expect(scored.tokens?.first?.chosenRank == 2)
    #expect(FormatsTests.assistant(transcripts[0])?.text == " 東京")
    let reply = try #require(FormatsTests.assistant(transcripts[1])?.tokens)
    #expect(reply.map { Self.text($0.bytes) } == ["Yes", ",", " certainly", "."])
    #expect(reply[1].top.isEmpty && reply[1].logprob.value == -0.5)  // top_logprobs null
    #expect(reply[2].chosenIndex == nil && reply[2].top.count == 1)  // sampled outside the one listed
  }

  @Test func thePromptsScoresStayOutOfTheSampledFigures() throws {
    let (transcripts, _) = FormatsTests.load("inspect-prompt-logprobs.json")
    let figures = TranscriptFigures(transcript: transcripts[0])
    #expect(figures.tokens == 1 && figures.meanLogprob == -0.4)
    #expect(figures.promptTokens == 4)
    #expect(abs((figures.promptMeanSurprisal ?? 0) - 2.5) < 1e-12)  // (6.5 + 0.3 + 3.0 + 0.2) / 4
    #expect(TranscriptFigures(transcript: transcripts[1]).promptTokens == 0)
    var corpus = CorpusFigures()
    for transcript in transcripts { corpus.add(TranscriptFigures(transcript: transcript)) }
    #expect(corpus.tokens == 5 && corpus.promptTokens == 4 && corpus.promptMeanSurprisal == figures.promptMeanSurprisal)
    // The list's columnar table keeps them too.
    let table = SummaryTable(transcripts.map { TranscriptSummary($0) })
    #expect(table[0].figures == figures)
  }
}
