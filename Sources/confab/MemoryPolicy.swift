import CMalloc

/// glibc's malloc raises its mmap threshold each time a large block is freed, so after the
/// first big record the parser's and reader's multi-megabyte buffers come from the heap and
/// their pages stay resident: scan's peak RSS wandered between 46 and 88 MB on the same file.
/// A fixed 4 MiB threshold keeps those buffers mapped and returned (peak 47 MB, same speed;
/// 1 MiB cost a fifth of scan's time in page faults).
enum MemoryPolicy {
  static func apply() {
    _ = mallopt(M_MMAP_THRESHOLD, 4 << 20)
  }
}
