/// The one width rule used everywhere (glibc wcwidth semantics, first scalar of a grapheme):
/// combining marks and format characters take 0 columns, East Asian wide/fullwidth and emoji
/// take 2, everything else 1. The backend checks each cell against the terminal's own
/// wcwidth, so a disagreement can never shift a row.
public enum DisplayWidth {
  // Wide ranges from Unicode's EastAsianWidth (W/F) and emoji presentation blocks.
  private static let wide: [ClosedRange<UInt32>] = [
    0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x23E9...0x23EC, 0x23F0...0x23F0,
    0x23F3...0x23F3, 0x25FD...0x25FE, 0x2614...0x2615, 0x2648...0x2653, 0x267F...0x267F,
    0x2693...0x2693, 0x26A1...0x26A1, 0x26AA...0x26AB, 0x26BD...0x26BE, 0x26C4...0x26C5,
    0x26CE...0x26CE, 0x26D4...0x26D4, 0x26EA...0x26EA, 0x26F2...0x26F3, 0x26F5...0x26F5,
    0x26FA...0x26FA, 0x26FD...0x26FD, 0x2705...0x2705, 0x270A...0x270B, 0x2728...0x2728,
    0x274C...0x274C, 0x274E...0x274E, 0x2753...0x2755, 0x2757...0x2757, 0x2795...0x2797,
    0x27B0...0x27B0, 0x27BF...0x27BF, 0x2B1B...0x2B1C, 0x2B50...0x2B50, 0x2B55...0x2B55,
    0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
    0xA960...0xA97F, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F,
    0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x16FE0...0x16FE4, 0x17000...0x18CFF, 0x1B000...0x1B2FF,
    0x1F004...0x1F004, 0x1F0CF...0x1F0CF, 0x1F18E...0x1F18E, 0x1F191...0x1F19A,
    0x1F200...0x1F202, 0x1F210...0x1F23B, 0x1F240...0x1F248, 0x1F250...0x1F251,
    0x1F260...0x1F265, 0x1F300...0x1F320, 0x1F32D...0x1F335, 0x1F337...0x1F37C,
    0x1F37E...0x1F393, 0x1F3A0...0x1F3CA, 0x1F3CF...0x1F3D3, 0x1F3E0...0x1F3F0,
    0x1F3F4...0x1F3F4, 0x1F3F8...0x1F43E, 0x1F440...0x1F440, 0x1F442...0x1F4FC,
    0x1F4FF...0x1F53D, 0x1F54B...0x1F54E, 0x1F550...0x1F567, 0x1F57A...0x1F57A,
    0x1F595...0x1F596, 0x1F5A4...0x1F5A4, 0x1F5FB...0x1F64F, 0x1F680...0x1F6C5,
    0x1F6CC...0x1F6CC, 0x1F6D0...0x1F6D2, 0x1F6D5...0x1F6D7, 0x1F6DC...0x1F6DF,
    0x1F6EB...0x1F6EC, 0x1F6F4...0x1F6FC, 0x1F7E0...0x1F7EB, 0x1F7F0...0x1F7F0,
    0x1F90C...0x1F93A, 0x1F93C...0x1F945, 0x1F947...0x1F9FF, 0x1FA70...0x1FAFF,
    0x20000...0x2FFFD, 0x30000...0x3FFFD,
  ]

  public static func of(scalar: Unicode.Scalar) -> Int {
    let value = scalar.value
    if value == 0 { return 0 }
    if value < 0x20 || (0x7F..<0xA0).contains(value) { return 1 }  // shown as "?"
    if value < 0x300 { return 1 }
    // Box drawing, blocks, arrows and bars: the UI's own glyphs, kept off the slow path.
    if (0x2190...0x21FF).contains(value) || (0x2500..<0x25FD).contains(value) { return 1 }
    switch scalar.properties.generalCategory {
    case .nonspacingMark, .enclosingMark, .format: return 0
    default: break
    }
    if (0x1160...0x11FF).contains(value) || value == 0x200B { return 0 }
    var low = 0
    var high = wide.count - 1
    while low <= high {
      let mid = (low + high) / 2
      if value < wide[mid].lowerBound { high = mid - 1 } else if value > wide[mid].upperBound { low = mid + 1 } else { return 2 }
    }
    return 1
  }

  /// What a grapheme puts in one cell: its first scalar plus combining marks, with ZWJ,
  /// variation-selector and flag tails dropped; control characters become "?".
  public static func cellSymbol(_ character: Character) -> String {
    var scalars = character.unicodeScalars.makeIterator()
    guard let first = scalars.next() else { return " " }
    if first.value < 0x20 || (0x7F..<0xA0).contains(first.value) { return "?" }
    var symbol = String(first)
    if of(scalar: first) == 0 { return symbol }
    while let next = scalars.next() {
      if next.value == 0x200D { break }
      let category = next.properties.generalCategory
      if category == .nonspacingMark || category == .enclosingMark, !(0xFE00...0xFE0F).contains(next.value) {
        symbol.unicodeScalars.append(next)
      }
    }
    return symbol
  }

  /// Columns `text` takes on screen under this rule.
  public static func of(_ text: String) -> Int {
    if isPlainASCII(text) { return text.utf8.count }
    var total = 0
    for character in text {
      if let first = cellSymbol(character).unicodeScalars.first { total += of(scalar: first) }
    }
    return total
  }

  /// Printable ASCII only: one column per byte, no grapheme work needed.
  static func isPlainASCII(_ text: String) -> Bool {
    text.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
  }

  /// `text` cut to at most `columns` columns, with "…" when cut.
  public static func truncate(_ text: String, to columns: Int) -> String {
    guard columns > 0 else { return "" }
    if of(text) <= columns { return text }
    var result = ""
    var used = 0
    for character in text {
      let width = of(String(character))
      if used + width > columns - 1 { break }
      result.append(character)
      used += width
    }
    return result + "…"
  }

  /// `text` cut to `columns` at a boundary a reader can trust: whole " · " fields are dropped
  /// from the end first, then words; a single word longer than the room is cut with "…".
  public static func truncateAtFields(_ text: String, to columns: Int) -> String {
    guard columns > 0 else { return "" }
    if of(text) <= columns { return text }
    var fields = text.split(separator: " · ", omittingEmptySubsequences: false).map(String.init)
    while fields.count > 1 {
      fields.removeLast()
      let kept = fields.joined(separator: " · ") + " …"
      if of(kept) <= columns { return kept }
    }
    var words = fields[0].split(separator: " ", omittingEmptySubsequences: false).map(String.init)
    while words.count > 1 {
      words.removeLast()
      let kept = words.joined(separator: " ") + "…"
      if of(kept) <= columns, words.contains(where: { !$0.isEmpty }) { return kept }
    }
    return truncate(text, to: columns)
  }

  /// `text` padded with spaces (or truncated) to exactly `columns` columns.
  public static func pad(_ text: String, to columns: Int) -> String {
    let cut = truncate(text, to: columns)
    return cut + String(repeating: " ", count: max(0, columns - of(cut)))
  }
}
