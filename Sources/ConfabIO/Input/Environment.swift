import Glibc

/// Environment variables, looked up one name at a time: the process's own (`getenv`), or a
/// fixed set (tests). Foundation's `ProcessInfo.environment` copies every variable into a new
/// dictionary on each call, and the explorer's start made several of those before its first
/// screen.
public struct Environment: Sendable, ExpressibleByDictionaryLiteral {
  private let fixed: [String: String]?

  /// The running process's variables, read when asked for.
  public static var process: Environment { Environment(fixed: nil) }

  private init(fixed: [String: String]?) { self.fixed = fixed }

  public init(_ values: [String: String]) { fixed = values }

  public init(dictionaryLiteral elements: (String, String)...) {
    fixed = Dictionary(elements, uniquingKeysWith: { $1 })
  }

  public subscript(name: String) -> String? {
    if let fixed { return fixed[name] }
    guard let value = getenv(name) else { return nil }
    return String(cString: value)
  }
}
