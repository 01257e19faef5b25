import ConfabModel
import Foundation
import Synchronization

/// Scans a large JSONL file on several cores: the file is cut at line boundaries into one
/// range per core, each range is parsed, imported and summarized by its own thread, and the
/// results come back in file order with their real line numbers.
public enum ParallelScan {
  public enum Item: Sendable {
    case summary(TranscriptSummary)
    case problem(ImportProblem)
  }

  /// Smaller files are not worth a second thread.
  static let minimumSize = 16 << 20

  /// Summaries and problems of `path`, in order. Falls back to one thread for small files,
  /// compressed files, documents and SSE streams (which must be read as a whole).
  public static func summarize(path: String, analyzer: Analyzer, threads: Int = ProcessInfo.processInfo.activeProcessorCount) -> [Item] {
    let splits = threads > 1 ? boundaries(path: path, parts: threads) : nil
    guard let splits else { return range(path: path, analyzer: analyzer, from: nil, until: nil).items }
    let results = Mutex([Int: (items: [Item], lines: Int)]())
    let group = DispatchGroup()
    for index in 0..<splits.count - 1 {
      group.enter()
      let start = splits[index]
      let end = splits[index + 1]
      Thread {
        let part = range(path: path, analyzer: analyzer, from: start == 0 ? nil : RecordFile.ResumePoint(offset: start, line: 0),
                         until: end)
        results.withLock { $0[index] = part }
        group.leave()
      }.start()
    }
    group.wait()
    return results.withLock { parts in
      var items: [Item] = []
      var lineBase = 0
      for index in 0..<splits.count - 1 {
        guard let part = parts[index] else { continue }
        for item in part.items { items.append(shifted(item, by: lineBase)) }
        lineBase += part.lines
      }
      return items
    }
  }

  private static func shifted(_ item: Item, by lines: Int) -> Item {
    guard lines > 0 else { return item }
    switch item {
    case .summary(var summary):
      summary.source.line += lines
      return .summary(summary)
    case .problem(var problem):
      problem.line = problem.line.map { $0 + lines }
      return .problem(problem)
    }
  }

  private static func range(path: String, analyzer: Analyzer, from: RecordFile.ResumePoint?, until: Int?) -> (items: [Item], lines: Int) {
    var items: [Item] = []
    let end = RecordFile.scan(path: path, parser: JSONParser(), from: from, until: until) { outcome in
      switch outcome {
      case .transcripts(let transcripts): items += transcripts.map { .summary(analyzer.summarize($0)) }
      case .summaries(let listed): items += listed.map { .summary($0) }
      case .problem(let problem): items.append(.problem(problem))
      }
      return true
    }
    return (items, end?.line ?? 0)
  }

  /// Line-aligned cut points [0, ..., size], or nil when the file should be read whole.
  static func boundaries(path: String, parts: Int) -> [Int]? {
    guard let (fd, info) = try? RecordFile.openRegularFile(path) else { return nil }
    defer { close(fd) }
    let size = Int(info.st_size)
    guard size >= minimumSize, Container.sniff(fd: fd) == .plain else { return nil }
    var head = [UInt8](repeating: 0, count: 16)
    _ = head.withUnsafeMutableBytes { pread(fd, $0.baseAddress, 16, 0) }
    // JSONL of objects only: documents and SSE/NDJSON streams are read by one thread.
    guard head.first(where: { $0 != 0x20 && $0 != 0x0A }) == UInt8(ascii: "{") else { return nil }
    var cuts = [0]
    var window = [UInt8](repeating: 0, count: 1 << 20)
    for part in 1..<parts {
      var position = size * part / parts
      var found: Int?
      while found == nil && position < size {
        let got = window.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, off_t(position)) }
        guard got > 0 else { break }
        if let newline = window[0..<got].firstIndex(of: 0x0A) { found = position + newline + 1 } else { position += got }
      }
      guard let found, found > cuts.last!, found < size else { continue }
      // The next line must be a JSON record, not part of an SSE stream.
      var next = [UInt8](repeating: 0, count: 6)
      _ = next.withUnsafeMutableBytes { pread(fd, $0.baseAddress, 6, off_t(found)) }
      guard next.first == UInt8(ascii: "{") else { return nil }
      cuts.append(found)
    }
    cuts.append(size)
    return cuts.count > 2 ? cuts : nil
  }
}
