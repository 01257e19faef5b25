/// Vim-style key notation for scripted input (`confab PATHS --keys 'lll<Tab>'`): plain
/// characters stand for themselves; `<Tab>`, `<S-Tab>`, `<Esc>`, `<Enter>` (`<CR>`), `<Space>`,
/// `<BS>`, `<Del>`, `<Up>` `<Down>` `<Left>` `<Right>`, `<PageUp>` `<PageDown>`, `<Home>` `<End>`,
/// `<F1>`, `<C-x>` for control keys and `<lt>` for a literal `<`.
public enum KeyNotation {
  public struct Failure: Error, Equatable, CustomStringConvertible {
    public let message: String
    public var description: String { message }
  }

  private static let named: [String: Key] = [
    "tab": .tab, "s-tab": .backTab, "esc": .escape, "escape": .escape, "enter": .enter, "cr": .enter,
    "return": .enter, "space": .char(" "), "bs": .backspace, "backspace": .backspace, "del": .delete,
    "delete": .delete, "up": .up, "down": .down, "left": .left, "right": .right, "pageup": .pageUp,
    "pagedown": .pageDown, "pgup": .pageUp, "pgdn": .pageDown, "home": .home, "end": .end, "f1": .f1,
    "lt": .char("<"),
  ]

  public static func parse(_ text: String) throws(Failure) -> [Key] {
    var keys: [Key] = []
    var rest = Substring(text)
    while let first = rest.first {
      guard first == "<", let close = rest.firstIndex(of: ">") else {
        keys.append(.char(first))
        rest = rest.dropFirst()
        continue
      }
      let name = rest[rest.index(after: rest.startIndex)..<close]
      keys.append(try key(named: String(name)))
      rest = rest[rest.index(after: close)...]
    }
    return keys
  }

  private static func key(named name: String) throws(Failure) -> Key {
    let lowered = name.lowercased()
    if let key = named[lowered] { return key }
    if lowered.hasPrefix("c-"), lowered.count == 3, let letter = lowered.last, letter.isLetter, letter.isASCII {
      return .ctrl(letter)
    }
    throw Failure(message: "unknown key <\(name)> (use <Tab>, <S-Tab>, <Esc>, <Enter>, <Space>, <BS>, <Up>, <C-c>, <F1>, <lt> ...)")
  }
}
