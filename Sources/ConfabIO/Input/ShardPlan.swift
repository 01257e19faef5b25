import Foundation

/// How `confab scan --shard K/N` cuts its input: each file is one unit, or, when it is JSONL of
/// objects at least twice `unitBytes`, line-aligned byte ranges of about that size. The plan
/// depends only on the paths, their contents and `unitBytes`, so every machine of a job
/// computes the same one; unit i belongs to shard i mod N (round robin keeps shards even).
public struct ShardPlan: Sendable, Equatable {
  /// As a shard file's header writes it: `{"file": 0, "bytes": [start, end]}`, no `bytes` for a whole file.
  public struct Unit: Sendable, Equatable, Codable {
    /// Index into `files`.
    public var file: Int
    /// The records starting in this byte range, or nil for the whole file.
    public var bytes: Range<Int>?

    public init(file: Int, bytes: Range<Int>?) {
      self.file = file
      self.bytes = bytes
    }
  }

  public let files: [String]
  public let units: [Unit]

  public init(files: [String], units: [Unit]) {
    self.files = files
    self.units = units
  }

  public init(files: [String], unitBytes: Int) {
    var units: [Unit] = []
    for (index, path) in files.enumerated() {
      var info = stat()
      let size = stat(path, &info) == 0 ? Int(info.st_size) : 0
      let parts = unitBytes > 0 ? size / unitBytes : 1
      if let cuts = ParallelScan.boundaries(path: path, parts: parts, minimumSize: 0) {
        for (start, end) in zip(cuts, cuts.dropFirst()) { units.append(Unit(file: index, bytes: start..<end)) }
      } else {
        units.append(Unit(file: index, bytes: nil))
      }
    }
    self.init(files: files, units: units)
  }

  /// The units shard `shard` (1-based) of `count` scans, in file order.
  public func units(ofShard shard: Int, of count: Int) -> [Int] {
    Array(stride(from: shard - 1, to: units.count, by: count))
  }
}
