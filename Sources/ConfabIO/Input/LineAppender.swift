import Foundation

/// An output file that grows by whole lines: opened for appending, each line one write and
/// an fsync, so a kill never leaves a partial line that was reported as written. `record`,
/// `branch` and the explorer's branches write their transcripts through it.
public final class LineAppender: Sendable {
  private let fd: Int32

  public init(path: String) throws {
    fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0o644)
    guard fd >= 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "cannot write \(path): \(String(cString: strerror(errno)))"]) }
  }

  deinit { close(fd) }

  public func write(_ line: String) {
    var bytes = Array(line.utf8)
    var offset = 0
    while offset < bytes.count {
      let written = bytes.withUnsafeMutableBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
      if written <= 0 { if errno == EINTR { continue }; break }
      offset += written
    }
    fsync(fd)
  }
}
