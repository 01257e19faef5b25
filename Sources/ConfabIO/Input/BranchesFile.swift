import ConfabModel
import Foundation

/// Where the explorer appends the branches `B` and rescorings `R` make (confab JSONL, never an
/// input file), and whether such a file holds some of the files being opened: only then is
/// it listed beside them, so those of other corpora stay out of the list.
public enum BranchesFile {
  /// `$XDG_DATA_HOME/confab/branches.jsonl`, else `~/.local/share/confab/branches.jsonl`.
  public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
    if let data = environment["XDG_DATA_HOME"], !data.isEmpty { return data + "/confab/branches.jsonl" }
    return (environment["HOME"] ?? NSHomeDirectory()) + "/.local/share/confab/branches.jsonl"
  }

  /// True when a transcript in `path` is a branch or rescoring whose parent was read from one of `inputs`
  /// (the same file, by identity, however it was spelled; a relative path is taken from the
  /// current folder, as it was written).
  public static func holdsBranches(of inputs: [String], path: String) -> Bool {
    let identities = Set(inputs.compactMap(FileIdentity.init))
    guard !identities.isEmpty, FileIdentity(path) != nil else { return false }
    let parser = JSONParser()
    var found = false
    RecordFile.scan(path: path, parser: parser) { outcome in
      guard case .transcripts(let transcripts) = outcome else { return true }
      for transcript in transcripts {
        guard transcript.branch != nil || transcript.rescore != nil else { continue }
        // Where the parent was read (its file), and where it was first recorded.
        let parentSource = transcript.branch.flatMap { branch in
          try? parser.parse(Array(branch.utf8), { $0.present("parent_source")?.present("path")?.string })
        }
        for path in [transcript.original?.path, parentSource].compactMap({ $0 }) {
          if let identity = FileIdentity(path), identities.contains(identity) {
            found = true
            return false
          }
        }
      }
      return true
    }
    return found
  }
}
