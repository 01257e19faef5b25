import CNcursesw
import CTerminalRestore
import ConfabTUI
import Glibc

/// The only code that talks to ncurses: draws Buffers, reads keys, restores the terminal.
/// Not Sendable: ncurses is single-threaded, so one thread owns this object.
public final class NcursesTerminal: Terminal {
  private let window: UnsafeMutablePointer<WINDOW>
  private var pairs: [PairKey: Int32] = [:]
  /// The frame drawn last, to add only the cells that changed; nil after anything that may
  /// have put other cells in the window (a resize).
  private var previous: Buffer?
  /// One cell's characters for setcchar: up to five scalars and a NUL.
  private var symbol = [wchar_t](repeating: 0, count: 6)
  /// Consecutive changed cells of one style, each a printable ASCII character, not yet added.
  private var run: [wchar_t] = []
  private var runStart: (x: Int, attributes: attr_t, pair: Int32) = (0, 0, 0)
  private var nextPair: Int32 = 1
  private let maxPairs: Int32
  public let colorMode: ColorMode
  private var closed = false

  private struct PairKey: Hashable { var fg: Int32; var bg: Int32 }

  /// Enters curses mode. `noColor` honours the NO_COLOR convention.
  public init(noColor: Bool) {
    setlocale(LC_ALL, "")  // first, or wide characters come out as garbage
    // Before initscr: the handlers restore the settings the shell had.
    ctr_install_crash_restore()
    guard let window = initscr() else { fatalError("initscr failed: is TERM set?") }
    self.window = window
    // Until a screen has been left once, ncurses flushes its output after every cursor move
    // (a write per cell run: ~800 writes for the first frames, each waking the terminal).
    // Leaving and re-entering before anything is drawn puts it in its running state, where a
    // frame goes out in a few buffer-sized writes.
    endwin()
    doupdate()
    raw()  // Ctrl-C arrives as a key, so quitting always goes through endwin
    noecho()
    keypad(window, true)
    curs_set(0)
    set_escdelay(25)
    wtimeout(window, 0)  // the run loop polls stdin; reads never block
    // No typeahead check while updating: ncurses would poll stdin between lines to abandon a
    // frame on input; the run loop reads keys between frames.
    typeahead(-1)
    if has_colors() && !noColor {
      start_color()
      use_default_colors()
      colorMode = tui_colors() >= 256 ? .full256 : .basic8
      maxPairs = tui_color_pairs()
    } else {
      colorMode = .none
      maxPairs = 0
    }
  }

  deinit { close() }

  /// Leaves curses mode; safe to call twice.
  public func close() {
    guard !closed else { return }
    closed = true
    endwin()
  }

  public func suspend() -> Event? {
    endwin()
    ctr_stop_until_continued()
    // The first refresh after endwin puts the terminal back in program mode; the glass is
    // the shell's now, so every cell is drawn again.
    clearok(window, true)
    return resized()
  }

  public var size: Size {
    var y: Int32 = 0
    var x: Int32 = 0
    tui_getmaxyx(window, &y, &x)
    return Size(width: Int(x), height: Int(y))
  }

  /// Clears the physical screen on the next draw (Ctrl-L).
  public func invalidate() { clearok(window, true) }

  public func draw(_ buffer: Buffer) {
    var cell = cchar_t()
    let width = min(buffer.size.width, size.width)
    let height = min(buffer.size.height, size.height)
    // Cells the last frame drew the same are still in the window: only changes are added
    // (ncurses compares the window with the glass, not the frames).
    let earlier = previous?.size == buffer.size ? previous : nil
    var lastStyle: Style?
    var styleAttributes = tui_a_normal()
    var stylePair: Int32 = 0
    for y in 0..<height {
      for x in 0..<width {
        let source = buffer[x, y]
        if source.isContinuation { continue }
        if let earlier, earlier[x, y] == source {
          flushRun(y: y)
          continue
        }
        // Neighbouring cells mostly share a style: attributes and pair once per run of them.
        if source.style != lastStyle {
          flushRun(y: y)
          styleAttributes = attributes(source.style)
          stylePair = pair(source.style)
          lastStyle = source.style
        }
        // Printable ASCII joins the run of its style, added in one call when the run ends: a
        // call per cell took ~0.3 ms of a full 120x40 frame's ~1.7 (the rest is doupdate).
        if let byte = Self.printableASCII(source.symbol) {
          if run.isEmpty { runStart = (x, styleAttributes, stylePair) }
          run.append(wchar_t(byte))
          continue
        }
        flushRun(y: y)
        fillSymbol(source.symbol, room: width - x)
        symbol.withUnsafeBufferPointer { _ = tui_setcchar(&cell, $0.baseAddress, styleAttributes, stylePair) }
        // The bottom-right cell scrolls some terminals; ncurses reports ERR there, harmless.
        _ = mvwadd_wch(window, Int32(y), Int32(x), &cell)
      }
      flushRun(y: y)
    }
    previous = buffer
    wnoutrefresh(window)
    doupdate()
  }

