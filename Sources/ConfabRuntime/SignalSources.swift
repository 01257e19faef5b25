import Dispatch
import Glibc

/// Turns the signals the explorer handles into inbox deliveries: SIGTERM, SIGHUP, SIGINT and
/// SIGQUIT ask it to quit; SIGWINCH reports a resize. Crash signals are the terminal
/// backend's (they restore the terminal from the handler itself).
final class SignalSources {
  private let sources: [any DispatchSourceSignal]

  init(inbox: Inbox, signals: [Int32] = [SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGWINCH]) {
    sources = signals.map { number in
      // The source only observes; ignoring stops the default action (death, for SIGTERM).
      signal(number, SIG_IGN)
      let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
      source.setEventHandler { inbox.post(.signal(number)) }
      source.resume()
      return source
    }
  }

  deinit { sources.forEach { $0.cancel() } }
}
