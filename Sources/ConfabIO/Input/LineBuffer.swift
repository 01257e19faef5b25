/// The memory a `LineReader` reads into. A caller that reads many ranges one after another (a
/// scan worker, a block at a time) keeps one: a 2 MiB buffer allocated and freed per block
/// left holes in malloc's per-thread heaps, which kept ~20 MB more resident at 1 GB
/// (`--figures-only` peaks 60-70 MB with a buffer per block).
final class LineBuffer {
  private(set) var storage: UnsafeMutableRawPointer
  /// Usable bytes; `JSONParser.padding` more are allocated after them.
  private(set) var size: Int

  init(size: Int = 2 << 20) {
    self.size = size
    storage = .allocate(byteCount: size + JSONParser.padding, alignment: 64)
  }

  deinit { storage.deallocate() }

  /// Doubles the buffer, keeping its first `kept` bytes: one line longer than the buffer.
  func grow(keeping kept: Int) {
    let grown = UnsafeMutableRawPointer.allocate(byteCount: size * 2 + JSONParser.padding, alignment: 64)
    grown.copyMemory(from: storage, byteCount: kept)
    storage.deallocate()
    storage = grown
    size *= 2
  }
}
