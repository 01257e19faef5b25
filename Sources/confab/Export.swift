import ConfabIO
import ConfabModel
import ArgumentParser
import Foundation

struct Export: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Export tagged spans, with their tokens and distributions, to JSON (docs/export.md).")

  @Option(help: "Tag store. Default: $CONFAB_DB, else $XDG_DATA_HOME/confab/tags.sqlite.")
  var db: String?

  @Option(name: .long, help: "Only these labels (repeatable).")
  var label: [String] = []

  @Option(name: .long, help: "Only this transcript (its id, as `confab scan` prints it).")
  var transcript: String?

  @Option(help: "json (an array), jsonl (one span per line) or prodigy (one message per line).")
  var format: String = "json"

  @Option(name: .shortAndLong, help: "Write here instead of stdout.")
  var output: String?

  /// The same lexicon and thresholds as the explorer's, so `X` and this command agree.
  @OptionGroup var analysis: AnalysisOptions

  func run() throws {
    guard let chosen = ExportFormat(rawValue: format) else {
      throw ValidationError("unknown format '\(format)' (json, jsonl, prodigy)")
    }
    let path = db ?? TagStore.defaultPath()
    guard FileManager.default.fileExists(atPath: path) else {
      warn("\(path): no tag store here (tag in the explorer first, or pass --db)")
      throw ExitCode(1)
    }
    let tags: [Tag]
    do {
      tags = try TagStore(path: path).tags(transcript: transcript, labels: label)
    } catch {
      warn("\(error)")
      throw ExitCode(1)
    }
    // Every tagged transcript's file is an input here, and the store is never an output.
    var outputGuard = OutputGuard()
    outputGuard.protect(tagStore: path)
    outputGuard.protect(inputs: Array(Set(tags.map(\.source.path))).sorted())
    if let output, let refusal = outputGuard.refusal(writing: output) {
      warn("\(refusal)")
      throw ExitCode(1)
    }
    let parser = JSONParser()
    let (records, missing) = Exporter.records(tags, analyzer: try analysis.analyzer()) { try? RecordFile.load($0, parser: parser) }
    for tag in missing {
      FileHandle.standardError.write(Data(
        "confab: \(tag.source.path):\(tag.source.line): transcript \(tag.transcript) not found (moved or changed): exported without tokens\n".utf8))
    }
    let text = try Exporter.render(records, format: chosen)
    if let output {
      try text.write(toFile: output, atomically: true, encoding: .utf8)
      warn("wrote \(records.count) spans to \(output)")
    } else {
      FileHandle.standardOutput.write(Data(text.utf8))
    }
  }
}

/// For the crash test: adds tags in a loop, printing each id once it is committed.
struct TagLoop: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "debug-tag-loop", abstract: "Testing aid: tag in a loop, print acknowledged ids.", shouldDisplay: false)

  @Option var db: String
  @Option var count = 1000
  @Option var label = "loop"

  func run() throws {
    let store = try TagStore(path: db)
    let source = SourceRef(path: "loop.jsonl", line: 1, byteOffset: 0, byteLength: 0, choice: 0, format: .openaiChat)
    for index in 0..<count {
      let tag = try store.add(Tag(
        transcript: "loop", source: source, message: 0, start: index, end: index + 1, tokenStart: index,
        tokenEnd: index + 1, label: label, text: "t\(index)", created: Date().timeIntervalSince1970))
      FileHandle.standardOutput.write(Data("acked \(tag.id)\n".utf8))
    }
  }
}
