import ConfabIO
import ConfabModel
import ArgumentParser
import Foundation

struct Scan: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Per-transcript and corpus statistics (tokens, mean logprob, entropy bounds, outside top-k).",
    discussion: "Problems go to stderr as path:line: message; the exit code is 1 when there were any.")

  @Argument(help: "Files or folders.")
  var paths: [String]

  @Flag(help: "Write JSON to stdout.")
  var json = false

  @Flag(help: "Write CSV to stdout.")
  var csv = false

  @OptionGroup var analysis: AnalysisOptions

  @Option(help: "Threads for large JSONL files (default: one per core).")
  var threads: Int?

  func run() throws {
    let (files, expandProblems) = InputPaths.expand(paths)
    var problems = expandProblems
    var rows: [TranscriptSummary] = []
    var corpus = CorpusFigures()
    let analyzer = try analysis.analyzer()
    for file in files {
      // Large JSONL files are cut at line boundaries and read on every core.
      for item in ParallelScan.summarize(path: file, analyzer: analyzer, threads: threads ?? ProcessInfo.processInfo.activeProcessorCount) {
        switch item {
        case .summary(let summary):
          corpus.add(summary.figures, summary.counts)
          rows.append(summary)
        case .problem(let problem):
          problems.append(problem)
        }
      }
    }
    for problem in problems { warn("\(problem)") }
    if json {
      print(try ScanReport(rows: rows, corpus: corpus, problems: problems).json())
    } else if csv {
      print(ScanReport.csv(rows))
    } else {
      print(ScanReport.table(rows, corpus: corpus))
    }
    if !problems.isEmpty { throw ExitCode(1) }
  }
}

/// The shapes `confab scan` prints.
struct ScanReport: Encodable {
  struct Row: Encodable {
    var id: String
    var path: String
    var line: Int
    var choice: Int
    var format: String
    var title: String
    var model: String?
    var prompt_id: String?
    var sample: Int?
    var figures: TranscriptFigures
    var counts: EventCounts
    var per_1k_tokens: Rates
  }

  /// Events per 1,000 tokens: the figures that compare across corpora.
  struct Rates: Encodable {
    var corrections: Double?
    var near_miss_corrections: Double?
    var hedges: Double?
    var assertions: Double?
    var unbacked_confidence: Double?
    var performative_hedges: Double?

    init(_ counts: EventCounts, tokens: Int) {
      func rate(_ count: Int) -> Double? { tokens > 0 ? Double(count) * 1000 / Double(tokens) : nil }
      corrections = rate(counts.corrections)
      near_miss_corrections = rate(counts.nearMissCorrections)
      hedges = rate(counts.hedges)
      assertions = rate(counts.assertions)
      unbacked_confidence = rate(counts.unbackedConfidence)
      performative_hedges = rate(counts.performativeHedges)
    }
  }

  /// The corpus figures flat at the top, with counts and rates beside them.
  struct Corpus: Encodable {
    var figures: CorpusFigures
    var counts: EventCounts
    var per_1k_tokens: Rates

    enum Keys: String, CodingKey { case counts, per_1k_tokens }

    func encode(to encoder: Encoder) throws {
      try figures.encode(to: encoder)
      var container = encoder.container(keyedBy: Keys.self)
      try container.encode(counts, forKey: .counts)
      try container.encode(per_1k_tokens, forKey: .per_1k_tokens)
    }
  }

  struct Problem: Encodable {
    var path: String
    var line: Int?
    var field: String?
    var message: String
  }

  var transcripts: [Row]
  var corpus: Corpus
  var problems: [Problem]

  init(rows: [TranscriptSummary], corpus: CorpusFigures, problems: [ImportProblem]) {
    transcripts = rows.map {
      Row(id: $0.id, path: $0.source.path, line: $0.source.line, choice: $0.source.choice,
          format: $0.source.formatLabel, title: $0.title, model: $0.model, prompt_id: $0.promptID,
          sample: $0.sampleIndex, figures: $0.figures, counts: $0.counts,
          per_1k_tokens: Rates($0.counts, tokens: $0.figures.tokens))
    }
    self.corpus = Corpus(figures: corpus, counts: corpus.counts, per_1k_tokens: Rates(corpus.counts, tokens: corpus.tokens))
    self.problems = problems.map { Problem(path: $0.path, line: $0.line, field: $0.field, message: $0.message) }
  }

