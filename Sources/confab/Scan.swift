import ConfabIO
import ConfabModel
import ArgumentParser
import Foundation

struct Scan: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "scan",
    abstract: "Per-transcript and corpus statistics (tokens, mean logprob, entropy bounds, outside top-k).",
    discussion: "Problems go to stderr as path:line: message; the exit code is 1 when there were any.")

  @Argument(help: ArgumentHelp(InputPaths.helpText))
  var paths: [String]

  @Flag(help: "Write JSON to stdout.")
  var json = false

  @Flag(help: "Write CSV to stdout.")
  var csv = false

  @OptionGroup var analysis: AnalysisOptions

  @Flag(help: "Token figures only (tokens, logprob, entropy bound, outside top-k): no markers, pressures or events, whose counts are then 0.")
  var figuresOnly = false

  @Option(help: "Threads for large JSONL files (default: one per core).")
  var threads: Int?

  @Option(help: ArgumentHelp(
    "Scan only shard K of N (1-based, e.g. 3/8) and write it as JSONL for --merge (docs/scale.md).", valueName: "K/N"))
  var shard: String?

  @Option(help: ArgumentHelp(
    "With --shard: large JSONL files are cut into line-aligned pieces of about this size (bytes, or with K, M or G).",
    valueName: "size"))
  var shardUnit = "64M"

  @Flag(help: "PATHS are the files --shard wrote: print the figures of the unsharded scan, in any of its shapes.")
  var merge = false

  func validate() throws {
    if json && csv { throw ValidationError("--json and --csv are exclusive: choose one.") }
    if merge && figuresOnly { throw ValidationError("--figures-only applies to the shards, not to --merge.") }
    if merge && shard != nil { throw ValidationError("--merge reads the files --shard writes: give one or the other.") }
    if shard != nil && (json || csv) { throw ValidationError("--shard writes its own JSONL (for --merge): drop --json/--csv.") }
    if let shard, Self.shardNumbers(shard) == nil { throw ValidationError("--shard takes K/N with 1 <= K <= N, e.g. 3/8 (got '\(shard)').") }
    if Self.bytes(shardUnit) == nil { throw ValidationError("--shard-unit takes a size such as 64M, 512K or 1G (got '\(shardUnit)').") }
  }

  static func shardNumbers(_ text: String) -> (shard: Int, of: Int)? {
    let parts = text.split(separator: "/")
    guard parts.count == 2, let shard = Int(parts[0]), let count = Int(parts[1]), 1 <= shard, shard <= count else { return nil }
    return (shard, count)
  }

  static func bytes(_ text: String) -> Int? {
    let scale = ["K": 1 << 10, "M": 1 << 20, "G": 1 << 30][text.last.map { String($0).uppercased() } ?? ""]
    guard let number = Int(scale == nil ? text : String(text.dropLast())), number > 0 else { return nil }
    let (total, overflow) = number.multipliedReportingOverflow(by: scale ?? 1)
    return overflow ? nil : total
  }

  func run() throws {
    if let shard, let numbers = Self.shardNumbers(shard) { return try runShard(numbers.shard, of: numbers.of) }
    var problems = ProblemList()
    var corpus = CorpusFigures()
    // Rows are written as they are found: memory stays bounded by the blocks in flight, not
    // the corpus (a million tiny records would otherwise be a million summaries held).
    let writer = ScanWriter(format: json ? .json : csv ? .csv : .table)
    // Rescorings seen, paired with their parents after the pass.
    var rescorings: [(id: String, parent: String)] = []
    let take = { (item: ParallelScan.Item) in
      switch item {
      case .summary(let summary):
        corpus.add(summary.figures, summary.counts)
        writer.row(summary)
        if let parent = summary.rescoreParent { rescorings.append((summary.id, parent)) }
      case .problem(let problem):
        warn("\(problem)")
        problems.append(problem)
      }
    }
    let files: [String]
    if merge {
      do {
        let shards = try ShardMerge(paths)
        files = shards.files
        for problem in shards.pathProblems { take(.problem(problem)) }
        try shards.read(each: take)
      } catch let failure as ShardMerge.Failure {
        warn(failure.description)
        throw ExitCode(1)
      }
    } else {
      let expanded = InputPaths.expand(paths)
      files = expanded.files
      for problem in expanded.problems { take(.problem(problem)) }
      let analyzer = try scanAnalyzer()
      // Large JSONL files are cut at line boundaries, and every file and block is read on
      // every core.
      ParallelScan.summarize(paths: files, analyzer: analyzer, threads: threads ?? ProcessInfo.processInfo.activeProcessorCount, each: take)
    }
    try writer.finish(corpus: corpus, rescores: RescorePair.compare(rescorings, in: files), problems: problems)
    if !problems.isEmpty { throw ExitCode(1) }
  }
}

