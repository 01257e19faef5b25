/// Strings joined with a separator, by a concrete function (split words are passed as
/// Strings: appending a Substring is a generic append again). The standard library's `joined` is
/// not inlinable: its generic body asks the runtime for the sequence's conformances, and the
/// first such question per sequence type scans every conformance record of the (static)
/// executable, ~0.25 ms each. Three of them sat on the first record's way to the screen.
public enum TextJoin {
  public static func join(_ parts: [String], separator: String) -> String {
    var result = ""
    for (index, part) in parts.enumerated() {
      if index > 0 { result += separator }
      result += part
    }
    return result
  }
}
