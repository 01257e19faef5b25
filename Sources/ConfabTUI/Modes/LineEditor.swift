/// One line of editable text with a cursor: the search prompt, the picker's filter and note,
/// the export path. Readline keys: ←/→ ^B/^F move, Home/End ^A/^E, ^U kills to the start,
/// ^K to the end, ^W the word before the cursor, Backspace/Delete, Enter submits, Esc/^C/^G cancel.
public struct LineEditor: Equatable, Sendable {
  public private(set) var characters: [Character]
  /// Insertion point, 0...characters.count.
  public private(set) var cursor: Int

  public enum Outcome: Equatable, Sendable {
    /// The key changed the text or the cursor (or did nothing visible).
    case editing
    case submitted
    case cancelled
    /// Backspace with nothing to delete: some prompts close on it.
    case backspaceOnEmpty
    /// Not an editing key; the owner may give it a meaning (Tab, ↑/↓, ^N ...).
    case unhandled
  }

  public init(_ text: String = "") {
    characters = Array(text)
    cursor = characters.count
  }

  public var text: String { String(characters) }

  public mutating func handle(_ key: Key) -> Outcome {
    switch key {
    case .enter: return .submitted
    case .escape, .ctrl("c"), .ctrl("g"): return .cancelled
    case .char(let character):
      characters.insert(character, at: cursor)
      cursor += 1
    case .backspace:
      if characters.isEmpty { return .backspaceOnEmpty }
      if cursor > 0 {
        characters.remove(at: cursor - 1)
        cursor -= 1
      }
    case .delete, .ctrl("d"):
      if cursor < characters.count { characters.remove(at: cursor) }
    case .left, .ctrl("b"): cursor = max(0, cursor - 1)
    case .right, .ctrl("f"): cursor = min(characters.count, cursor + 1)
    case .home, .ctrl("a"): cursor = 0
    case .end, .ctrl("e"): cursor = characters.count
    case .ctrl("u"):
      characters.removeFirst(cursor)
      cursor = 0
    case .ctrl("k"):
      characters.removeLast(characters.count - cursor)
    case .ctrl("w"):
      var start = cursor
      while start > 0 && characters[start - 1] == " " { start -= 1 }
      while start > 0 && characters[start - 1] != " " { start -= 1 }
      characters.removeSubrange(start..<cursor)
      cursor = start
    case .ctrl, .up, .down, .pageUp, .pageDown, .tab, .backTab, .f1:
      return .unhandled
    }
    return .editing
  }

  /// The text with a bar at the cursor, for a status line or a field.
  public var rendered: String {
    String(characters[..<cursor]) + "▏" + String(characters[cursor...])
  }
}
