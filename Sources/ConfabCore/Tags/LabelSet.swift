import Foundation

/// The labels a user tags with and the digits bound to them. Lives in
/// `$XDG_CONFIG_HOME/confab/labels.txt` (one `DIGIT NAME` or `NAME` per line); the default set
/// is used until the user changes it, and the explorer writes changes back.
public struct LabelSet: Sendable, Equatable {
  public struct Label: Sendable, Equatable {
    public var name: String
    public var digit: Int?
    public init(name: String, digit: Int?) {
      self.name = name
      self.digit = digit
    }
  }

  public var labels: [Label]

  public init(labels: [Label]) { self.labels = labels }

  public static let standard = LabelSet(labels: [
    "confabulation", "correct-hedge", "missed-correction", "unbacked-confidence", "performative-hedge",
    "self-correction", "wrong-correction", "interesting", "other",
  ].enumerated().map { Label(name: $0.element, digit: $0.offset + 1) })

  public func label(forDigit digit: Int) -> String? { labels.first { $0.digit == digit }?.name }

  /// Adds `name` if new; returns its position.
  @discardableResult
  public mutating func ensure(_ name: String) -> Int {
    if let index = labels.firstIndex(where: { $0.name == name }) { return index }
    labels.append(Label(name: name, digit: nil))
    return labels.count - 1
  }

  /// Binds `digit` to `name`, unbinding it from any other label.
  public mutating func bind(_ digit: Int, to name: String) {
    for index in labels.indices where labels[index].digit == digit { labels[index].digit = nil }
    labels[ensure(name)].digit = digit
  }

  public static func path(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
    LexiconLoader.configDirectory(environment: environment) + "/labels.txt"
  }

  /// The user's labels, or the default set when there is no file.
  public static func load(path: String) throws -> LabelSet {
    guard let data = FileManager.default.contents(atPath: path) else { return .standard }
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
