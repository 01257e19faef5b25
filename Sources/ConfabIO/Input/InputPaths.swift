import ConfabModel
import Foundation

/// Expands the paths a user typed into input files: folders recurse into known extensions,
/// files are taken as given (content decides the format), in a stable sorted order.
public enum InputPaths {
  public static let extensions: Set<String> = ["json", "jsonl", "ndjson", "sse", "eval", "gz", "body"]

  public static func expand(_ paths: [String]) -> (files: [String], problems: [ImportProblem]) {
    var files: [String] = []
    var problems: [ImportProblem] = []
    let manager = FileManager.default
    for path in paths {
      var isDirectory: ObjCBool = false
      guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
        problems.append(ImportProblem(path: path, line: nil, message: "no such file or directory"))
        continue
      }
      guard isDirectory.boolValue else { files.append(path); continue }
      guard let walker = manager.enumerator(atPath: path) else {
        problems.append(ImportProblem(path: path, line: nil, message: "cannot list directory"))
        continue
      }
      var found: [String] = []
      for case let relative as String in walker {
        let name = (relative as NSString).lastPathComponent
        if name.hasPrefix(".") { continue }
        if extensions.contains((name as NSString).pathExtension.lowercased()) {
          found.append((path as NSString).appendingPathComponent(relative))
        }
      }
      files += found.sorted()
    }
    return (files, problems)
  }
}
