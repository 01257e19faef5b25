import ArgumentParser
import ConfabCore
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

  func run() throws {
    let (files, expandProblems) = InputPaths.expand(paths)
    var problems = expandProblems
    var rows: [TranscriptSummary] = []
    var corpus = CorpusFigures()
    let parser = JSONParser()
    for file in files {
      RecordFile.scan(path: file, parser: parser) { outcome in
        switch outcome {
        case .transcripts(let transcripts):
          for transcript in transcripts {
            let summary = TranscriptSummary(transcript)
            corpus.add(summary.figures)
            rows.append(summary)
          }
        case .problem(let problem):
          problems.append(problem)
        }
        return true
      }
    }
    for problem in problems { FileHandle.standardError.write(Data("confab: \(problem)\n".utf8)) }
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
  }

  struct Problem: Encodable {
    var path: String
    var line: Int?
    var field: String?
    var message: String
  }

  var transcripts: [Row]
  var corpus: CorpusFigures
  var problems: [Problem]

  init(rows: [TranscriptSummary], corpus: CorpusFigures, problems: [ImportProblem]) {
    transcripts = rows.map {
      Row(id: $0.id, path: $0.source.path, line: $0.source.line, choice: $0.source.choice,
          format: $0.source.format, title: $0.title, model: $0.model, prompt_id: $0.promptID,
          sample: $0.sampleIndex, figures: $0.figures)
    }
    self.corpus = corpus
    self.problems = problems.map { Problem(path: $0.path, line: $0.line, field: $0.field, message: $0.message) }
  }

  func json() throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
    return String(decoding: try encoder.encode(self), as: UTF8.self)
  }

  static func number(_ value: Double?, _ digits: Int = 4) -> String {
    value.map { String(format: "%.\(digits)f", $0) } ?? ""
  }

  static func csv(_ rows: [TranscriptSummary]) -> String {
    func quote(_ text: String) -> String { "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
    var lines = ["id,path,line,choice,format,title,model,prompt_id,sample,tokens,mean_logprob,mean_entropy_bound,max_entropy_bound,outside_topk_share"]
    for row in rows {
      let f = row.figures
      lines.append([
        row.id, quote(row.source.path), String(row.source.line), String(row.source.choice), row.source.format,
        quote(row.title), quote(row.model ?? ""), quote(row.promptID ?? ""), row.sampleIndex.map(String.init) ?? "",
        String(f.tokens), number(f.meanLogprob), number(f.meanEntropyBound), number(f.maxEntropyBound),
        number(f.outsideTopKShare),
      ].joined(separator: ","))
    }
    return lines.joined(separator: "\n")
  }

  static func table(_ rows: [TranscriptSummary], corpus: CorpusFigures) -> String {
    func cell(_ text: String, _ width: Int) -> String {
      text.count >= width ? String(text.prefix(width - 1)) + " " : text.padding(toLength: width, withPad: " ", startingAt: 0)
    }
    var lines = [cell("transcript", 34) + cell("tokens", 8) + cell("mean lp", 9) + cell("mean H≥", 9) + cell("max H≥", 8) + cell(">k", 7) + "source"]
    for row in rows {
      let f = row.figures
      let name = row.title + (row.sampleIndex.map { " #\($0)" } ?? "")
      lines.append(
        cell(name, 34) + cell(String(f.tokens), 8) + cell(number(f.meanLogprob, 3), 9)
          + cell(number(f.meanEntropyBound, 3), 9) + cell(number(f.maxEntropyBound, 2), 8)
          + cell(f.outsideTopKShare.map { String(format: "%.1f%%", $0 * 100) } ?? "", 7)
          + "\(row.source.path):\(row.source.line)")
    }
    lines.append("")
    lines.append(
      "corpus: \(corpus.transcripts) transcripts, \(corpus.tokens) tokens, mean logprob \(number(corpus.meanLogprob, 3)), "
        + "mean H≥ \(number(corpus.meanEntropyBound, 3)) nats, max H≥ \(number(corpus.maxEntropyBound, 2)), "
        + "outside top-k \(corpus.outsideTopKShare.map { String(format: "%.2f%%", $0 * 100) } ?? "n/a")")
    return lines.joined(separator: "\n")
  }
}
