import ConfabTUI

/// A terminal in memory: the headless explorer and the runtime's tests draw into it and read
/// its last frame back as text. Input comes from a script, never from a descriptor.
public final class MemoryTerminal: Terminal {
  public let size: Size
  public let colorMode: ColorMode
  public private(set) var frame: Buffer

  public init(size: Size, colorMode: ColorMode = .full256) {
    self.size = size
    self.colorMode = colorMode
    frame = Buffer(size: size)
  }

  public var inputDescriptor: Int32? { nil }
  public func readEvent() -> Event? { nil }
  public func resized() -> Event? { .resize(size) }

  public func draw(_ buffer: Buffer) {
    frame = buffer
  }

  public func invalidate() {}
  public func close() {}
  /// A scripted run has no shell to go back to: suspending is counted, never a stop.
  public private(set) var suspensions = 0
  public func suspend() -> Event? {
    suspensions += 1
    return nil
  }

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
