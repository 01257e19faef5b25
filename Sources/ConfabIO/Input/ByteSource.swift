import ConfabModel
import CZlib
import Foundation

/// Where LineReader gets its bytes: a file, a gzip stream, or memory.
protocol ByteSource: AnyObject {
  /// Reads up to `count` bytes into `buffer`; 0 at the end, -1 on error (errno set).
  func read(into buffer: UnsafeMutableRawPointer, count: Int) -> Int
}

final class FileByteSource: ByteSource {
  let fd: Int32
  /// Bytes to read before reads are no longer held to it: a range's end. Reads stop there
  /// rather than fill the buffer past it (a scan block of one 1.35 MB record read 2 MiB,
  /// and the kernel's copying was twice the streaming reference's); a line that goes on past
  /// it is still read whole.
  private var untilSoftEnd: Int

  init(fd: Int32, softEnd: Int? = nil) {
    self.fd = fd
    untilSoftEnd = softEnd ?? 0
  }

  func read(into buffer: UnsafeMutableRawPointer, count: Int) -> Int {
    let asked = untilSoftEnd > 0 ? min(count, untilSoftEnd) : count
    while true {
      let got = Glibc.read(fd, buffer, asked)
      if got < 0 && errno == EINTR { continue }
      if got > 0 { untilSoftEnd = max(0, untilSoftEnd - got) }
      return got
    }
  }
}

/// A gzip file read as a stream (zlib's gzread handles concatenated members).
final class GzipByteSource: ByteSource {
  private let file: gzFile?

  /// Reads from the start of the file, through a duplicate of `fd` it owns. (A duplicate
  /// shares the file offset: a second reader would start where the first one stopped.)
  init(fd: Int32) {
    let copy = dup(fd)
    lseek(copy, 0, SEEK_SET)
    file = gzdopen(copy, "rb")
  }

  deinit { if let file { gzclose(file) } }

  /// The input ended inside a gzip member: the file was cut.
  private(set) var truncated = false

  func read(into buffer: UnsafeMutableRawPointer, count: Int) -> Int {
    guard let file else { return -1 }
    let got = gzread(file, buffer, UInt32(min(count, Int(Int32.max))))
    if got < 0 { errno = EIO }
    if got == 0 {
      var code: Int32 = 0
      _ = gzerror(file, &code)
      truncated = code == Z_BUF_ERROR
    }
    return Int(got)
  }
}

final class MemoryByteSource: ByteSource {
  private let bytes: [UInt8]
  private var position = 0
  init(_ bytes: [UInt8]) { self.bytes = bytes }

  func read(into buffer: UnsafeMutableRawPointer, count: Int) -> Int {
    let take = min(count, bytes.count - position)
    guard take > 0 else { return 0 }
    bytes.withUnsafeBytes { buffer.copyMemory(from: $0.baseAddress! + position, byteCount: take) }
    position += take
    return take
  }
}

/// What kind of container a file is, from its first bytes (never from its name).
enum Container: Equatable {
  case plain, gzip, zip
  /// A SQLite database (simonw/llm's logs.db).
  case sqlite

  static func sniff(fd: Int32) -> Container {
    var magic = [UInt8](repeating: 0, count: 16)
    let got = magic.withUnsafeMutableBytes { pread(fd, $0.baseAddress, 16, 0) }
    guard got >= 2 else { return .plain }
    if magic[0] == 0x1F && magic[1] == 0x8B { return .gzip }
    if got >= 4 && magic[0..<4].elementsEqual([0x50, 0x4B, 0x03, 0x04]) { return .zip }
    if got == 16 && magic.elementsEqual(Array("SQLite format 3\0".utf8)) { return .sqlite }
    return .plain
  }
}
