import ConfabIO
import ConfabModel
import Foundation
import Testing

/// `ParallelScan.map` walks a file on several threads and hands back, in file order, what one
/// thread reading it start to end hands back: the same values, the same problems at the same
/// lines.
@Suite struct ParallelMapTests {
  /// A file past the size worth cutting (16 MiB), with broken lines spread through it.
  static func corpus() throws -> String {
    var lines: [String] = []
    var size = 0
    var number = 0
    while size < 18 << 20 {
      number += 1
      let line: String
      if number % 97 == 0 {
        line = #"{"choices": [{"message": {"content": "x"}, "logprobs": {"content": [{"token": 5, "logprob": -1}]}}]}"#
      } else {
        let tokens = (0..<200).map { position in
          let text = " w\((number * 7 + position) % 13)"
          return #"{"token": "\#(text)", "logprob": -0.\#(position % 9 + 1), "top_logprobs": [{"token": "\#(text)", "logprob": -0.\#(position % 9 + 1)}, {"token": " probably", "logprob": -2.5}]}"#
        }
        line = #"{"id": "r\#(number)", "prompt_id": "p\#(number % 5)", "model": "m", "choices": [{"index": 0, "message": {"role": "assistant", "content": "x"}, "logprobs": {"content": ["# + tokens.joined(separator: ", ") + "]}}]}"
      }
      lines.append(line)
      size += line.utf8.count + 1
    }
    return try temporaryFile("big.jsonl", lines.joined(separator: "\n") + "\n")
  }

  @Test func manyThreadsHandBackWhatOneDoes() throws {
    let path = try Self.corpus()
    func walk(threads: Int) -> (values: [String], problems: [String], lines: Int) {
      var values: [String] = []
      var problems: [String] = []
      let lines = ParallelScan.map(path: path, threads: threads) { transcript in
        "\(transcript.promptID ?? "-") \(transcript.tokenCount) \(transcript.messages.last?.text.prefix(12) ?? "")"
      } each: { mapped in
        switch mapped {
        case .value(let value): values.append(value)
        case .problem(let problem): problems.append("\(problem)")
        }
      }
      return (values, problems, lines)
    }
    let one = walk(threads: 1)
    let two = walk(threads: 2)
    #expect(one.values.count > 500)
    #expect(one.problems.count > 5)
    #expect(two.values == one.values)
    #expect(two.problems == one.problems)
    #expect(two.lines == one.lines)
  }

  /// A corpus's relative thresholds are the same read on many threads as counted transcript by
  /// transcript.
  @Test func corpusThresholdsAreTheSameOnManyThreads() throws {
    let path = try Self.corpus()
    var one = RelativeThresholds()
    RecordFile.scan(path: path, parser: JSONParser()) { outcome in
      if case .transcripts(let transcripts) = outcome { transcripts.forEach { one.add($0) } }
      return true
    }
    let many = RelativeThresholds.ofFiles([path], threads: 2)
    #expect(one.positions > 100_000)
    #expect(many == one)
    #expect(many.highEntropy != nil && many.unlikely != nil)
  }

  /// Many files, small and large, one pool: each file's rows and problems in order, lines
  /// counted from each file's start, as one thread reading file after file.
  @Test func manyFilesReadByOnePoolHandBackWhatOneThreadDoes() throws {
    let big = try Self.corpus()
    let small = try (0..<6).map { index in
      try temporaryFile("small-\(index).jsonl", (0..<(index + 1)).map { line in
        line == 1 ? "{not json" : #"{"choices": [{"message": {"content": "a\#(index)-\#(line)"}, "logprobs": {"content": [{"token": "a", "logprob": -0.\#(line + 1)}]}}]}"#
      }.joined(separator: "\n") + "\n")
    }
    let paths = [small[0], big] + small.dropFirst() + [big]
    func walk(threads: Int) -> [String] {
      var seen: [String] = []
      ParallelScan.summarize(paths: paths, analyzer: .builtIn, threads: threads) { item in
        switch item {
        case .summary(let summary): seen.append("\(summary.source.path) \(summary.source.line) \(summary.id) \(summary.figures.tokens)")
        case .problem(let problem): seen.append("\(problem)")
        }
      }
      return seen
    }
    let one = walk(threads: 1)
    #expect(one.count > 1000)
    #expect(walk(threads: 2) == one)
    #expect(walk(threads: 3) == one)
  }

  /// A value that keeps a line gets it counted from the file's start, through `shift`.
  @Test func shiftMovesBlockRelativeLines() throws {
    let path = try Self.corpus()
    func lines(threads: Int) -> [Int] {
      var found: [Int] = []
      ParallelScan.map(path: path, threads: threads) { $0.source.line } shift: { $0 + $1 } each: { mapped in
        if case .value(let line) = mapped { found.append(line) }
      }
      return found
    }
    let one = lines(threads: 1)
    #expect(lines(threads: 3) == one)
    #expect(one.first == 1 && one.count > 500)
  }
}
