import ConfabModel
import Foundation
import Synchronization

/// Scans a large JSONL file on several cores: the file is cut at line boundaries into blocks,
/// one thread per core parses, imports and summarizes a block at a time, and the results come
/// back in file order with their real line numbers.
public enum ParallelScan {
  public enum Item: Sendable {
    case summary(TranscriptSummary)
    case problem(ImportProblem)
  }

  /// Smaller files are not worth a second thread.
  static let minimumSize = 16 << 20
  /// Blocks are small enough that the summaries in flight stay a few MB even when records are
  /// tiny (a million 140-byte records make 280 MB of summaries if a file is held whole).
  static let blockSize = 1 << 20
  /// Blocks hold at least this many lines of the first line's length (`boundaries` measures it
  /// once it knows the file can be cut): each cut is found by reading on from a nominal point
  /// to the next line's start, half a line on average, before any worker starts. With 1.35 MB
  /// records and 1 MiB blocks that read two thirds of the file again.
  static let linesPerBlock = 16

  /// What a worker made of a record: a value, or the record's problem.
  public enum Mapped<Value: Sendable>: Sendable {
    case value(Value)
    case problem(ImportProblem)
  }

  /// Summaries and problems of `path`, handed to `each` in file order as blocks finish: memory
  /// stays bounded by the blocks in flight, never the file. Falls back to one thread for small
  /// files, compressed files, documents and SSE streams (which must be read as a whole).
  /// With `bytes`, only the records that start in that line-aligned range (a shard's unit);
  /// line numbers are then counted from the range's start. Returns the lines covered.
  /// `progress` hears the bytes done after each block's items are handed to `each` (one block
  /// when the file is not cut), and `stop` is asked before each one (true: no more blocks are
  /// read).
  @discardableResult
  public static func summarize(
    path: String, bytes: Range<Int>? = nil, analyzer: Analyzer, threads: Int = ProcessInfo.processInfo.activeProcessorCount,
    progress: ((Int) -> Void)? = nil, stop: (() -> Bool)? = nil, each: (Item) -> Void
  ) -> Int {
    summaries(of: units(path: path, file: 0, bytes: bytes, threads: threads), analyzer: analyzer, threads: threads,
              progress: progress, stop: stop, each: each)
  }

  /// Each transcript of `path` made into a value by `transform` on the scan's threads (a
  /// corpus walk such as `confab events`), handed to `each` in file order with the problems,
  /// as `summarize` hands its summaries. A worker counts lines from its block's start, so a
  /// transcript's `source.line` is block-relative inside `transform`: `shift` moves a value's
  /// line numbers, if it keeps any, by the lines before its block.
  @discardableResult
  public static func map<Value: Sendable>(
    path: String, threads: Int = ProcessInfo.processInfo.activeProcessorCount,
    transform: @escaping @Sendable (Transcript) -> Value, shift: @escaping (Value, Int) -> Value = { value, _ in value },
    each: (Mapped<Value>) -> Void
  ) -> Int {
    run(units: units(path: path, file: 0, bytes: nil, threads: threads), threads: threads, summarizing: nil) { outcome, emit in
      switch outcome {
      case .transcripts(let transcripts): for transcript in transcripts { emit(.value(transform(transcript))) }
      case .summaries: break
      case .problem(let problem): emit(.problem(problem))
      }
    } shift: { value, lines in
      shift(value, lines)
    } each: { each($0) }
  }

  /// Summaries and problems of every file of `paths`, in order, as `summarize(path:)` hands
  /// them: large JSONL files cut into blocks, the others whole, all read by one pool of
  /// threads (a folder of many small files is read on every core too).
  public static func summarize(
    paths: [String], analyzer: Analyzer, threads: Int = ProcessInfo.processInfo.activeProcessorCount, each: (Item) -> Void
  ) {
    let units = paths.enumerated().flatMap { file, path in Self.units(path: path, file: file, bytes: nil, threads: threads) }
    summaries(of: units, analyzer: analyzer, threads: threads, each: each)
  }

  /// The summaries of `units`, for both `summarize`s.
  @discardableResult
  private static func summaries(
    of units: [Unit], analyzer: Analyzer, threads: Int, progress: ((Int) -> Void)? = nil, stop: (() -> Bool)? = nil,
    each: (Item) -> Void
  ) -> Int {
    // Summaries need no transcript: plain chat records are summarized as read.
    run(units: units, threads: threads, summarizing: analyzer, progress: progress, stop: stop) { outcome, emit in
      switch outcome {
      case .transcripts(let transcripts): for transcript in transcripts { emit(.value(analyzer.summarize(transcript))) }
      case .summaries(let listed): for summary in listed { emit(.value(summary)) }
      case .problem(let problem): emit(.problem(problem))
      }
    } shift: { (summary: TranscriptSummary, lines: Int) in
      var shifted = summary
      shifted.source.line += lines
      return shifted
    } each: { mapped in
      switch mapped {
      case .value(let summary): each(.summary(summary))
      case .problem(let problem): each(.problem(problem))
      }
    }
  }

