import ConfabModel
import Foundation

/// Where the explorer appends the branches `B` and rescorings `R` make (confab JSONL, never an
/// input file), and whether such a file holds some of the files being opened: only then is
/// it listed beside them, so those of other corpora stay out of the list.
public enum BranchesFile {
  /// `$XDG_DATA_HOME/confab/branches.jsonl`, else `~/.local/share/confab/branches.jsonl`.
  public static func defaultPath(environment: Environment = .process) -> String {
    ConfabDirectory.data.path(environment: environment) + "/branches.jsonl"
  }

  /// True when a transcript in `path` is a branch or rescoring whose parent was read from one of `inputs`
  /// (the same file, by identity, however it was spelled; a relative path is taken from the
  /// current folder, as it was written). Runs before the explorer's first screen, so it reads
  /// only each line's `source` and `branch.parent_source` paths, never a transcript's tokens.
  public static func holdsBranches(of inputs: [String], path: String) -> Bool {
    let identities = Set(inputs.compactMap(FileIdentity.init))
    guard !identities.isEmpty else { return false }
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else { return false }
    defer { close(fd) }
    let parser = JSONParser()
    let reader = LineReader(source: FileByteSource(fd: fd))
    while let line = reader.next() {
      guard line.skipped == nil, !line.bytes.isEmpty else { continue }
      let paths = try? parser.parse(line.bytes, capacity: line.capacity) { root -> [String] in
        // Where the parent was read (its file), and where it was first recorded.
        guard root.present("branch") != nil || root.present("rescore") != nil else { return [] }
        return [root.present("source")?.present("path")?.string, root.present("branch")?.present("parent_source")?.present("path")?.string]
          .compactMap { $0 }
      }
      if (paths ?? []).contains(where: { FileIdentity($0).map(identities.contains) ?? false }) { return true }
    }
    return false
  }
}
