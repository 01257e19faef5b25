import Glibc

/// The memory a `LineReader` reads into. A caller that reads many ranges one after another (a
/// scan worker, a block at a time) keeps one: a 2 MiB buffer allocated and freed per block
/// left holes in malloc's per-thread heaps, which kept ~20 MB more resident at 1 GB
/// (`--figures-only` peaks 60-70 MB with a buffer per block).
final class LineBuffer {
  private(set) var storage: UnsafeMutableRawPointer
  /// Usable bytes; `JSONParser.padding` more are allocated after them.
  private(set) var size: Int
  /// Where a buffer that asked for huge pages was mapped (what munmap takes back).
  private typealias Mapping = (start: UnsafeMutableRawPointer, length: Int)
  /// Nil: from malloc.
  private var mapping: Mapping?
  private let hugePages: Bool

  /// `hugePages`: for a buffer that a large file will fill. The kernel backs each whole 2 MiB
  /// of it with one huge page where it can: reading the first 2 MiB of a file into fresh
  /// small pages took ~2-3 ms here, most of it 512 page faults, against ~0.5 ms. (A small
  /// file's reader keeps malloc's pages: only those it touches are made.)
  init(size: Int = 2 << 20, hugePages: Bool = false) {
    self.size = size
    self.hugePages = hugePages
    (storage, mapping) = Self.allocate(size + JSONParser.padding, hugePages: hugePages)
  }

  deinit { Self.free(storage, mapping) }

  /// Doubles the buffer, keeping its first `kept` bytes: one line longer than the buffer.
  func grow(keeping kept: Int) {
    let (grown, grownMapping) = Self.allocate(size * 2 + JSONParser.padding, hugePages: hugePages)
    grown.copyMemory(from: storage, byteCount: kept)
    Self.free(storage, mapping)
    (storage, mapping) = (grown, grownMapping)
    size *= 2
  }

  private static let hugePageSize = 2 << 20

  /// `bytes` from malloc, or mapped at a huge-page boundary with the whole huge pages inside
  /// them advised (the padding past the last one stays in a small page: advising it would
  /// make a whole huge page resident for a few bytes). Where the mapping or the advice fails,
  /// plain memory serves.
  private static func allocate(_ bytes: Int, hugePages: Bool) -> (UnsafeMutableRawPointer, Mapping?) {
    guard hugePages, bytes >= hugePageSize else { return (.allocate(byteCount: bytes, alignment: 64), nil) }
    let length = bytes + hugePageSize
    let start = mmap(nil, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
    guard let start, start != MAP_FAILED else { return (.allocate(byteCount: bytes, alignment: 64), nil) }
    let offset = (hugePageSize - Int(bitPattern: start) % hugePageSize) % hugePageSize
    let aligned = start + offset
    _ = madvise(aligned, bytes / hugePageSize * hugePageSize, MADV_HUGEPAGE)
    return (aligned, (start, length))
  }

  private static func free(_ storage: UnsafeMutableRawPointer, _ mapping: Mapping?) {
    if let mapping {
      munmap(mapping.start, mapping.length)
    } else {
      storage.deallocate()
    }
  }
}
