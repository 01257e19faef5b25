import ConfabTUI
import Glibc
import Synchronization

/// What reaches the run loop from other threads.
public enum Delivery: Sendable {
  /// An effect finished, with the event it produced (nil: nothing to report, e.g. a
  /// cancelled load). Every effect the loop started ends with exactly one of these.
  case completed(Event?)
  /// The background scanner has something queued: drain it.
  case scannerNews
  /// A running effect's news (how far a live-model request is): applied, the effect goes on.
  case progress(Event)
}

/// The one inbox of the run loop: a mutex-guarded queue plus a self-pipe, so the loop can wait
/// on it and on terminal input in one `poll` (no sleeps, no polling intervals).
public final class Inbox: Sendable {
  private let queue = Mutex<[Delivery]>([])
  private let readEnd: Int32
  private let writeEnd: Int32

  public init() {
    var ends: [Int32] = [0, 0]
    guard pipe(&ends) == 0 else { fatalError("confab: cannot create the run loop's pipe") }
    readEnd = ends[0]
    writeEnd = ends[1]
    for end in ends {
      _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK)
      _ = fcntl(end, F_SETFD, FD_CLOEXEC)
    }
  }

  deinit {
    close(readEnd)
    close(writeEnd)
  }

  /// Queues a delivery and wakes the loop. Safe from any thread.
  public func post(_ delivery: Delivery) {
    queue.withLock { $0.append(delivery) }
    var byte: UInt8 = 1
    // A full pipe already guarantees a wake-up, so EAGAIN is fine to ignore.
    _ = write(writeEnd, &byte, 1)
  }

  /// Everything queued so far, in order.
  public func take() -> [Delivery] {
    var scratch = [UInt8](repeating: 0, count: 256)
    while scratch.withUnsafeMutableBytes({ read(readEnd, $0.baseAddress, $0.count) }) > 0 {}
    return queue.withLock { queued in
      let taken = queued
      queued = []
      return taken
    }
  }

  public var isEmpty: Bool { queue.withLock { $0.isEmpty } }

  /// Blocks until the inbox has something or one of `others` is readable (terminal input,
  /// the signal pipe), or a signal interrupts.
  public func wait(alsoOn others: [Int32] = []) {
    var descriptors = [pollfd(fd: readEnd, events: Int16(POLLIN), revents: 0)]
    for other in others { descriptors.append(pollfd(fd: other, events: Int16(POLLIN), revents: 0)) }
    _ = poll(&descriptors, nfds_t(descriptors.count), -1)
  }
}
