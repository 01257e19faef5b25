/// A terminal colour: the terminal's default, or an xterm-256 index (0-15 are the basic set).
public enum Color: Equatable, Hashable, Sendable {
  case `default`
  case indexed(UInt8)
}

public struct Style: Equatable, Hashable, Sendable {
  public var fg: Color = .default
  public var bg: Color = .default
  public var bold = false
  public var dim = false
  public var underline = false
  public var reverse = false
  /// Without colour, italic is the marker channel that neither heat (dim/bold) nor the cursor
  /// and selection (reverse) use.
  public var italic = false

  public init(
    fg: Color = .default, bg: Color = .default, bold: Bool = false, dim: Bool = false,
    underline: Bool = false, reverse: Bool = false, italic: Bool = false
  ) {
    self.fg = fg
    self.bg = bg
    self.bold = bold
    self.dim = dim
    self.underline = underline
    self.reverse = reverse
    self.italic = italic
  }

  public static let plain = Style()

  /// This style with `other`'s non-default parts laid on top.
  public func merged(with other: Style) -> Style {
    var result = self
    if other.fg != .default { result.fg = other.fg }
    if other.bg != .default { result.bg = other.bg }
    result.bold = bold || other.bold
    result.dim = (dim || other.dim) && !other.bold
    result.underline = underline || other.underline
    result.reverse = reverse || other.reverse
    result.italic = italic || other.italic
    return result
  }
}

/// One screen cell. A wide character occupies its cell and a continuation cell after it.
public struct Cell: Equatable, Sendable {
  public var symbol: String
  public var style: Style
  public var isContinuation: Bool

  public init(symbol: String = " ", style: Style = .plain, isContinuation: Bool = false) {
    self.symbol = symbol
    self.style = style
    self.isContinuation = isContinuation
  }
}

public struct Size: Equatable, Hashable, Sendable {
  public var width: Int
  public var height: Int
  public init(width: Int, height: Int) {
    self.width = max(0, width)
    self.height = max(0, height)
  }
}

/// A grid of cells that widgets draw into; the terminal backend copies it to the screen and
/// tests compare its text and styles.
public struct Buffer: Equatable, Sendable {
  public let size: Size
  private var cells: [Cell]

  public init(size: Size) {
    self.size = size
    cells = Array(repeating: Cell(), count: size.width * size.height)
  }

  public var area: Rect { Rect(x: 0, y: 0, width: size.width, height: size.height) }

  public subscript(x: Int, y: Int) -> Cell {
    get { cells[y * size.width + x] }
    set { cells[y * size.width + x] = newValue }
  }

  private func contains(_ x: Int, _ y: Int) -> Bool {
    x >= 0 && y >= 0 && x < size.width && y < size.height
  }

  /// Writes `text` from (x, y), clipped to `clip` (default: the whole buffer). Returns the
  /// column after the last cell written. Control characters show as `?`; a wide character
  /// that would straddle the clip edge is replaced by a space.
  @discardableResult
  public mutating func put(_ text: String, x: Int, y: Int, style: Style = .plain, clip: Rect? = nil) -> Int {
    let bounds = (clip ?? area).intersection(area)
    guard y >= bounds.y, y < bounds.maxY else { return x + DisplayWidth.of(text) }
    var column = x
    if DisplayWidth.isPlainASCII(text) {
      for byte in text.utf8 {
        if column >= bounds.maxX { break }
        if column >= bounds.x { setCell(column, y, Cell(symbol: String(UnicodeScalar(byte)), style: style)) }
        column += 1
      }
      return x + text.utf8.count
    }
    for character in text {
      let symbol = DisplayWidth.cellSymbol(character)
      let width = DisplayWidth.of(scalar: symbol.unicodeScalars.first ?? " ")
      if width == 0 {
        // A combining mark joins the previous cell.
        if column - 1 >= bounds.x, column - 1 < bounds.maxX, contains(column - 1, y) {
          self[column - 1, y].symbol += symbol
        }
        continue
      }
      if column >= bounds.maxX { return column + width }
      if column >= bounds.x {
        if width == 2 && column + 1 >= bounds.maxX {
          setCell(column, y, Cell(symbol: " ", style: style))
        } else {
          setCell(column, y, Cell(symbol: symbol, style: style))
          if width == 2 { setCell(column + 1, y, Cell(symbol: "", style: style, isContinuation: true)) }
        }
      }
      column += width
    }
    return column
  }

  /// Sets a cell, repairing a wide character it half-overwrites.
  private mutating func setCell(_ x: Int, _ y: Int, _ cell: Cell) {
    guard contains(x, y) else { return }
    if self[x, y].isContinuation, x > 0 { self[x - 1, y] = Cell(symbol: " ", style: self[x - 1, y].style) }
    if !cell.isContinuation, x + 1 < size.width, self[x + 1, y].isContinuation {
      self[x + 1, y] = Cell(symbol: " ", style: self[x + 1, y].style)
    }
    self[x, y] = cell
  }

  /// Fills a rectangle with spaces in `style`.
  public mutating func fill(_ rect: Rect, style: Style = .plain, symbol: String = " ") {
    let r = rect.intersection(area)
    guard !r.isEmpty else { return }
    for y in r.y..<r.maxY {
      for x in r.x..<r.maxX { self[x, y] = Cell(symbol: symbol, style: style) }
    }
  }

  /// Changes the style of every cell in `rect`.
  public mutating func restyle(_ rect: Rect, _ change: (inout Style) -> Void) {
    let r = rect.intersection(area)
    guard !r.isEmpty else { return }
    for y in r.y..<r.maxY {
      for x in r.x..<r.maxX { change(&self[x, y].style) }
    }
  }

  /// The plain text of each row (continuation cells omitted, so wide characters read once).
  public var lines: [String] {
    (0..<size.height).map { y in
      var line = ""
      for x in 0..<size.width where !self[x, y].isContinuation { line += self[x, y].symbol }
      return line
    }
  }

  public var text: String { lines.joined(separator: "\n") }
}
