import ConfabModel
import Foundation

/// Expands the paths a user typed into input files: folders recurse into known extensions,
/// files are taken as given (content decides the format), in a stable sorted order.
public enum InputPaths {
  public static let extensions: Set<String> = ["json", "jsonl", "ndjson", "sse", "eval", "gz", "body", "db"]

  /// What a PATHS argument takes, for every command's help.
  public static var helpText: String {
    "Files or folders. A file named here is read by its content, whatever its name (`confab formats` lists the formats); "
      + "folders are searched recursively for " + extensions.sorted().map { "." + $0 }.joined(separator: " ") + " files."
  }

  public static func expand(_ paths: [String]) -> (files: [String], problems: [ImportProblem]) {
    var files: [String] = []
    var problems: [ImportProblem] = []
    for path in paths {
      var info = stat()
      guard stat(path, &info) == 0 else {
        problems.append(ImportProblem(path: path, line: nil, message: errno == ENOENT ? "no such file or directory" : String(cString: strerror(errno))))
        continue
      }
      switch info.st_mode & S_IFMT {
      case S_IFREG: files.append(path)
      case S_IFDIR:
        var visited: Set<FileIdentity> = []
        var found: [String] = []
        walk(path, into: &found, problems: &problems, visited: &visited)
        files += found.sorted()
      default:
        problems.append(ImportProblem(path: path, line: nil, message: "\(kind(info.st_mode)), not a regular file: confab reads files"))
      }
    }
    return (files, problems)
  }

  /// Known extensions under `folder`, following links once; what is skipped is said.
  private static func walk(_ folder: String, into found: inout [String], problems: inout [ImportProblem], visited: inout Set<FileIdentity>) {
    var info = stat()
    guard stat(folder, &info) == 0, visited.insert(FileIdentity(info)).inserted else { return }
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else {
      let reason = access(folder, R_OK | X_OK) == 0 ? "cannot list it" : String(cString: strerror(errno))
      problems.append(ImportProblem(path: folder, line: nil, message: "cannot read folder (\(reason)): skipped"))
      return
    }
    for name in names.sorted() where !name.hasPrefix(".") {
      let path = (folder as NSString).appendingPathComponent(name)
      var entry = stat()
      guard stat(path, &entry) == 0 else { continue }  // a dangling link
      let known = extensions.contains((name as NSString).pathExtension.lowercased())
      switch entry.st_mode & S_IFMT {
      case S_IFDIR: walk(path, into: &found, problems: &problems, visited: &visited)
      case S_IFREG: if known { found.append(path) }
      default:
        if known { problems.append(ImportProblem(path: path, line: nil, message: "\(kind(entry.st_mode)), not a regular file: skipped")) }
      }
    }
  }

  /// What a non-regular file is, for the message.
  public static func kind(_ mode: mode_t) -> String {
    switch mode & S_IFMT {
    case S_IFIFO: return "a FIFO"
    case S_IFCHR: return "a character device"
    case S_IFBLK: return "a block device"
    case S_IFSOCK: return "a socket"
    case S_IFDIR: return "a folder"
    default: return "a special file"
    }
  }
}
