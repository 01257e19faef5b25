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
  }

  private let source: any ByteSource
  private var storage: UnsafeMutableRawPointer
  private var size: Int
  private var start = 0
  private var end = 0
  private var scanFrom = 0
  private var storageFileOffset = 0
  private var atEOF = false
  private(set) var readError: Int32 = 0

  init(source: any ByteSource, chunkSize: Int = 2 << 20) {
    self.source = source
    size = chunkSize
    storage = .allocate(byteCount: size + JSONParser.padding, alignment: 64)
  }

  deinit { storage.deallocate() }

  /// Bytes consumed so far (for progress figures).
  var position: Int { storageFileOffset + start }

  func next() -> Line? {
    while true {
      if scanFrom < end, let hit = memchr(storage + scanFrom, 0x0A, end - scanFrom) {
        let newline = storage.distance(to: hit)
        defer { start = newline + 1; scanFrom = start }
        return line(from: start, to: newline, terminated: true)
      }
      scanFrom = end
      if atEOF {
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

  private func refill() {
    if start > 0 {
      memmove(storage, storage + start, end - start)
      storageFileOffset += start
      end -= start
      scanFrom -= start
      start = 0
    }
    if end == size {
      // One line longer than the buffer: grow it rather than split the record.
      let grown = UnsafeMutableRawPointer.allocate(byteCount: size * 2 + JSONParser.padding, alignment: 64)
      grown.copyMemory(from: storage, byteCount: end)
      storage.deallocate()
      storage = grown
      size *= 2
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
