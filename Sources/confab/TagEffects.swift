import ConfabCore
import ConfabTUI
import Foundation

/// Performs the tagging effects for the explorer: the store, the labels file, exports.
struct TagEffects {
  let store: TagStore?
  let labelsPath: String
  let inputs: Set<String>
  let analyzer: Analyzer

  func loadTags(_ transcript: String) -> Event? {
    guard let store else { return nil }
    do {
      return .tagsLoaded(transcript: transcript, try store.tags(transcript: transcript))
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

  func export(_ scope: ExportScope, path: String, selection: Tag?, transcript: String?, parser: JSONParser) -> Event {
    let target = (path as NSString).expandingTildeInPath
    let absolute = URL(fileURLWithPath: target).standardizedFileURL.path
    if inputs.contains(absolute) { return .exported("refused: \(path) is an input file, and inputs are never written") }
    var tags: [Tag] = []
    do {
      switch scope {
      case .selection: tags = selection.map { [$0] } ?? []
      case .transcript: tags = try store?.tags(transcript: transcript) ?? []
      case .all: tags = try store?.tags() ?? []
      }
    } catch {
      return .exported("export failed: \(error)")
    }
    guard !tags.isEmpty else { return .exported("nothing to export (\(scope.rawValue) has no spans)") }
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
