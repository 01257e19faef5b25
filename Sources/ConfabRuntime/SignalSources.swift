import CSignalPipe
import Glibc

/// The signals the explorer handles, for its run loop: SIGTERM, SIGHUP, SIGINT and SIGQUIT
/// ask it to quit; SIGWINCH reports a resize. Crash signals are the terminal backend's (they
/// restore the terminal from the handler itself).
///
/// The handler is installed before `init` returns and writes each signal into a pipe, where it
/// waits until the run loop takes it: the loop polls the pipe's read end (`descriptor`) beside
/// its inbox and the terminal. Dispatch's own signal sources register on its manager thread
/// some time after they are resumed, and a signal sent before that (a SIGTERM right after the
/// first frame, on a loaded machine) was lost; a dispatch read source on the pipe cost the
/// first frame 1.6 ms of libdispatch's start-up on the main thread.
final class SignalSources {
  private let signals: [Int32]
  /// Readable when a signal has come; nil when no pipe could be made (the explorer then
  /// quits by its keys alone).
  let descriptor: Int32?

  init(signals: [Int32] = [SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGWINCH]) {
    self.signals = signals
    let readEnd = signals.withUnsafeBufferPointer { signal_pipe_open($0.baseAddress, Int32($0.count)) }
    descriptor = readEnd >= 0 ? readEnd : nil
  }

  /// The signals that came since the last call, in order.
  func take() -> [Int32] {
    guard let descriptor else { return [] }
    var taken: [Int32] = []
    var numbers = [UInt8](repeating: 0, count: 64)
    while true {
      let count = numbers.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
      guard count > 0 else { break }
      taken += numbers[0..<count].map { Int32($0) }
    }
    return taken
  }

  deinit {
    signals.withUnsafeBufferPointer { signal_pipe_close($0.baseAddress, Int32($0.count)) }
    if let descriptor { close(descriptor) }
  }
}
