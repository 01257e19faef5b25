import ArgumentParser
import ConfabIO
import ConfabModel
import Foundation

struct Events: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "events",
    abstract: "The events worth a look, one row each: corrections, near-misses, competing answers, unbacked confidence, performative hedges.",
    discussion: """
      By default the kinds e/E visit in the explorer, at a score of at least 0.2; --kind K (repeatable) or --all \
      choose others (kind names as in scan: \(EventKind.allCases.map(\.jsonName).joined(separator: ", "))). \
      High-entropy and unlikely-token cut-offs are the corpus's own top and bottom 2% of sampled positions \
      unless --high-entropy or --unlikely is given (two passes over the files). \
      Problems go to stderr as path:line: message; the exit code is 1 when there were any.
      """)

  @Argument(help: ArgumentHelp(InputPaths.helpText))
  var paths: [String]

  @Flag(help: "Write JSON to stdout.")
  var json = false

  @Flag(help: "Write CSV to stdout.")
  var csv = false

  @Option(name: .long, help: ArgumentHelp("An event kind to list (repeatable).", valueName: "kind"))
  var kind: [String] = []

  @Flag(help: "Every kind, at any score.")
  var all = false

  @Option(name: .long, help: "Lowest score listed, 0-1 (default 0.2; 0 with --all).")
  var minScore: Double?

  @OptionGroup var analysis: AnalysisOptions

  func validate() throws {
    if json && csv { throw ValidationError("--json and --csv are exclusive: choose one.") }
    let unknown = kind.filter { EventKind(jsonName: $0) == nil }
    if !unknown.isEmpty {
      throw ValidationError("unknown kind \(unknown.joined(separator: ", ")) (expected \(EventKind.allCases.map(\.jsonName).joined(separator: ", ")))")
    }
  }

  var filter: EventFilter {
    var filter = all ? EventFilter.everything : .standard
    if !kind.isEmpty { filter.kinds = Set(kind.compactMap(EventKind.init(jsonName:))) }
    if let minScore { filter.minimumScore = minScore }
    return filter
  }

  func run() throws {
    let (files, expandProblems) = InputPaths.expand(paths)
    var problems = ProblemList(expandProblems)
    for problem in expandProblems { warn("\(problem)") }
    var analyzer = try analysis.analyzer()
    let filter = self.filter
    let statistical = filter.kinds.contains(.highEntropy) || filter.kinds.contains(.unlikelyToken)
    if statistical && (analysis.highEntropy == nil || analysis.unlikely == nil) {
      let applied = RelativeThresholds.ofFiles(files).applied(to: analyzer.thresholds)
      if analysis.highEntropy == nil { analyzer.thresholds.highEntropy = applied.highEntropy }
      if analysis.unlikely == nil { analyzer.thresholds.unlikely = applied.unlikely }
    }
    let writer = EventsWriter(shape: json ? .json : csv ? .csv : .table)
    // Transcripts are analysed on the scan's threads; rows come back in file order.
    let analyzing = analyzer
    for file in files {
      ParallelScan.map(path: file) { transcript in
        analyzing.analyze(transcript).events.filter(filter.admits).map { EventsWriter.Row(transcript, $0) }
      } each: { mapped in
        switch mapped {
        case .value(let rows): for row in rows { writer.row(row) }
        case .problem(let problem):
          warn("\(problem)")
          problems.append(problem)
        }
      }
    }
    writer.finish(thresholds: analyzer.thresholds, filter: filter, problems: problems)
    if !problems.isEmpty { throw ExitCode(1) }
  }
}

/// Writes `confab events` rows as they are found, in one of three shapes.
final class EventsWriter {
  enum Shape { case table, csv, json }

  struct Row: Encodable, Sendable {
    var transcript: String
    var prompt_id: String?
    var sample: Int?
    var message: Int
    var token_index: Int?
    var token_end: Int?
    var kind: String
    var score: Double
    var text: String
    var rule: String
    var detail: String

    init(_ transcript: Transcript, _ event: AnalysisEvent) {
      self.transcript = transcript.id
      prompt_id = transcript.promptID
      sample = transcript.sampleIndex
      message = event.message
      token_index = event.tokens?.lowerBound
      token_end = event.tokens?.upperBound
      kind = event.kind.jsonName
      score = (event.score * 1000).rounded() / 1000
      let tokens = transcript.messages[event.message].tokens ?? []
      if let range = event.tokens, range.upperBound <= tokens.count {
        text = String(decoding: tokens[range].flatMap(\.bytes), as: UTF8.self)
      } else {
        text = ""
      }
      rule = event.rule
      detail = event.detail
    }
  }

  private let shape: Shape
  private var rows = 0
  private var buffer: [UInt8] = []
  private let encoder = JSONEncoder()

  init(shape: Shape) {
    self.shape = shape
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    switch shape {
    case .table: break
    case .csv: buffer += "transcript,prompt_id,sample,message,token_index,token_end,kind,score,text,rule\n".utf8
    case .json: buffer += "{\"events\": [".utf8
    }
  }

  func row(_ row: Row) {
    switch shape {
    case .table:
      let place = "\(row.message):\(row.token_index.map(String.init) ?? "-")"
      let name = row.prompt_id.map { "\($0) #\(row.sample.map(String.init) ?? "?")" } ?? String(row.transcript.prefix(16))
      buffer += "\(name.padding(toLength: 22, withPad: " ", startingAt: 0)) \(place.padding(toLength: 7, withPad: " ", startingAt: 0)) \(row.kind.padding(toLength: 22, withPad: " ", startingAt: 0)) \(NumberText.fixed(row.score, 2))  \(row.detail)\n".utf8
    case .csv:
      let cells = [row.transcript, row.prompt_id ?? "", row.sample.map(String.init) ?? "", String(row.message),
                   row.token_index.map(String.init) ?? "", row.token_end.map(String.init) ?? "", row.kind,
                   NumberText.fixed(row.score, 3), row.text, row.rule]
      buffer += (cells.map(Self.csvCell).joined(separator: ",") + "\n").utf8
    case .json:
      buffer += (rows == 0 ? "\n  " : ",\n  ").utf8
      buffer += (try? encoder.encode(row)) ?? Data()
    }
    rows += 1
    if buffer.count > 1 << 16 { flush() }
  }

  func finish(thresholds: EventThresholds, filter: EventFilter, problems: ProblemList) {
    switch shape {
    case .table:
      buffer += "\n\(rows) events (\(filter.kinds.map(\.jsonName).sorted().joined(separator: ", ")); score ≥ \(NumberText.fixed(filter.minimumScore, 2)))\n".utf8
    case .csv: break
    case .json:
      struct Tail: Encodable {
        var thresholds: EventThresholds
        var kinds: [String]
        var min_score: Double
        var problems: [ReportText.Problem]
      }
      let tail = Tail(thresholds: thresholds, kinds: filter.kinds.map(\.jsonName).sorted(), min_score: filter.minimumScore,
                      problems: problems.map(ReportText.Problem.init))
      let text = String(decoding: (try? encoder.encode(tail)) ?? Data("{}".utf8), as: UTF8.self)
      buffer += ((rows == 0 ? "]," : "\n],") + text.dropFirst() + "\n").utf8
    }
    flush()
  }

  private func flush() {
    FileHandle.standardOutput.write(Data(buffer))
    buffer.removeAll(keepingCapacity: true)
  }

  static func csvCell(_ text: String) -> String {
    text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
      ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
  }
}