  /// One unit of a scan's work: a line-aligned block of a file, or a whole file (or range).
  private struct Unit: Sendable {
    let path: String
    let from: Int?
    let until: Int?
    /// Which file of the scan it belongs to: lines count from each file's start.
    let file: Int
    let size: Int

    /// Where its read starts: nil from the file's start.
    var resume: RecordFile.ResumePoint? { from.flatMap { $0 == 0 ? nil : RecordFile.ResumePoint(offset: $0, line: 0) } }
  }

  /// `path` (or its `bytes`) as blocks worth reading on several threads, else as one unit.
  private static func units(path: String, file: Int, bytes: Range<Int>?, threads: Int) -> [Unit] {
    let length = bytes?.count ?? size(of: path)
    if threads > 1, let splits = boundaries(path: path, parts: threads, within: bytes, blockLines: linesPerBlock) {
      return (0..<splits.count - 1).map { Unit(path: path, from: splits[$0], until: splits[$0 + 1], file: file, size: splits[$0 + 1] - splits[$0]) }
    }
    return [Unit(path: path, from: bytes?.lowerBound, until: bytes?.upperBound, file: file, size: length)]
  }

  /// The scan itself: `collect` turns each outcome into values (on the workers), `shift`
  /// moves a value's lines by those before its block in its file, `each` gets them in order.
  /// `progress` hears the bytes done once each unit's items are with `each`; `stop` is asked
  /// before each unit.
  /// Returns the lines of the last file.
  @discardableResult
  private static func run<Value: Sendable>(
    units: [Unit], threads: Int, summarizing: Analyzer?, progress: ((Int) -> Void)? = nil, stop: (() -> Bool)? = nil,
    collect: @escaping @Sendable (RecordFile.Outcome, (Mapped<Value>) -> Void) -> Void,
    shift: (Value, Int) -> Value, each: (Mapped<Value>) -> Void
  ) -> Int {
    if threads <= 1 || units.count <= 1 {
      var lines = 0
      var done = 0
      for unit in units {
        if stop?() == true { break }
        lines = range(path: unit.path, summarizing: summarizing, from: unit.resume, until: unit.until, collect: collect, each: each)
        done += unit.size
        progress?(done)
      }
      return lines
    }
    let results = Mutex([Int: (items: [Mapped<Value>], lines: Int)]())
    let finished = units.map { _ in DispatchSemaphore(value: 0) }
    // Workers run at most one unit ahead of the one being handed out.
    let window = DispatchSemaphore(value: threads + 1)
    let nextUnit = Atomic(0)
    let stopped = Atomic(false)
    for _ in 0..<min(threads, units.count) {
      Thread {
        // One parser per thread for all its units: a parser sizes its buffers to the largest
        // record (about 14x its bytes for the DOM), and a new one per block allocated, zeroed
        // and freed them each time.
        let parser = JSONParser()
        let buffer = LineBuffer(hugePages: true)
        while true {
          window.wait()
          let index = nextUnit.add(1, ordering: .relaxed).oldValue
          guard index < units.count, !stopped.load(ordering: .relaxed) else {
            window.signal()
            return
          }
          let unit = units[index]
          var items: [Mapped<Value>] = []
          let lines = range(path: unit.path, parser: parser, buffer: buffer, summarizing: summarizing,
                            from: unit.resume, until: unit.until, collect: collect) { items.append($0) }
          results.withLock { $0[index] = (items, lines) }
          finished[index].signal()
        }
      }.start()
    }
    var lineBase = 0
    var done = 0
    for index in units.indices {
      if stop?() == true {
        // Workers waiting for a unit wake, see the flag and end.
        stopped.store(true, ordering: .relaxed)
        for _ in 0...threads { window.signal() }
        break
      }
      if index > 0 && units[index].file != units[index - 1].file { lineBase = 0 }
      finished[index].wait()
      guard let part = results.withLock({ $0.removeValue(forKey: index) }) else { continue }
      for item in part.items { each(shifted(item, by: lineBase, shift)) }
      lineBase += part.lines
      window.signal()
      done += units[index].size
      progress?(done)
    }
    return lineBase
  }

