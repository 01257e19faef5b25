import ConfabIO
import ConfabModel
import ConfabServer

/// What the live model made (branches, rescorings), as the list knows rows: read back from
/// the file they were appended to, so each row opens from there.
enum LiveResults {
  /// Transcript `id` read again from `source`, or why not (the file changed since it was
  /// opened, or cannot be read): what a live request starts from.
  static func reload(_ source: SourceRef, id: String) -> Result<Transcript, BranchError> {
    do throws(ImportProblem) {
      let transcript = try RecordFile.load(source, parser: JSONParser())
      return transcript.id == id ? .success(transcript) : .failure(BranchError("\(source.path) changed since it was opened"))
    } catch {
      return .failure(BranchError("\(error)"))
    }
  }

  /// The transcripts `ids` in `path`, the last copy of each, in the order of `ids`.
  static func listed(_ ids: [String], in path: String, analyzer: Analyzer) -> [TranscriptSummary] {
    guard !ids.isEmpty else { return [] }
    var found: [String: TranscriptSummary] = [:]
    RecordFile.scan(path: path, parser: JSONParser()) { outcome in
      if case .transcripts(let transcripts) = outcome {
        for transcript in transcripts where ids.contains(transcript.id) { found[transcript.id] = analyzer.summarize(transcript) }
      }
      return true
    }
    var seen: Set<String> = []
    return ids.compactMap { seen.insert($0).inserted ? found[$0] : nil }
  }
}
