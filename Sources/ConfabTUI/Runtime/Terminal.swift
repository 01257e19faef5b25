/// What the run loop needs from a screen: its size, a way to draw a Buffer, and input.
/// The ncurses backend and the in-memory terminal of the headless explorer both conform.
/// Not Sendable: one thread (the run loop's) owns a terminal.
public protocol Terminal: AnyObject {
  var size: Size { get }
  var colorMode: ColorMode { get }
  /// A descriptor that becomes readable when input waits (polled with the inbox), or nil
  /// when input comes from a script.
  var inputDescriptor: Int32? { get }
  /// The next input already waiting, without blocking; nil when there is none.
  func readEvent() -> Event?
  /// The terminal was resized (SIGWINCH): learn the new size and report it.
  func resized() -> Event?
  func draw(_ buffer: Buffer)
  /// Clears the physical screen on the next draw (Ctrl-L).
  func invalidate()
  /// Leaves the screen as it was found; safe to call twice.
  func close()
  /// Restores the terminal, stops the process as ^Z would in a cooked terminal, and takes the
  /// screen back when the shell continues it. Returns the size then (it may have changed).
  func suspend() -> Event?
}