/// Writes scan's output a row at a time, buffered, in one of its three shapes.
final class ScanWriter {
  enum Shape { case table, csv, json }
  private let shape: Shape
  private var buffer: [UInt8] = []
  private var rows = 0

  init(format: Shape) {
    shape = format
    switch shape {
    case .table: buffer += (ScanReport.tableHeader + "\n").utf8
    case .csv: buffer += (ScanReport.csvHeader + "\n").utf8
    case .json: buffer += "{\n  \"transcripts\" : [".utf8
    }
  }

  func row(_ summary: TranscriptSummary) {
    switch shape {
    case .table: buffer += (ScanReport.tableRow(summary) + "\n").utf8
    case .csv: buffer += (ScanReport.csvRow(summary) + "\n").utf8
    case .json:
      buffer += (rows == 0 ? "\n    " : ",\n    ").utf8
      PrettyJSON.write(ScanReport.Row(summary).json, indent: 4, into: &buffer)
    }
    rows += 1
    if buffer.count >= 1 << 16 { flush() }
  }

  func finish(corpus: CorpusFigures, rescores: [RescorePair], problems: ProblemList) throws {
    switch shape {
    case .table:
      buffer += ("\n" + ScanReport.tableFooter(corpus) + "\n").utf8
      for pair in rescores { buffer += (pair.line + "\n").utf8 }
    case .csv: break
    case .json:
      let corpusText = ScanReport.indented(ScanReport.encode(ScanReport.Corpus(corpus)), by: 2)
      let problemsText = problems.isEmpty ? "  []" : ScanReport.indented(ScanReport.encode(problems.map(ReportText.Problem.init)), by: 2)
      buffer += ((rows == 0 ? "]" : "\n  ]") + ",\n  \"corpus\" : " + corpusText.dropFirst(2) + ",\n  \"problems\" : " + problemsText.dropFirst(2)).utf8
      // A rescoring beside its parent: how the two scored the same bytes.
      buffer += ",\n  \"rescores\" : ".utf8
      PrettyJSON.write(.array(rescores.map(\.json)), indent: 2, into: &buffer)
      buffer += "\n}\n".utf8
    }
    flush()
  }

  private func flush() {
    FileHandle.standardOutput.write(Data(buffer))
    buffer.removeAll(keepingCapacity: true)
  }
}

/// The shapes `confab scan` prints, one row at a time.
enum ScanReport {
  struct Row {
    var id: String
    var path: String
    var line: Int
    var choice: Int
    var format: String
    var title: String
    var model: String?
    var prompt_id: String?
    var sample: Int?
    /// A converted transcript's first source (`path`/`line` are where it is read now).
    var original: OriginalSource?
    var figures: TranscriptFigures
    var counts: EventCounts
    var per_1k_tokens: Rates

    init(_ summary: TranscriptSummary) {
      id = summary.id
      path = summary.source.path
      line = summary.source.line
      choice = summary.source.choice
      format = summary.source.formatLabel
      title = summary.title
      model = summary.model
      prompt_id = summary.promptID
      sample = summary.sampleIndex
      original = summary.original
      figures = summary.figures
      counts = summary.counts
      per_1k_tokens = Rates(summary.counts, tokens: summary.figures.tokens)
    }

