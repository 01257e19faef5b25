@testable import ConfabRuntime
import Foundation
import Glibc
import Testing

/// A signal sent the moment the sources exist is there for the run loop: the handler is in
/// place before `init` returns (a dispatch signal source registered later and lost such a
/// signal), and the signal waits in the pipe, whose read end wakes the loop's wait. After the
/// sources go, the earlier handling is back.
@Suite(.serialized) struct SignalSourcesTests {
  /// What the run loop does: wait on the inbox and the pipe, then take the signals.
  static func signals(from sources: SignalSources, within seconds: Double) -> [Int32] {
    let inbox = Inbox()
    let deadline = Date().addingTimeInterval(seconds)
    // Wakes the wait at the deadline when no signal comes.
    let waker = Thread {
      Thread.sleep(forTimeInterval: seconds)
      inbox.post(.scannerNews)
    }
    waker.start()
    var seen: [Int32] = []
    while Date() < deadline && seen.isEmpty {
      inbox.wait(alsoOn: [sources.descriptor!])
      seen += sources.take()
    }
    return seen
  }

  @Test func aSignalSentAtOnceWakesTheLoopAndIsTaken() {
    for _ in 0..<20 {
      let sources = SignalSources(signals: [SIGUSR2, SIGWINCH])
      // To the process, as `kill` sends it: the test's own thread may block signals (a
      // concurrency worker does), so `raise` could leave it pending there.
      kill(getpid(), SIGUSR2)
      #expect(Self.signals(from: sources, within: 5) == [SIGUSR2])
      #expect(sources.take().isEmpty)
    }
  }

  /// A handler's address (handlers are C function pointers, which do not compare).
  static func address(_ action: sigaction) -> Int {
    unsafeBitCast(action.__sigaction_handler.sa_handler, to: Int.self)
  }

  @Test func theEarlierHandlingIsBackAfterwards() {
    var ignore = sigaction()
    ignore.__sigaction_handler.sa_handler = SIG_IGN
    var before = sigaction()
    sigaction(SIGUSR2, &ignore, &before)
    defer { sigaction(SIGUSR2, &before, nil) }
    do {
      let sources = SignalSources(signals: [SIGUSR2])
      var during = sigaction()
      sigaction(SIGUSR2, nil, &during)
      #expect(Self.address(during) != Self.address(ignore))
      withExtendedLifetime(sources) {}
    }
    var after = sigaction()
    sigaction(SIGUSR2, nil, &after)
    #expect(Self.address(after) == Self.address(ignore))
  }
}
