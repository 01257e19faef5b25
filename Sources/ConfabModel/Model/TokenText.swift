/// How token bytes read on screen: UTF-8 when they are, hex when a token holds a partial
/// character. Control characters are made visible so a token never moves the cursor.
public enum TokenText {
  /// True when `bytes` is complete, valid UTF-8.
  public static func isValidUTF8(_ bytes: [UInt8]) -> Bool {
    var iterator = bytes.makeIterator()
    var decoder = UTF8()
    while true {
      switch decoder.decode(&iterator) {
      case .scalarValue: continue
      case .emptyInput: return true
      case .error: return false
      }
    }
  }

  /// `<e2 80>` for bytes that are not valid UTF-8 on their own.
  public static func hex(_ bytes: [UInt8]) -> String {
    "<" + bytes.map { byte in
      let digits = String(byte, radix: 16)
      return digits.count == 1 ? "0" + digits : digits
    }.joined(separator: " ") + ">"
  }

  /// The token as shown in lists and the distribution panel: quoted-style escapes for
  /// whitespace controls so a newline token is visible.
  public static func label(_ bytes: [UInt8]) -> String {
    guard isValidUTF8(bytes) else { return hex(bytes) }
    var out = ""
    for scalar in String(decoding: bytes, as: UTF8.self).unicodeScalars {
      switch scalar {
      case "\n": out += "\\n"
      case "\t": out += "\\t"
      case "\r": out += "\\r"
      default:
        if scalar.value < 0x20 || scalar.value == 0x7F {
          out += "\\u{" + String(scalar.value, radix: 16) + "}"
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    return out
  }

  /// The text of a token sequence decoded across token boundaries (a character split over
  /// two tokens reads whole); invalid sequences become U+FFFD.
  public static func text(of tokens: [Token]) -> String {
    var all: [UInt8] = []
    all.reserveCapacity(tokens.count * 4)
    for token in tokens { all.append(contentsOf: token.bytes) }
    return String(decoding: all, as: UTF8.self)
  }

  /// The Unicode scalar offset where each token starts in the decoded text, plus the total
  /// at the end (count + 1 entries). Counts UTF-8 lead bytes: exact for valid text.
  public static func scalarStarts(_ tokens: [Token]) -> [Int] {
    var starts: [Int] = []
    starts.reserveCapacity(tokens.count + 1)
    var scalar = 0
    for token in tokens {
      starts.append(scalar)
      for byte in token.bytes where byte & 0xC0 != 0x80 { scalar += 1 }
    }
    starts.append(scalar)
    return starts
  }
}