    /// The row as `PrettyJSON` writes it: the keys and values the Encodable form has.
    var json: PrettyJSON.Value {
      let f = figures
      let c = counts
      let r = per_1k_tokens
      return .object([
        ("id", .string(id)), ("path", .string(path)), ("line", .int(line)), ("choice", .int(choice)),
        ("format", .string(format)), ("title", .string(title)), ("model", model.map { .string($0) }),
        ("prompt_id", prompt_id.map { .string($0) }), ("sample", sample.map { .int($0) }),
        ("original", original.map { o in
          .object([("path", .string(o.path)), ("line", .int(o.line)), ("choice", .int(o.choice)), ("format", .string(o.format))])
        }),
        ("figures", .object([
          ("tokens", .int(f.tokens)), ("mean_logprob", f.meanLogprob.map { .number($0) }),
          ("mean_entropy_bound", f.meanEntropyBound.map { .number($0) }), ("max_entropy_bound", f.maxEntropyBound.map { .number($0) }),
          ("outside_topk_share", f.outsideTopKShare.map { .number($0) }),
          ("prompt_tokens", .int(f.promptTokens)), ("prompt_mean_surprisal", f.promptMeanSurprisal.map { .number($0) }),
        ])),
        ("counts", .object([
          ("hedges", .int(c.hedges)), ("corrections", .int(c.corrections)), ("assertions", .int(c.assertions)),
          ("near_miss_corrections", .int(c.nearMissCorrections)), ("unbacked_confidence", .int(c.unbackedConfidence)),
          ("performative_hedges", .int(c.performativeHedges)), ("high_entropy", .int(c.highEntropy)),
          ("unlikely_tokens", .int(c.unlikelyTokens)), ("competing_answers", .int(c.competingAnswers)),
          ("hedge_strength", .number(c.hedgeStrength)), ("assertion_strength", .number(c.assertionStrength)),
        ])),
        ("per_1k_tokens", .object([
          ("corrections", r.corrections.map { .number($0) }), ("near_miss_corrections", r.near_miss_corrections.map { .number($0) }),
          ("hedges", r.hedges.map { .number($0) }), ("assertions", r.assertions.map { .number($0) }),
          ("unbacked_confidence", r.unbacked_confidence.map { .number($0) }),
          ("performative_hedges", r.performative_hedges.map { .number($0) }),
          ("competing_answers", r.competing_answers.map { .number($0) }),
        ])),
      ])
    }
  }

  /// Events per 1,000 tokens: the figures that compare across corpora.
  struct Rates: Encodable {
    var corrections: Double?
    var near_miss_corrections: Double?
    var hedges: Double?
    var assertions: Double?
    var unbacked_confidence: Double?
    var performative_hedges: Double?
    var competing_answers: Double?

    init(_ counts: EventCounts, tokens: Int) {
      func rate(_ count: Int) -> Double? { tokens > 0 ? Double(count) * 1000 / Double(tokens) : nil }
      corrections = rate(counts.corrections)
      near_miss_corrections = rate(counts.nearMissCorrections)
      hedges = rate(counts.hedges)
      assertions = rate(counts.assertions)
      unbacked_confidence = rate(counts.unbackedConfidence)
      performative_hedges = rate(counts.performativeHedges)
      competing_answers = rate(counts.competingAnswers)
    }
  }

  /// The corpus figures flat at the top, with counts and rates beside them.
  struct Corpus: Encodable {
    var figures: CorpusFigures
    var counts: EventCounts
    var per_1k_tokens: Rates

    init(_ corpus: CorpusFigures) {
      figures = corpus
      counts = corpus.counts
      per_1k_tokens = Rates(corpus.counts, tokens: corpus.tokens)
    }

    enum Keys: String, CodingKey { case counts, per_1k_tokens }

    func encode(to encoder: Encoder) throws {
      try figures.encode(to: encoder)
      var container = encoder.container(keyedBy: Keys.self)
      try container.encode(counts, forKey: .counts)
      try container.encode(per_1k_tokens, forKey: .per_1k_tokens)
    }
  }

  /// Pretty JSON with sorted keys; these shapes hold only strings and numbers, so encoding cannot fail.
  static func encode(_ value: some Encodable) -> String {
    (try? ReportText.json(value)) ?? "null"
  }

  static func indented(_ text: String, by spaces: Int) -> String {
    let pad = String(repeating: " ", count: spaces)
    return text.split(separator: "\n", omittingEmptySubsequences: false).map { pad + $0 }.joined(separator: "\n")
  }

  static func number(_ value: Double?, _ digits: Int = 4, missing: String = "n/a") -> String {
    value.map { NumberText.fixed($0, digits) } ?? missing
  }

  static let csvHeader = "id,path,line,choice,format,title,model,prompt_id,sample,tokens,mean_logprob,mean_entropy_bound,max_entropy_bound,outside_topk_share,"
    + "hedges,corrections,assertions,near_miss_corrections,unbacked_confidence,performative_hedges,high_entropy,unlikely_tokens,"
    + "competing_answers,hedge_strength,assertion_strength,"
    + "corrections_per_1k,near_miss_corrections_per_1k,hedges_per_1k,assertions_per_1k,unbacked_confidence_per_1k,performative_hedges_per_1k,"
    + "competing_answers_per_1k,prompt_tokens,prompt_mean_surprisal"

