import ConfabTUI

/// A terminal in memory: the headless explorer and the runtime's tests draw into it and read
/// its last frame back as text. Input comes from a script, never from a descriptor.
public final class MemoryTerminal: Terminal {
  public private(set) var size: Size
  public let colorMode: ColorMode
  public private(set) var frame: Buffer
  public private(set) var frameCount = 0
  /// Called with every frame drawn (for `--frames`).
  public var onDraw: ((Buffer) -> Void)?
  public private(set) var closed = false

  public init(size: Size, colorMode: ColorMode = .full256) {
    self.size = size
    self.colorMode = colorMode
    frame = Buffer(size: size)
  }

  public var inputDescriptor: Int32? { nil }
  public func readEvent() -> Event? { nil }
  public func resized() -> Event? { .resize(size) }

  /// Changes the size as a resize would (the loop learns of it through `.resize`).
  public func resize(to size: Size) { self.size = size }

  public func draw(_ buffer: Buffer) {
    frame = buffer
    frameCount += 1
    onDraw?(buffer)
  }

  public func invalidate() {}
  public func close() { closed = true }

  /// The last frame, one line per row, trailing blanks removed (as `tmux capture-pane -p`).
  public var text: String { Self.text(of: frame) }

  public static func text(of buffer: Buffer) -> String {
    buffer.lines.map { line in
      var trimmed = Substring(line)
      while trimmed.last == " " { trimmed = trimmed.dropLast() }
      return String(trimmed)
    }.joined(separator: "\n")
  }
}
