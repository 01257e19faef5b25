import ConfabIO
import ConfabModel
import ConfabTUI
import Foundation

/// Performs the tagging effects for the explorer: the store, the labels file, exports.
/// Runs on the effect runner's store queue only (TagStore is one SQLite connection).
struct ExportRefusal: Error {
  let message: String
  init(_ message: String) { self.message = message }
}

struct TagEffects {
  let store: TagStore?
  let labelsPath: String
  /// The inputs, the store and the labels file: an export never lands on one of them.
  let outputGuard: OutputGuard

  func loadTags(_ transcript: String) -> Event? {
    guard let store else { return nil }
    do {
      return .tagsLoaded(transcript: transcript, try store.tags(transcript: transcript), tagged: try store.taggedTranscripts())
    } catch {
      return .tagWriteFailed("could not read tags: \(error)")
    }
  }

  func loadAllTags() -> Event? {
    guard let store else { return nil }
    do {
      return .allTagsLoaded(try store.tags())
    } catch {
      return .tagWriteFailed("could not read tags: \(error)")
    }
  }

  func write(_ write: TagWrite, _ origin: TagWriteOrigin) -> Event {
    guard let store else { return .tagWriteFailed("no tag store: tags cannot be saved") }
    do {
      switch write {
      case .insert(var tag):
        tag.created = Date().timeIntervalSince1970
        return .tagWritten(.insert(try store.add(tag)), origin)
      case .delete(let tag):
        try store.remove(id: tag.id)
      case .undelete(let tag):
        try store.restore(id: tag.id)
      }
      return .tagWritten(write, origin)
    } catch {
      return .tagWriteFailed("tag not saved: \(error)")
    }
  }

  func saveLabels(_ labels: LabelSet) -> Event? {
    do {
      try labels.save(path: labelsPath)
      return nil
    } catch {
      return .tagWriteFailed("labels not saved to \(labelsPath): \(error.localizedDescription)")
    }
  }

  /// The tags an export covers and the path to write them to (read on the store queue), or
  /// the message to show instead.
  func exportTags(_ scope: ExportScope, path: String, selection: Tag?, transcript: String?)
    -> Result<(tags: [Tag], target: String), ExportRefusal>
  {
    let target = (path as NSString).expandingTildeInPath
    if let refusal = outputGuard.refusal(writing: target) { return .failure(ExportRefusal(refusal)) }
    var tags: [Tag] = []
    do {
      switch scope {
      case .selection: tags = selection.map { [$0] } ?? []
      case .transcript: tags = try store?.tags(transcript: transcript) ?? []
      case .all: tags = try store?.tags() ?? []
      }
    } catch {
      return .failure(ExportRefusal("export failed: \(error)"))
    }
    guard !tags.isEmpty else { return .failure(ExportRefusal("nothing to export (\(scope.rawValue) has no spans)")) }
    return .success((tags, target))
  }

  /// Re-reads each tagged transcript and writes the export (on the export queue: slow).
  static func writeExport(_ tags: [Tag], to target: String, analyzer: Analyzer) -> Event {
    let parser = JSONParser()
    let (records, missing) = Exporter.records(tags, analyzer: analyzer) { try? RecordFile.load($0, parser: parser) }
    let format: ExportFormat = target.hasSuffix(".prodigy.jsonl") ? .prodigy : target.hasSuffix(".jsonl") ? .jsonl : .json
    do {
      try Exporter.render(records, format: format).write(toFile: target, atomically: true, encoding: .utf8)
    } catch {
      return .exported("export failed: \(target): \(error.localizedDescription)")
    }
    let note = missing.isEmpty ? "" : " (\(missing.count) without their transcript: source moved or changed)"
    return .exported("wrote \(records.count) span\(records.count == 1 ? "" : "s") to \(target)\(note)")
  }
}