  func json() throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
    return String(decoding: try encoder.encode(self), as: UTF8.self)
  }

  static func number(_ value: Double?, _ digits: Int = 4, missing: String = "n/a") -> String {
    value.map { String(format: "%.\(digits)f", $0) } ?? missing
  }

  static func csv(_ rows: [TranscriptSummary]) -> String {
    func quote(_ text: String) -> String { "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
    var lines = ["id,path,line,choice,format,title,model,prompt_id,sample,tokens,mean_logprob,mean_entropy_bound,max_entropy_bound,outside_topk_share,"
      + "hedges,corrections,assertions,near_miss_corrections,unbacked_confidence,performative_hedges,high_entropy,unlikely_tokens,corrections_per_1k,near_miss_corrections_per_1k"]
    for row in rows {
      let f = row.figures
      lines.append([
        row.id, quote(row.source.path), String(row.source.line), String(row.source.choice), row.source.formatLabel,
        quote(row.title), quote(row.model ?? ""), quote(row.promptID ?? ""), row.sampleIndex.map(String.init) ?? "",
        String(f.tokens), number(f.meanLogprob, missing: ""), number(f.meanEntropyBound, missing: ""),
        number(f.maxEntropyBound, missing: ""), number(f.outsideTopKShare, missing: ""),
      ].joined(separator: ",") + "," + countFields(row.counts, tokens: f.tokens))
    }
    return lines.joined(separator: "\n")
  }

  static func countFields(_ c: EventCounts, tokens: Int) -> String {
    let rates = Rates(c, tokens: tokens)
    let counts = [c.hedges, c.corrections, c.assertions, c.nearMissCorrections, c.unbackedConfidence,
                  c.performativeHedges, c.highEntropy, c.unlikelyTokens].map(String.init)
    return (counts + [number(rates.corrections, 3, missing: ""), number(rates.near_miss_corrections, 3, missing: "")]).joined(separator: ",")
  }

  static func table(_ rows: [TranscriptSummary], corpus: CorpusFigures) -> String {
    func cell(_ text: String, _ width: Int) -> String {
      text.count >= width ? String(text.prefix(width - 1)) + " " : text.padding(toLength: width, withPad: " ", startingAt: 0)
    }
    var lines = [cell("transcript", 30) + cell("tokens", 7) + cell("mean lp", 8) + cell("mean H≥", 8) + cell(">k", 6) + cell("hdg", 4) + cell("cor", 4) + cell("ast", 4) + cell("near", 5) + cell("unb", 4) + "source"]
    for row in rows {
      let f = row.figures
      let name = row.title + (row.sampleIndex.map { " #\($0)" } ?? "")
      let c = row.counts
      let outside = f.outsideTopKShare.map { String(format: "%.0f%%", $0 * 100) } ?? ""
      // Titles and paths come from outside: escaped, so the table cannot drive the terminal.
      var line = cell(Printable.escaped(name), 30) + cell(String(f.tokens), 7) + cell(number(f.meanLogprob, 2), 8)
      line += cell(number(f.meanEntropyBound, 2), 8) + cell(outside, 6)
      line += cell(String(c.hedges), 4) + cell(String(c.corrections), 4) + cell(String(c.assertions), 4)
      line += cell(String(c.nearMissCorrections), 5) + cell(String(c.unbackedConfidence), 4)
      lines.append(line + "\(Printable.escaped(row.source.path)):\(row.source.line)")
    }
    lines.append("")
    lines.append(
      "corpus: \(corpus.transcripts) transcripts, \(corpus.tokens) tokens, mean logprob \(number(corpus.meanLogprob, 3)), "
        + "mean H≥ \(number(corpus.meanEntropyBound, 3)) nats, max H≥ \(number(corpus.maxEntropyBound, 2)), "
        + "outside top-k \(corpus.outsideTopKShare.map { String(format: "%.2f%%", $0 * 100) } ?? "n/a")")
    let rates = Rates(corpus.counts, tokens: corpus.tokens)
    lines.append(
      "per 1,000 tokens: corrections \(number(rates.corrections, 2)), near-miss corrections \(number(rates.near_miss_corrections, 2)), "
        + "hedges \(number(rates.hedges, 2)), assertions \(number(rates.assertions, 2)), unbacked confidence \(number(rates.unbacked_confidence, 2)), "
        + "performative hedges \(number(rates.performative_hedges, 2))")
    return lines.joined(separator: "\n")
  }
}
