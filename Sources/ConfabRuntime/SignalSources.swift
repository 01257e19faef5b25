import CSignalPipe
import Dispatch
import Glibc

/// Turns the signals the explorer handles into inbox deliveries: SIGTERM, SIGHUP, SIGINT and
/// SIGQUIT ask it to quit; SIGWINCH reports a resize. Crash signals are the terminal
/// backend's (they restore the terminal from the handler itself).
///
/// The handler is installed before `init` returns and writes each signal into a pipe, which a
/// read source drains. Dispatch's own signal sources register on its manager thread some time
/// after they are resumed, and a signal sent before that (a SIGTERM right after the first
/// frame, on a loaded machine) was ignored and lost; a pipe keeps it until it is read.
final class SignalSources {
  private let signals: [Int32]
  private let reader: (any DispatchSourceRead)?

  init(inbox: Inbox, signals: [Int32] = [SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGWINCH]) {
    self.signals = signals
    let readEnd = signals.withUnsafeBufferPointer { signal_pipe_open($0.baseAddress, Int32($0.count)) }
    guard readEnd >= 0 else {
      // Only when a pipe cannot be made: the explorer then quits by its keys alone.
      reader = nil
      return
    }
    let reader = DispatchSource.makeReadSource(fileDescriptor: readEnd, queue: .global())
    reader.setEventHandler {
      var numbers = [UInt8](repeating: 0, count: 64)
      while true {
        let count = numbers.withUnsafeMutableBytes { read(readEnd, $0.baseAddress, $0.count) }
        guard count > 0 else { break }
        for number in numbers[0..<count] { inbox.post(.signal(Int32(number))) }
      }
    }
    // Dispatch runs this after the last event handler: the descriptor is not reused under it.
    reader.setCancelHandler { close(readEnd) }
    reader.resume()
    self.reader = reader
  }

  deinit {
    signals.withUnsafeBufferPointer { signal_pipe_close($0.baseAddress, Int32($0.count)) }
    reader?.cancel()
  }
}
