import Foundation

/// The files a command must never write: its inputs, the tag store and the labels file. An
/// output is compared by identity (device and inode, through symlinks and hard links) and by
/// resolved path, never by how it is spelled.
public struct OutputGuard: Sendable {
  struct Protected: Sendable {
    var path: String
    var role: String
    var resolved: String
    var identity: FileIdentity?
  }

  private var protected: [Protected] = []

  public init() {}

  /// `role` says what the file is, for the refusal: "an input", "the tag store".
  public mutating func protect(_ path: String, as role: String) {
    protected.append(Protected(path: path, role: role, resolved: Self.resolved(path), identity: FileIdentity(path)))
  }

  public mutating func protect(inputs paths: [String]) {
    for path in paths { protect(path, as: "an input") }
  }

  /// The store and SQLite's companion files (a write over the WAL loses committed tags).
  public mutating func protect(tagStore path: String) {
    protect(path, as: "the tag store")
    for suffix in ["-wal", "-shm", "-journal"] { protect(path + suffix, as: "the tag store's \(suffix.dropFirst()) file") }
  }

  /// Why `output` must not be written, or nil when it is safe.
  public func refusal(writing output: String) -> String? {
    let expanded = (output as NSString).expandingTildeInPath
    let identity = FileIdentity(expanded)
    let resolved = Self.resolved(expanded)
    guard let hit = protected.first(where: { ($0.identity != nil && $0.identity == identity) || $0.resolved == resolved }) else {
      return nil
    }
    let spelled = hit.path == output ? "" : " (\(hit.path))"
    let never = hit.role == "an input" ? "inputs are never written" : "it is never written"
    return "refused: \(output) is \(hit.role)\(spelled); \(never)"
  }

  /// The absolute path with symlinks resolved; for a file that does not exist yet, its
  /// folder resolved and its name appended.
  static func resolved(_ path: String) -> String {
    let expanded = path.hasPrefix("~") ? (path as NSString).expandingTildeInPath : path
    // realpath makes a relative path absolute itself: no URL (standardizing one cost ~0.1 ms a
    // path, and the explorer guards several, most not made yet, before its first screen).
    if let real = realPath(expanded) { return real }
    let slash = expanded.lastIndex(of: "/")
    let folder = slash.map { $0 == expanded.startIndex ? "/" : String(expanded[..<$0]) } ?? "."
    let name = slash.map { String(expanded[expanded.index(after: $0)...]) } ?? expanded
    if !name.isEmpty, name != ".", name != "..", let real = realPath(folder) {
      return real == "/" ? "/" + name : real + "/" + name
    }
    // A folder missing too: the path made absolute and standardized by its spelling alone.
    return URL(fileURLWithPath: expanded).standardizedFileURL.path
  }

  private static func realPath(_ path: String) -> String? {
    guard let real = realpath(path, nil) else { return nil }
    defer { free(real) }
    return String(cString: real)
  }
}
