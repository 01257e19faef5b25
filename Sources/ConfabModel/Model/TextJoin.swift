/// Strings joined with a separator, by concrete functions. The standard library's `joined` is
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

  public static func join(_ parts: ArraySlice<Substring>, separator: String) -> String {
    var result = ""
    for (index, part) in parts.enumerated() {
      if index > 0 { result += separator }
      // A String, not the Substring: appending a Substring is the generic append again.
      result += String(part)
    }
    return result
  }
}
