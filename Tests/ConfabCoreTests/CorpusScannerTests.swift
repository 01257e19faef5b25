@testable import ConfabIO
import ConfabModel
import Foundation
import Synchronization
import Testing

/// The explorer starts its scanner before the run loop exists, with an analyzer still in the
/// making; the first record comes over analysed, once.
@Suite struct CorpusScannerTests {
  /// Drains until the first pass is done (at most 10 s).
  static func collect(_ scanner: CorpusScanner) -> CorpusUpdate {
    var seen = CorpusUpdate()
    for _ in 0..<400 {
      let news = scanner.drain()
      seen.summaries += news.summaries
      seen.problems += news.problems
      seen.preloaded += news.preloaded
      if news.finished {
        seen.finished = true
        break
      }
      usleep(25_000)
    }
    return seen
  }

  @Test func theFirstRecordComesAnalysedAndItsRowFromTheSameAnalysis() throws {
    let path = Fixture.path("openai-chat-edge.jsonl")
    let transcripts = scanAll(path).transcripts
    let asked = Atomic<Int>(0)
    let scanner = CorpusScanner()
    scanner.start(files: [path]) {
      asked.add(1, ordering: .relaxed)
      return Analyzer.builtIn.readingAnswers
    }
    defer { scanner.cancel() }
    let seen = Self.collect(scanner)
    #expect(seen.finished)
    #expect(asked.load(ordering: .relaxed) == 1, "the analyzer is asked for once")
    let first = try #require(seen.preloaded.first)
    #expect(first == AnalyzedTranscript(transcripts[0], analyzer: .builtIn.readingAnswers))
    #expect(seen.summaries.count == transcripts.count)
    #expect(seen.summaries.first == Analyzer.builtIn.readingAnswers.summarize(transcripts[0]))
  }

  /// A large JSONL file is read on every core: its first record still comes over first and
  /// analysed, and the rows and problems are those of one thread reading it, each once, in
  /// file order.
  @Test func aLargeFileReadOnEveryCoreListsEachRowOnce() throws {
    let path = try ParallelMapTests.corpus()
    let analyzer = Analyzer.builtIn.readingAnswers
    var expected: [TranscriptSummary] = []
    var expectedProblems: [String] = []
    ParallelScan.summarize(path: path, analyzer: analyzer, threads: 1) { item in
      switch item {
      case .summary(let summary): expected.append(summary)
      case .problem(let problem): expectedProblems.append("\(problem)")
      }
    }
    let asked = Atomic<Int>(0)
    let scanner = CorpusScanner()
    scanner.start(files: [path]) {
      asked.add(1, ordering: .relaxed)
      return analyzer
    }
    defer { scanner.cancel() }
    let seen = Self.collect(scanner)
    #expect(seen.finished)
    #expect(asked.load(ordering: .relaxed) == 1)
    #expect(seen.preloaded.count == 1)
    #expect(seen.preloaded.first.map(analyzer.summarize) == expected.first)
    #expect(seen.summaries.count == expected.count)
    #expect(seen.summaries == expected)
    #expect(seen.problems.map { "\($0)" } == expectedProblems)
    #expect(expectedProblems.count > 5)
  }

  /// A file that looks cuttable by its size and first bytes has its first record handed over
  /// before its middle is probed; when the probe finds no cut (here the rest is one long line)
  /// one thread reads it, and the first record's row is still listed once.
  @Test func aLargeFileWithNoCutListsTheFirstRecordOnce() throws {
    let first = #"{"id": "r1", "model": "m", "choices": [{"index": 0, "message": {"role": "assistant", "content": "x"}, "logprobs": {"content": [{"token": " a", "logprob": -0.5, "top_logprobs": [{"token": " a", "logprob": -0.5}]}]}}]}"#
    let long = #"{"id": "r2", "note": ""# + String(repeating: "y", count: 17 << 20) + #""}"#
    let path = try temporaryFile("uncut.jsonl", first + "\n" + long + "\n")
    #expect(ParallelScan.boundaries(path: path, parts: 2) == nil)
    let analyzer = Analyzer.builtIn.readingAnswers
    let scanner = CorpusScanner()
    scanner.start(files: [path]) { analyzer }
    defer { scanner.cancel() }
    let seen = Self.collect(scanner)
    #expect(seen.finished)
    #expect(seen.preloaded.count == 1)
    let one = scanAll(path)
    #expect(seen.summaries == one.transcripts.map(analyzer.summarize))
    #expect(seen.summaries.count == 1)
    #expect(seen.problems.map(\.line) == one.problems.map(\.line))
  }

  /// The explorer's scanner holds a large file's index until the first record is drawn, so
  /// the index's threads do not take the cores from that frame: the rows are the same whether
  /// the reader says it drew (then the index starts) or never does (it starts after a bound).
  @Test(arguments: [true, false]) func holdingTheIndexForTheFirstFrameListsTheSameRows(shown: Bool) throws {
    let path = try ParallelMapTests.corpus()
    let analyzer = Analyzer.builtIn.readingAnswers
    var expected: [TranscriptSummary] = []
    ParallelScan.summarize(path: path, analyzer: analyzer, threads: 1) { item in
      if case .summary(let summary) = item { expected.append(summary) }
    }
    let scanner = CorpusScanner(holdingIndexForFirstFrame: true)
    scanner.start(files: [path]) { analyzer }
    defer { scanner.cancel() }
    var seen = CorpusUpdate()
    for _ in 0..<400 where !seen.finished {
      let news = scanner.drain()
      seen.summaries += news.summaries
      seen.preloaded += news.preloaded
      seen.finished = news.finished
      if shown && !seen.preloaded.isEmpty { scanner.firstRecordShown() }
      usleep(25_000)
    }
    #expect(seen.finished)
    #expect(seen.preloaded.count == 1)
    #expect(seen.summaries == expected)
  }

  @Test func newsBeforeAnyoneListensIsToldWhenSomeoneDoes() {
    let scanner = CorpusScanner()
    scanner.start(files: [Fixture.path("openai-chat-edge.jsonl")], analyzer: .builtIn)
    defer { scanner.cancel() }
    #expect(Self.collect(scanner).finished)
    let heard = Atomic<Int>(0)
    scanner.listen { heard.add(1, ordering: .relaxed) }
    #expect(heard.load(ordering: .relaxed) == 1)
    // Told once: later listeners hear only later news.
    let again = Atomic<Int>(0)
    scanner.listen { again.add(1, ordering: .relaxed) }
    #expect(again.load(ordering: .relaxed) == 0)
  }

  @Test func noAnalyzerStopsTheScan() {
    let scanner = CorpusScanner()
    scanner.start(files: [Fixture.path("openai-chat-edge.jsonl")]) { nil }
    let seen = Self.collect(scanner)
    #expect(seen.finished)
    #expect(seen.summaries.isEmpty && seen.preloaded.isEmpty)
  }
}
