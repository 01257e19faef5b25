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
    let digits = bytes.map { byte in
      let digits = String(byte, radix: 16)
      return digits.count == 1 ? "0" + digits : digits
    }
    return "<" + TextJoin.join(digits, separator: " ") + ">"
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

  /// A special token's glyph, or nil for ordinary text: `⏎eos` for end of text (an empty
  /// token is one: llama-server drops the text of SmolLM2's `<|im_end|>`, and lists it as an
  /// empty alternative), else the token's name in ⟨⟩. A token is special when the file flags
  /// it (TGI) or its whole text is `<|…|>`, the form chat templates give special tokens.
  public static func specialGlyph(_ bytes: [UInt8], special: Bool = false) -> String? {
    if bytes.isEmpty { return "⏎eos" }
    let isBracketed = bytes.count > 4 && bytes.starts(with: [0x3C, 0x7C]) && bytes.suffix(2).elementsEqual([0x7C, 0x3E])
    guard special || isBracketed else { return nil }
    let name = String(decoding: bytes, as: UTF8.self)
    let lower = name.lowercased()
    if ["end", "eos", "eot", "</s>"].contains(where: { lower.contains($0) }) { return "⏎eos" }
    return "⟨" + name + "⟩"
  }

  /// A token the file named only by its id (no text): `⟨#id⟩`.
  public static func idGlyph(_ id: Int?) -> String { "⟨#" + (id.map(String.init) ?? "?") + "⟩" }

  /// The sampled token as the panel names it, its id when the file gave no text.
  public static func quoted(_ token: Token) -> String {
    token.textKnown ? quoted(token.bytes, special: token.special) : idGlyph(token.id)
  }

  /// An alternative as the panel names it, its id when the file gave no text.
  public static func quoted(_ alternative: Alternative) -> String {
    alternative.textKnown ? quoted(alternative.bytes) : idGlyph(alternative.id)
  }

  /// A token as the distribution panel names it: its label in quotes, or a special glyph bare.
  public static func quoted(_ bytes: [UInt8], special: Bool = false) -> String {
    specialGlyph(bytes, special: special) ?? "\"" + label(bytes) + "\""
  }

  /// The text of a token sequence decoded across token boundaries (a character split over
  /// two tokens reads whole); invalid sequences become U+FFFD. Flagged special tokens are not
  /// text (TGI's `<|endoftext|>` ends the reply, it is not written in it).
  public static func text(of tokens: [Token]) -> String {
    var all: [UInt8] = []
    all.reserveCapacity(tokens.count * 4)
    for token in tokens where !token.special { all.append(contentsOf: token.bytes) }
    return String(decoding: all, as: UTF8.self)
  }

  /// The Unicode scalar offset where each token starts in the decoded text, plus the total
  /// at the end (count + 1 entries). Counts UTF-8 lead bytes: exact for valid text. A special
  /// token takes no room.
  public static func scalarStarts(_ tokens: [Token]) -> [Int] {
    var starts: [Int] = []
    starts.reserveCapacity(tokens.count + 1)
    var scalar = 0
    for token in tokens {
      starts.append(scalar)
      guard !token.special else { continue }  // not in the text (see `text(of:)`)
      for byte in token.bytes where byte & 0xC0 != 0x80 { scalar += 1 }
    }
    starts.append(scalar)
    return starts
  }
}