  static func csvRow(_ row: TranscriptSummary) -> String {
    let quote = ReportText.csvQuoted
    let f = row.figures
    return [
      row.id, quote(row.source.path), String(row.source.line), String(row.source.choice), row.source.formatLabel,
      quote(row.title), quote(row.model ?? ""), quote(row.promptID ?? ""), row.sampleIndex.map(String.init) ?? "",
      String(f.tokens), number(f.meanLogprob, missing: ""), number(f.meanEntropyBound, missing: ""),
      number(f.maxEntropyBound, missing: ""), number(f.outsideTopKShare, missing: ""),
    ].joined(separator: ",") + "," + countFields(row.counts, tokens: f.tokens)
      + "," + String(f.promptTokens) + "," + number(f.promptMeanSurprisal, missing: "")
  }

  static func countFields(_ c: EventCounts, tokens: Int) -> String {
    let rates = Rates(c, tokens: tokens)
    let counts = [c.hedges, c.corrections, c.assertions, c.nearMissCorrections, c.unbackedConfidence,
                  c.performativeHedges, c.highEntropy, c.unlikelyTokens, c.competingAnswers].map(String.init)
      + [number(c.hedgeStrength, 3), number(c.assertionStrength, 3)]
    // The same seven rates as the JSON's per_1k_tokens, in the header's order.
    let perThousand = [rates.corrections, rates.near_miss_corrections, rates.hedges, rates.assertions, rates.unbacked_confidence,
                       rates.performative_hedges, rates.competing_answers].map { number($0, 3, missing: "") }
    return (counts + perThousand).joined(separator: ",")
  }

  private static func cell(_ text: String, _ width: Int) -> String { ReportText.cell(text, width) }

  /// Units in the header: lp and H≥ are in nats, >k is the share of tokens outside the top-k.
  static let tableHeader = cell("transcript", 30) + cell("tokens", 7) + cell("lp nats", 8) + cell("H≥ nats", 8) + cell(">k %", 6)
    + cell("hdg", 4) + cell("cor", 4) + cell("ast", 4) + cell("near", 5) + cell("unb", 4) + cell("cmp", 4) + cell("hiH", 5) + cell("unl", 5) + "source"

  static func tableRow(_ row: TranscriptSummary) -> String {
    let f = row.figures
    let name = row.title + (row.sampleIndex.map { " #\($0)" } ?? "")
    let c = row.counts
    let outside = f.outsideTopKShare.map { NumberText.fixed($0 * 100, 0) } ?? ""
    // Titles and paths come from outside: escaped, so the table cannot drive the terminal.
    var line = cell(Printable.escaped(name), 30) + cell(String(f.tokens), 7) + cell(number(f.meanLogprob, 2), 8)
    line += cell(number(f.meanEntropyBound, 2), 8) + cell(outside, 6)
    line += cell(String(c.hedges), 4) + cell(String(c.corrections), 4) + cell(String(c.assertions), 4)
    line += cell(String(c.nearMissCorrections), 5) + cell(String(c.unbackedConfidence), 4) + cell(String(c.competingAnswers), 4)
    line += cell(String(c.highEntropy), 5) + cell(String(c.unlikelyTokens), 5)
    return line + "\(Printable.escaped(row.source.path)):\(row.source.line)"
  }

  static func tableFooter(_ corpus: CorpusFigures) -> String {
    let rates = Rates(corpus.counts, tokens: corpus.tokens)
    return "columns: lp / H≥ nats = mean logprob / mean entropy bound per token; >k % = tokens sampled outside the top-k; "
      + "hdg cor ast near unb cmp hiH unl = hedges, corrections, assertions, near-miss corrections, unbacked confidence, "
      + "competing answers, high-entropy and unlikely tokens (all found; `confab events` lists those worth a look)\n"
      + "corpus: \(corpus.transcripts) transcripts, \(corpus.tokens) tokens, mean logprob \(number(corpus.meanLogprob, 3)), "
      + "mean H≥ \(number(corpus.meanEntropyBound, 3)) nats, max H≥ \(number(corpus.maxEntropyBound, 2)), "
      + "outside top-k \(corpus.outsideTopKShare.map { NumberText.fixed($0 * 100, 2) + "%" } ?? "n/a")\n"
      + "per 1,000 tokens: corrections \(number(rates.corrections, 2)), near-miss corrections \(number(rates.near_miss_corrections, 2)), "
      + "hedges \(number(rates.hedges, 2)), assertions \(number(rates.assertions, 2)), unbacked confidence \(number(rates.unbacked_confidence, 2)), "
      + "performative hedges \(number(rates.performative_hedges, 2)), competing answers \(number(rates.competing_answers, 2))"
      + (corpus.promptTokens > 0
        ? "\nprompt as the model scored it (not in the figures above): \(corpus.promptTokens) tokens, "
          + "mean surprisal \(number(corpus.promptMeanSurprisal, 3)) nats" : "")
  }
}