  /// Adds the pending run at its place in row `y` with its style (ERR at the bottom-right
  /// cell, as above, is harmless: the characters are in the window).
  private func flushRun(y: Int) {
    guard !run.isEmpty else { return }
    tui_wattr_set(window, runStart.attributes, runStart.pair)
    run.append(0)
    run.withUnsafeBufferPointer { _ = mvwaddnwstr(window, Int32(y), Int32(runStart.x), $0.baseAddress, Int32($0.count - 1)) }
    run.removeAll(keepingCapacity: true)
    // The window's attributes and pair go into every cell added after (a cell of pair 0
    // takes the window's): back to plain for the cells added one by one.
    tui_wattr_set(window, tui_a_normal(), 0)
  }

  @inline(__always) private static func printableASCII(_ text: String) -> UInt8? {
    let utf8 = text.utf8
    guard utf8.count == 1, let byte = utf8.first, byte >= 0x20, byte < 0x7F else { return nil }
    return byte
  }

  /// Puts the cell's characters (other than printable ASCII, which goes in runs),
  /// NUL-terminated, in `symbol` (reused: no array per cell).
  /// Falls back to "?" where the terminal's wcwidth disagrees with ours, so a row never shifts.
  private func fillSymbol(_ text: String, room: Int) {
    guard let first = text.unicodeScalars.first else {
      symbol[0] = 32
      symbol[1] = 0
      return
    }
    let ours = DisplayWidth.of(scalar: first)
    let theirs = Int(tui_wcwidth(first.value))
    if ours != theirs || ours > room {
      symbol[0] = wchar_t(UInt8(ascii: "?"))
      symbol[1] = 0
      return
    }
    var count = 0
    for scalar in text.unicodeScalars.prefix(5) {
      symbol[count] = wchar_t(bitPattern: scalar.value)
      count += 1
    }
    symbol[count] = 0
  }

  private func attributes(_ style: Style) -> attr_t {
    var attributes = tui_a_normal()
    if style.bold { attributes |= tui_a_bold() }
    if style.dim { attributes |= tui_a_dim() }
    if style.underline { attributes |= tui_a_underline() }
    if style.reverse { attributes |= tui_a_reverse() }
    if style.italic { attributes |= tui_a_italic() }
    return attributes
  }

  private func pair(_ style: Style) -> Int32 {
    guard colorMode != .none else { return 0 }
    let key = PairKey(fg: colorNumber(style.fg), bg: colorNumber(style.bg))
    if key.fg == -1 && key.bg == -1 { return 0 }
    if let existing = pairs[key] { return existing }
    guard nextPair < maxPairs else { return 0 }
    let number = nextPair
    nextPair += 1
    init_extended_pair(number, key.fg, key.bg)
    pairs[key] = number
    return number
  }

  private func colorNumber(_ color: Color) -> Int32 {
    switch color {
    case .default: return -1
    case .indexed(let index): return colorMode == .full256 ? Int32(index) : Int32(index % 8)
    }
  }

  public var inputDescriptor: Int32? { STDIN_FILENO }

  /// After SIGWINCH (which the run loop takes through its inbox, so ncurses never sees it):
  /// ask the kernel for the size and resize curses to it.
  public func resized() -> Event? {
    var rows: Int32 = 0
    var columns: Int32 = 0
    guard tui_window_size(&rows, &columns) == 0 else { return nil }
    resize_term(rows, columns)
    previous = nil
    // What ncurses believes is on the glass is stale after a resize: repaint every cell.
    clearok(window, true)
    return .resize(self.size)
  }

  /// The next key already typed; nil when none is waiting.
  public func readEvent() -> Event? {
    var character: wint_t = 0
    let result = wget_wch(window, &character)
    if result == ERR { return nil }
    if result == KEY_CODE_YES {
      switch Int32(character) {
      case KEY_RESIZE: return .resize(size)
      case KEY_UP: return .key(.up)
      case KEY_DOWN: return .key(.down)
      case KEY_LEFT: return .key(.left)
      case KEY_RIGHT: return .key(.right)
      case KEY_NPAGE: return .key(.pageDown)
      case KEY_PPAGE: return .key(.pageUp)
      case KEY_HOME: return .key(.home)
      case KEY_END: return .key(.end)
      case KEY_BTAB: return .key(.backTab)
      case KEY_BACKSPACE: return .key(.backspace)
      case KEY_DC: return .key(.delete)
      case KEY_ENTER: return .key(.enter)
      case KEY_F0 + 1: return .key(.f1)
      default: return nil
      }
    }
    switch character {
    case 9: return .key(.tab)
    case 10, 13: return .key(.enter)
    case 27: return .key(.escape)
    case 8, 127: return .key(.backspace)
    case 1...26: return .key(.ctrl(Character(Unicode.Scalar(UInt8(96 + character)))))
    default:
      guard let scalar = Unicode.Scalar(UInt32(character)) else { return nil }
      return .key(.char(Character(scalar)))
    }
  }
}
