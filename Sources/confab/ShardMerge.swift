import ConfabIO
import ConfabModel
import Foundation

/// Reads the files of `confab scan --shard K/N` back in the unsharded scan's order: unit i from
/// shard i mod N, each shard file read once front to back (memory holds a line, not a shard),
/// line numbers of a cut file shifted by the lines of its earlier units.
struct ShardMerge {
  struct Failure: Error, CustomStringConvertible {
    var description: String
  }

  private let job: ScanShard.Header
  /// Each shard's file by its number (1-based).
  private let readers: [Int: ShardLines]
  private let decoder = ScanShard.decoder()

  /// The files the shards scanned, as the unsharded scan would have listed them.
  var files: [String] { job.files }
  /// Paths given that could not be read (the unsharded scan reports these first).
  var pathProblems: [ImportProblem] { job.path_problems.map(\.importProblem) }

  /// Opens the shard files and checks they are all the shards of one job.
  init(_ shardFiles: [String]) throws {
    let decoder = ScanShard.decoder()
    var readers: [Int: ShardLines] = [:]
    var first: ScanShard.Header?
    for path in shardFiles {
      let lines = try ShardLines(path: path)
      guard let line = lines.next(), let header = try? decoder.decode(ScanShard.Header.self, from: line) else {
        throw Failure(description: "\(path):1: not a shard of confab scan --shard K/N (no shard header)")
      }
      guard header.confab_scan_shard == ScanShard.version else {
        throw Failure(description: "\(path):1: shard format \(header.confab_scan_shard); this confab reads \(ScanShard.version)")
      }
      if let first, !header.sameJob(as: first) {
        throw Failure(description: "\(path): shard of another scan (other paths, shard count or unit size than \(shardFiles[0]))")
      }
      if let other = readers[header.shard] {
        throw Failure(description: "\(path): shard \(header.shard)/\(header.of) given twice (also \(other.path))")
      }
      first = first ?? header
      readers[header.shard] = lines
    }
    guard let job = first else { throw Failure(description: "--merge needs the shard files") }
    self.job = job
    self.readers = readers
    let missing = (1...job.of).filter { readers[$0] == nil }
    guard missing.isEmpty else {
      throw Failure(description: "shard\(missing.count > 1 ? "s" : "") \(missing.map { "\($0)/\(job.of)" }.joined(separator: ", ")) missing: the merge needs all \(job.of)")
    }
  }

  /// Hands out every row and problem in the unsharded scan's order.
  func read(each: (ParallelScan.Item) -> Void) throws {
    let plan = job.plan
    var linesBefore = [Int](repeating: 0, count: plan.files.count)
    for (index, unit) in plan.units.enumerated() {
      guard let reader = readers[index % job.of + 1] else { continue }
      let base = linesBefore[unit.file]
      while true {
        guard let line = reader.next() else {
          throw Failure(description: "\(reader.path):\(reader.lineNumber): ends inside unit \(index) (a shard still running or cut short?)")
        }
        let entry: ScanShard.Entry
        do { entry = try decoder.decode(ScanShard.Entry.self, from: line) } catch {
          throw Failure(description: "\(reader.path):\(reader.lineNumber): not a shard line (\(error))")
        }
        guard entry.unit == index else {
          throw Failure(description: "\(reader.path):\(reader.lineNumber): expected unit \(index), found \(entry.unit.map(String.init) ?? "the end")")
        }
        if var row = entry.row?.summary {
          row.source.line += base
          each(.summary(row))
        } else if var problem = entry.problem?.importProblem {
          problem.line = problem.line.map { $0 + base }
          each(.problem(problem))
        } else if let lines = entry.lines {
          linesBefore[unit.file] += lines
          break
        }
      }
    }
  }
}

/// A shard file's lines, read with getline: one line in memory at a time.
final class ShardLines {
  let path: String
  private(set) var lineNumber = 0
  private let handle: UnsafeMutablePointer<FILE>
  private var buffer: UnsafeMutablePointer<CChar>?
  private var capacity = 0

  init(path: String) throws {
    guard let handle = fopen(path, "r") else {
      throw ShardMerge.Failure(description: "\(path): \(String(cString: strerror(errno)))")
    }
    self.path = path
    self.handle = handle
  }

  deinit {
    free(buffer)
    fclose(handle)
  }

  func next() -> Data? {
    let count = getline(&buffer, &capacity, handle)
    guard count > 0, let buffer else { return nil }
    lineNumber += 1
    return Data(bytes: buffer, count: count)
  }
}
