/// Text from outside (server errors, file contents, paths) made safe to print on a terminal:
/// control characters become visible escapes, so a hostile input cannot move the cursor,
/// change colours or retitle the window.
public enum Printable {
  public static func escaped(_ text: String) -> String {
    guard text.unicodeScalars.contains(where: isControl) else { return text }
    var out = String.UnicodeScalarView()
    for scalar in text.unicodeScalars {
      if isControl(scalar) {
        let hex = String(scalar.value, radix: 16)
        out.append(contentsOf: ("\\x" + (hex.count < 2 ? "0" + hex : hex)).unicodeScalars)
      } else {
        out.append(scalar)
      }
    }
    return String(out)
  }

  /// C0 (newline and tab included: messages are one line), DEL and C1.
  static func isControl(_ scalar: Unicode.Scalar) -> Bool {
    scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
  }
}
