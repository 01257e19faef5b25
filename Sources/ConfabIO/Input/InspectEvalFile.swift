import ConfabModel
import Foundation

/// Inspect `.eval` logs: a zip with `header.json`, `summaries.json` and one
/// `samples/{id}_epoch_{n}.json` per sample. Listing reads only the directory (and, lazily,
/// nothing else), so multi-GB logs open at once; a sample is decompressed when it is opened.
enum InspectEvalFile {
  static let format = Format.inspectEval

  static func scan(path: String, fd: Int32, parser: JSONParser, lazy: Bool, _ body: (RecordFile.Outcome) -> Bool) {
    let archive: ZipArchive
    do {
      archive = try ZipArchive(fd: fd)
    } catch {
      _ = body(.problem(ImportProblem(path: path, line: nil, message: error.message)))
      return
    }
    let samples = archive.entries.enumerated().filter { $0.element.name.hasPrefix("samples/") && $0.element.name.hasSuffix(".json") }
    if samples.isEmpty {
      _ = body(.problem(ImportProblem(path: path, line: nil, message: "zip archive without samples/ entries: not an Inspect .eval log")))
      return
    }
    let model = headerModel(archive, parser: parser)
    for (index, entry) in samples {
      let source = SourceRef(path: path, line: index + 1, byteOffset: entry.headerOffset, byteLength: entry.compressedSize,
                             choice: 0, format: format)
      if lazy {
        let title = entry.name.dropFirst("samples/".count).dropLast(".json".count)
        if !body(.summaries([TranscriptSummary(placeholder: source, title: String(title), model: model)])) { return }
        continue
      }
      if !body(importSample(archive, entry, source: source, model: model, parser: parser)) { return }
    }
  }

  static func load(_ source: SourceRef, fd: Int32, parser: JSONParser) throws(ImportProblem) -> Transcript {
    let archive: ZipArchive
    do { archive = try ZipArchive(fd: fd) } catch { throw ImportProblem(path: source.path, line: nil, message: error.message) }
    guard let entry = archive.entries.first(where: { $0.headerOffset == source.byteOffset }) else {
      throw ImportProblem(path: source.path, line: source.line, message: "file changed: sample entry no longer there")
    }
    var base = source
    base.choice = 0
    switch importSample(archive, entry, source: base, model: headerModel(archive, parser: parser), parser: parser) {
    case .problem(let problem): throw problem
    case .summaries: throw ImportProblem(path: source.path, line: source.line, message: "internal: summaries on load")
    case .transcripts(let transcripts):
      guard let match = transcripts.first(where: { $0.source.choice == source.choice }) else {
        throw ImportProblem(path: source.path, line: source.line, message: "sample no longer has choice \(source.choice)")
      }
      return match
    }
  }

  private static func importSample(
    _ archive: ZipArchive, _ entry: ZipArchive.Entry, source: SourceRef, model: String?, parser: JSONParser
  ) -> RecordFile.Outcome {
    let bytes: [UInt8]
    do { bytes = try archive.contents(entry) } catch {
      return .problem(ImportProblem(path: source.path, line: source.line, field: entry.name, message: error.message))
    }
    do {
      return try parser.parse(bytes) { root -> RecordFile.Outcome in
        do {
          return .transcripts(try InspectImporter.sample(root, model: model, source: source, field: entry.name))
        } catch let error as RecordError {
          return .problem(RecordFile.located(error, source))
        }
      }
    } catch {
      return .problem(ImportProblem(path: source.path, line: source.line, field: entry.name, message: "invalid JSON: \(error)"))
    }
  }

  private static func headerModel(_ archive: ZipArchive, parser: JSONParser) -> String? {
    guard let entry = archive.entry(named: "header.json"), let bytes = try? archive.contents(entry) else { return nil }
    return try? parser.parse(bytes) { $0.present("eval")?.present("model")?.string }
  }
}
