/// Something wrong in an input file, located so the user can open it at the right line.
public struct ImportProblem: Error, Sendable, Hashable, CustomStringConvertible {
  public var path: String
  /// 1-based line, or nil when the problem concerns the whole file.
  public var line: Int?
  /// JSON path of the offending field, when known (`choices[0].logprobs.content[3].logprob`).
  public var field: String?
  public var message: String

  public init(path: String, line: Int?, field: String? = nil, message: String) {
    self.path = path
    self.line = line
    self.field = field
    self.message = message
  }

  public var description: String {
    var location = path
    if let line { location += ":\(line)" }
    if let field { return "\(location): \(field): \(message)" }
    return "\(location): \(message)"
  }
}

/// What an importer throws about one record; the caller adds path and line.
public struct RecordError: Error, Sendable, Equatable {
  public var field: String?
  public var message: String

  public init(_ message: String, field: String? = nil) {
    self.message = message
    self.field = field
  }
}
