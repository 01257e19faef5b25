@testable import ConfabRuntime
import Dispatch
import Foundation
import Glibc
import Testing

/// A signal sent the moment the sources exist reaches the inbox: the handler is in place before
/// `init` returns (a dispatch signal source registered later and lost such a signal), and the
/// signal waits in the pipe until it is read. After the sources go, the earlier handling is back.
@Suite(.serialized) struct SignalSourcesTests {
  static func signals(in inbox: Inbox, within seconds: Double) -> [Int32] {
    let deadline = Date().addingTimeInterval(seconds)
    // Wakes the wait at the deadline when no signal comes.
    DispatchQueue.global().asyncAfter(deadline: .now() + seconds) { inbox.post(.scannerNews) }
    var seen: [Int32] = []
    while Date() < deadline && seen.isEmpty {
      inbox.wait(alsoOn: nil)
      for case .signal(let number) in inbox.take() { seen.append(number) }
    }
    return seen
  }

  @Test func aSignalSentAtOnceIsDelivered() {
    for _ in 0..<20 {
      let inbox = Inbox()
      let sources = SignalSources(inbox: inbox, signals: [SIGUSR2, SIGWINCH])
      // To the process, as `kill` sends it: the test's own thread may block signals (a
      // concurrency worker does), so `raise` could leave it pending there.
      kill(getpid(), SIGUSR2)
      #expect(Self.signals(in: inbox, within: 5) == [SIGUSR2])
      withExtendedLifetime(sources) {}
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
      let sources = SignalSources(inbox: Inbox(), signals: [SIGUSR2])
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
