import ConfabIO
import ConfabModel
import ArgumentParser
import Foundation

extension ExportFormat: ExpressibleByArgument {}

struct Export: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "export",
    abstract: "Export tagged spans, with their tokens and distributions, to JSON (docs/export.md).")

  @Option(help: "Tag store. Default: $CONFAB_DB, else $XDG_DATA_HOME/confab/tags.sqlite.")
  var db: String?

  @Option(name: .long, help: "Only these labels (repeatable).")
  var label: [String] = []

  @Option(name: .long, help: "Only this transcript (its id: the `id` field of `confab scan --json` or `--csv`).")
  var transcript: String?

  @Option(help: "json (an array), jsonl (one span per line), prodigy (one message per line) or rollout-viz (one transcript per line, the tags as its annotations).")
  var format: ExportFormat = .json

  @Option(name: .shortAndLong, help: "Write here instead of stdout.")
  var output: String?

  /// The same lexicon and thresholds as the explorer's, so `X` and this command agree.
  @OptionGroup var analysis: AnalysisOptions

  func run() throws {
    let path = db ?? TagStore.defaultPath()
    guard FileManager.default.fileExists(atPath: path) else {
      warn("\(path): no tag store here (tag in the explorer first, or pass --db)")
      throw ExitCode(1)
    }
    let tags: [Tag]
    let all: [Tag]
    do {
      let store = try TagStore(path: path)
      tags = try store.tags(transcript: transcript, labels: label)
      all = tags.isEmpty && (transcript != nil || !label.isEmpty) ? try store.tags(transcript: nil, labels: []) : tags
    } catch {
      warn("\(error)")
      throw ExitCode(1)
    }
    // A filter that names nothing in the store is a mistake to say out loud, not an empty export.
    let unknownLabels = label.filter { name in !all.contains { $0.label == name } }
    let unknownTranscript = transcript.flatMap { id in all.contains { $0.transcript == id } ? nil : id }
    if tags.isEmpty && (!unknownLabels.isEmpty || unknownTranscript != nil) {
      if !unknownLabels.isEmpty {
        let known = Array(Set(all.map(\.label))).sorted()
        warn("no tag has the label \(unknownLabels.map { "'\($0)'" }.joined(separator: ", ")) in \(path)"
          + (known.isEmpty ? " (it holds no tags)" : " (its labels: \(known.joined(separator: ", ")))"))
      }
      if let unknownTranscript {
        warn("no tag is on transcript '\(unknownTranscript)' in \(path) (ids are scan's `id` field; \(Set(all.map(\.transcript)).count) transcripts are tagged)")
      }
      throw ExitCode(1)
    }
    if tags.isEmpty { warn("no tags match both filters in \(path): exported none") }
    // Every tagged transcript's file is an input here, and the store is never an output.
    var outputGuard = OutputGuard()
    outputGuard.protect(tagStore: path)
    outputGuard.protect(inputs: Array(Set(tags.map(\.source.path))).sorted())
    if let output, let refusal = outputGuard.refusal(writing: output) {
      warn("\(refusal)")
      throw ExitCode(1)
    }
    let parser = JSONParser()
    if format == .rolloutViz {
      let (text, missing) = RolloutVizWriter.lines(tags) { try? RecordFile.load($0, parser: parser) }
      for tag in missing {
        warn("\(tag.source.path):\(tag.source.line): transcript \(tag.transcript) not found (moved or changed): its tags are left out")
      }
      try write(text, count: "\(Set(tags.map(\.transcript)).count - Set(missing.map(\.transcript)).count) transcripts")
      return
    }
    let (records, missing) = Exporter.records(tags, analyzer: try analysis.analyzer()) { try? RecordFile.load($0, parser: parser) }
    for tag in missing {
      FileHandle.standardError.write(Data(
        "confab: \(tag.source.path):\(tag.source.line): transcript \(tag.transcript) not found (moved or changed): exported without tokens\n".utf8))
    }
    try write(try Exporter.render(records, format: format), count: "\(records.count) spans")
  }

  private func write(_ text: String, count: String) throws {
    if let output {
      try text.write(toFile: output, atomically: true, encoding: .utf8)
      warn("wrote \(count) to \(output)")
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
