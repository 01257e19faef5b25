import ConfabModel
import Foundation

/// Reads a file as lines with read(2) and memchr: the fastest flat-memory way to walk a
/// large JSONL file (mmap would count every touched page as resident). Each line it hands
/// out has at least `JSONParser.padding` readable bytes after it, so simdjson parses in place.
final class LineReader {
  struct Line {
    /// Byte offset of the line's first byte in the file.
    var offset: Int
    var bytes: UnsafeRawBufferPointer
    /// Readable bytes from the line's start (line + what follows in the buffer + padding).
    var capacity: Int
    /// False for a last line with no newline: possibly still being written.
    var terminated: Bool
    /// Set for a line skipped without being held in memory (see `Skip`): `bytes` is then empty.
    var skipped: Skip? = nil

    /// The line's length in the file.
    var length: Int { skipped?.length ?? bytes.count }
  }

  /// Why a line was dropped while it streamed past, and how long it was.
  struct Skip: Equatable {
    enum Reason: Equatable {
      /// Longer than `limit` bytes: no record may be.
      case tooLong(limit: Int)
      /// Holds a NUL byte, which no JSON or SSE text may: binary data (a sparse file, a disk
      /// image, zero padding), skipped at the first buffer rather than held up to the limit.
      case binary
    }
    var reason: Reason
    var length: Int
  }

  /// The longest line held in memory (one record); longer ones are skipped and reported.
  /// `CONFAB_MAX_LINE_BYTES` overrides it (docs/format.md).
  static let defaultMaxLineBytes: Int = {
    if let text = Environment.process["CONFAB_MAX_LINE_BYTES"], let value = Int(text), value > 0 { return value }
    return 256 << 20
  }()

  /// A size limit as messages name it: "256 MiB", or exact bytes when not whole MiB.
  static func limitText(_ limit: Int) -> String { limit % (1 << 20) == 0 ? "\(limit >> 20) MiB" : "\(limit) bytes" }

  private let source: any ByteSource
  private let buffer: LineBuffer
  private var storage: UnsafeMutableRawPointer { buffer.storage }
  private var size: Int { buffer.size }
  private var start = 0
  private var end = 0
  private var scanFrom = 0
  private var storageFileOffset = 0
  private var atEOF = false
  private(set) var readError: Int32 = 0
  private let maxLineBytes: Int
  /// While skipping a line: where it started, how much was dropped so far, and why.
  private var skipping: (offset: Int, dropped: Int, reason: Skip.Reason)?

  /// `buffer`: memory kept from an earlier reader (its contents do not matter), else a new
  /// one of `chunkSize` bytes.
  init(source: any ByteSource, chunkSize: Int = 2 << 20, maxLineBytes: Int = LineReader.defaultMaxLineBytes, buffer: LineBuffer? = nil) {
    self.source = source
    self.maxLineBytes = maxLineBytes
    self.buffer = buffer ?? LineBuffer(size: chunkSize)
  }

  /// Bytes consumed so far (for progress figures).
  var position: Int { storageFileOffset + start }

  func next() -> Line? {
    while true {
      if scanFrom < end, let hit = memchr(storage + scanFrom, 0x0A, end - scanFrom) {
        let newline = storage.distance(to: hit)
        defer { start = newline + 1; scanFrom = start }
        if let skipped = skipping { return skippedLine(skipped, upTo: newline, terminated: true) }
        return line(from: start, to: newline, terminated: true)
      }
      scanFrom = end
      if atEOF {
        if let skipped = skipping {
          defer { start = end }
          return skippedLine(skipped, upTo: end, terminated: false)
        }
        guard start < end else { return nil }
        defer { start = end }
        return line(from: start, to: end, terminated: false)
      }
      refill()
    }
  }

  private func line(from: Int, to: Int, terminated: Bool) -> Line {
    Line(
      offset: storageFileOffset + from,
      bytes: UnsafeRawBufferPointer(start: storage + from, count: to - from),
      capacity: size + JSONParser.padding - from,
      terminated: terminated)
  }

  private func skippedLine(_ skipped: (offset: Int, dropped: Int, reason: Skip.Reason), upTo: Int, terminated: Bool) -> Line {
    skipping = nil
    return Line(offset: skipped.offset, bytes: UnsafeRawBufferPointer(start: storage, count: 0), capacity: 0, terminated: terminated,
                skipped: Skip(reason: skipped.reason, length: skipped.dropped + upTo - start))
  }

  private func refill() {
    if start > 0 {
      memmove(storage, storage + start, end - start)
      storageFileOffset += start
      end -= start
      scanFrom -= start
      start = 0
    }
    if skipping == nil && end == size {
      // A line that fills the buffer is checked before the buffer grows for it.
      if memchr(storage, 0, end) != nil {
        skipping = (storageFileOffset, 0, .binary)
      } else if size >= maxLineBytes {
        skipping = (storageFileOffset, 0, .tooLong(limit: maxLineBytes))
      }
    }
    if end == size && skipping != nil {
      // Not a record: drop what is buffered and look for the line's end.
      skipping!.dropped += end
      storageFileOffset += end
      end = 0
      scanFrom = 0
    } else if end == size {
      // One line longer than the buffer: grow it rather than split the record.
      buffer.grow(keeping: end)
    }
    let count = source.read(into: storage + end, count: size - end)
    if count < 0 {
      readError = errno
      atEOF = true
    } else if count == 0 {
      atEOF = true
    } else {
      end += count
    }
    memset(storage + end, 0, JSONParser.padding)
  }
}
