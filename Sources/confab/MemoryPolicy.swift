import CMalloc

/// glibc's malloc raises its mmap threshold each time a large block is freed, so after the
/// first big record the parser's and reader's multi-megabyte buffers come from the heap and
/// their pages stay resident: scan's peak RSS wandered between 46 and 88 MB on the same file.
/// A fixed 4 MiB threshold keeps those buffers mapped and returned (peak 47 MB, same speed;
/// 1 MiB cost a fifth of scan's time in page faults).
///
/// Fixing the threshold also stops glibc raising its trim threshold (to twice the mmap
/// threshold) as it otherwise would: left at 128 KiB, a heap's top was given back and faulted
/// in again record after record whenever a record's buffers ended at the top (13 times the
/// page faults of a full scan, from where one early allocation happened to land). 8 MiB is
/// the value glibc's own rule gives.
enum MemoryPolicy {
  static func apply() {
    _ = mallopt(M_MMAP_THRESHOLD, 4 << 20)
    _ = mallopt(M_TRIM_THRESHOLD, 8 << 20)
  }
}