  private static func size(of path: String) -> Int {
    var info = stat()
    return stat(path, &info) == 0 ? Int(info.st_size) : 0
  }

  private static func shifted<Value>(_ item: Mapped<Value>, by lines: Int, _ shift: (Value, Int) -> Value) -> Mapped<Value> {
    guard lines > 0 else { return item }
    switch item {
    case .value(let value):
      return .value(shift(value, lines))
    case .problem(var problem):
      problem.line = problem.line.map { $0 + lines }
      return .problem(problem)
    }
  }

  /// Scans one range, handing each item out as it is found; returns the lines it covered.
  private static func range<Value>(
    path: String, parser: JSONParser = JSONParser(), buffer: LineBuffer = LineBuffer(), summarizing: Analyzer?,
    from: RecordFile.ResumePoint?, until: Int?, collect: (RecordFile.Outcome, (Mapped<Value>) -> Void) -> Void,
    each: (Mapped<Value>) -> Void
  ) -> Int {
    withoutActuallyEscaping(each) { each in
      RecordFile.scan(path: path, parser: parser, from: from, until: until, buffer: buffer, summarizing: summarizing) { outcome in
        collect(outcome, each)
        return true
      }?.line ?? 0
    }
  }

  /// Line-aligned cut points [start, ..., end] of the file or of `within` (itself line-aligned),
  /// or nil when it should be read whole: too small to be worth cutting, or not JSONL of objects.
  /// With `blockLines`, into more than `parts` where there is room: as many as blocks of
  /// `blockSize` and of `blockLines` times the range's first line's length.
  static func boundaries(
    path: String, parts: Int, within: Range<Int>? = nil, minimumSize: Int = minimumSize, blockLines: Int? = nil
  ) -> [Int]? {
    guard parts > 1, let (fd, info) = try? RecordFile.openRegularFile(path) else { return nil }
    defer { close(fd) }
    let fileSize = Int(info.st_size)
    let start = within?.lowerBound ?? 0
    let end = min(within?.upperBound ?? fileSize, fileSize)
    let size = end - start
    guard size >= minimumSize, startsAsObjectLines(fd) else { return nil }
    var window = [UInt8](repeating: 0, count: 64 << 10)
    var parts = parts
    if let blockLines {
      // A first line longer than a share's part of a block leaves the parts as they are.
      let longest = size / parts / blockLines
      let firstLine = lineEnd(fd, from: start, before: start + longest, window: &window).map { $0 - start } ?? longest
      parts = max(parts, size / max(blockSize, blockLines * firstLine))
    }
    var cuts = [start]
    for part in 1..<parts {
      let position = start + size * part / parts
      // Inside the line the last cut ended: the cut would be that one again (long records put
      // many nominal cuts in one line; reading each up to its end was 4% of a scan).
      if position < cuts.last! { continue }
      guard let found = lineEnd(fd, from: position, before: end, window: &window), found > cuts.last!, found < end else { continue }
      // The next line must be a JSON record, not part of an SSE stream.
      var next = [UInt8](repeating: 0, count: 6)
      _ = next.withUnsafeMutableBytes { pread(fd, $0.baseAddress, 6, off_t(found)) }
      guard next.first == UInt8(ascii: "{") else { return nil }
      cuts.append(found)
    }
    cuts.append(end)
    return cuts.count > 2 ? cuts : nil
  }

  /// Where the line holding `position` ends (just past its newline), read a window at a time;
  /// nil when no newline comes before `limit` or the file's end.
  private static func lineEnd(_ fd: Int32, from position: Int, before limit: Int, window: inout [UInt8]) -> Int? {
    var position = position
    while position < limit {
      let got = window.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, off_t(position)) }
      guard got > 0 else { return nil }
      let newline: Int? = window.withUnsafeBytes { raw in
        guard let base = raw.baseAddress, let hit = memchr(base, 0x0A, got) else { return nil }
        return UnsafeRawPointer(hit) - base
      }
      if let newline { return position + newline + 1 }
      position += got
    }
    return nil
  }

  /// Plain JSONL of objects, by its first bytes: documents and SSE/NDJSON streams are read by
  /// one thread. What `boundaries` asks of a file before it probes the file's middle.
  static func startsAsObjectLines(_ fd: Int32) -> Bool {
    guard Container.sniff(fd: fd) == .plain else { return false }
    var head = [UInt8](repeating: 0, count: 16)
    _ = head.withUnsafeMutableBytes { pread(fd, $0.baseAddress, 16, 0) }
    return head.first(where: { $0 != 0x20 && $0 != 0x0A }) == UInt8(ascii: "{")
  }
}
