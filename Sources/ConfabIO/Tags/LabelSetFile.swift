import ConfabModel
import Foundation

/// Where the user's labels live, and reading and writing them.
extension LabelSet {
  public static func path(environment: Environment = .process) -> String {
    LexiconLoader.configDirectory(environment: environment) + "/labels.txt"
  }

  /// The user's labels, or the default set when there is no file.
  public static func load(path: String) throws -> LabelSet {
    guard let data = FileBytes.read(path) else { return .standard }
    var labels: [Label] = []
    for (number, raw) in String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      let line = raw.trimmed(of: " \t\r")
      if line.isEmpty || line.hasPrefix("#") { continue }
      let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
      if parts.count == 2, let digit = Int(parts[0]) {
        guard (1...9).contains(digit) else {
          throw Lexicon.ParseError(source: path, line: number + 1, message: "digit must be 1-9")
        }
        labels.append(Label(name: parts[1].trimmed(of: " "), digit: digit))
      } else {
        labels.append(Label(name: line, digit: nil))
      }
    }
    return LabelSet(labels: labels)
  }

  public func save(path: String) throws {
    try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    var text = "# confab labels: DIGIT NAME (1-9 are the tagging keys) or NAME alone\n"
    for label in labels { text += (label.digit.map { "\($0) " } ?? "") + label.name + "\n" }
    try text.write(toFile: path, atomically: true, encoding: .utf8)
  }
}
