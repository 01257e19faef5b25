import ConfabModel
import Foundation
import Synchronization

/// Indexes and summarizes input files on a background thread while the user already reads.
/// It calls `onNews` when something is queued (progress at most every 33 ms); the UI thread
/// then takes it with `drain()`. Nothing else is shared.
public final class CorpusScanner: Sendable {
  private let pending = Mutex(CorpusUpdate())
  private let lastProgressNews = Mutex(ContinuousClock.now)
  private let listener = Mutex(Listener())
  private let cancelled = Atomic<Bool>(false)
  private let following = Atomic<Bool>(false)

  /// Who hears of news, and whether news came before anyone listened.
  private struct Listener {
    var onNews: (@Sendable () -> Void)?
    var missed = false
  }

  /// Follow mode (less +F): keep reading files as they grow.
  public func setFollow(_ on: Bool) { following.store(on, ordering: .relaxed) }
  public var isFollowing: Bool { following.load(ordering: .relaxed) }

  /// Opened once the reader has drawn the first record (`firstRecordShown`); the parallel
  /// index waits on it so its threads do not take the cores from that first frame.
  private let firstFrame = DispatchSemaphore(value: 0)
  private let firstFrameOpened = Atomic<Bool>(false)
  private let holdsIndexForFirstFrame: Bool

  /// A scanner that may start before its listener exists (the explorer starts reading the
  /// first record while the terminal and the tag store are set up): see `listen`. With
  /// `holdingIndexForFirstFrame`, a large file's index on every core starts once the first
  /// record is on screen (`firstRecordShown`), or after at most 200 ms.
  public init(holdingIndexForFirstFrame: Bool = false) {
    holdsIndexForFirstFrame = holdingIndexForFirstFrame
  }

  /// The reader has drawn the first record: the index may take every core now.
  public func firstRecordShown() {
    if !firstFrameOpened.exchange(true, ordering: .relaxed) { firstFrame.signal() }
  }

  /// Sets who is told of news; news that came before is told now.
  public func listen(_ onNews: @escaping @Sendable () -> Void) {
    let missed = listener.withLock { listener -> Bool in
      listener.onNews = onNews
      defer { listener.missed = false }
      return listener.missed
    }
    if missed { onNews() }
  }

  private func onNews() {
    let onNews = listener.withLock { listener -> (@Sendable () -> Void)? in
      if listener.onNews == nil { listener.missed = true }
      return listener.onNews
    }
    onNews?()
  }

  /// Starts scanning `files` in order on a new thread.
  public func start(files: [String], analyzer: Analyzer) {
    start(files: files) { analyzer }
  }

  /// Starts scanning `files` on a new thread, asking for the analyzer once the first record is
  /// read (it may still be in the making: the built-in lexicon, a user's lexicon files). Nil
  /// stops the scan: whoever made the analyzer reports why.
  public func start(files: [String], analyzer: @escaping @Sendable () -> Analyzer?) {
    let thread = Thread { [self] in
      // Sized on the scan's thread: a folder of many files is that many stats, not the
      // caller's to wait for. A plain stat: FileManager's attributes also look up the owner's
      // name (passwd and group files), milliseconds before the first record could be read.
      let total = files.reduce(0) { sum, path in
        var info = stat()
        return sum + (stat(path, &info) == 0 ? Int(info.st_size) : 0)
      }
      pending.withLock { $0.bytesTotal = total }
      run(files: files, analyzer: analyzer)
    }
    thread.stackSize = 8 << 20
    thread.start()
  }

  public func cancel() { cancelled.store(true, ordering: .relaxed) }

  /// Takes everything found since the previous call.
  public func drain() -> CorpusUpdate {
    pending.withLock { state in
      let taken = state
      state.summaries = []
      state.problems = []
      state.preloaded = []
      return taken
    }
  }

  /// Progress alone wakes the UI at most every 33 ms (a redraw each time would slow the scan).
  private func progressNews() {
    let now = ContinuousClock.now
    let due = lastProgressNews.withLock { last in
      guard now - last >= .milliseconds(33) else { return false }
      last = now
      return true
    }
    if due { onNews() }
  }

  private func run(files: [String], analyzer provide: () -> Analyzer?) {
    // Asked for once, when the first record is read.
    lazy var made = provide()
    let parser = JSONParser()
    var doneBefore = 0
    var handedOver = false
    var resumes: [String: RecordFile.ResumePoint] = [:]
    for path in files {
      // A large JSONL file is read on every core, its first record first (for the reader).
      if !isFollowing, let size = Self.mayCut(path) {
        // Rows queued already with the first record, not to be queued again.
        var handedOverSources: Set<SourceRef> = []
        if !handedOver, let sources = handOverFirstRecord(of: path, parser: parser, analyzer: { made }) {
          handedOver = true
          handedOverSources = sources
        }
        guard let analyzer = made else {
          cancel()
          break
        }
        if holdsIndexForFirstFrame && !handedOverSources.isEmpty { _ = firstFrame.wait(timeout: .now() + .milliseconds(200)) }
        // ParallelScan probes the file's middle for its cuts only now (on a cold cache that
        // read is a seek the first record need not wait for), and reads a file it cannot cut
        // on one thread.
        let lines = scanInParallel(path, analyzer: analyzer, doneBefore: doneBefore, skipping: &handedOverSources)
        resumes[path] = RecordFile.ResumePoint(offset: size, line: lines)
        doneBefore += size
        if cancelled.load(ordering: .relaxed) { break }
        continue
      }
      var fileSize = 0
      resumes[path] = RecordFile.scan(path: path, parser: parser, lazy: true, growing: isFollowing, progress: { [self] done, size in
        fileSize = size
        pending.withLock { $0.bytesDone = doneBefore + done }
        progressNews()
      }) { [self] outcome in
        guard let analyzer = made else {
          cancel()
          return false
        }
        if !handedOver, case .transcripts(let transcripts) = outcome, !transcripts.isEmpty {
          handedOver = true
          handOver(transcripts, analyzer: analyzer)
          return !cancelled.load(ordering: .relaxed)
        }
        return absorb(outcome, analyzer: analyzer)
      }
      doneBefore += fileSize
      if cancelled.load(ordering: .relaxed) { break }
    }
    pending.withLock { $0.finished = true; $0.bytesDone = $0.bytesTotal }
    onNews()
    guard let analyzer = made else { return }
    follow(resumes, parser: parser, analyzer: analyzer)
  }

  /// The size of a file to read through `ParallelScan`, by what costs no seek: plain JSONL of
  /// objects, large enough to cut (`ParallelScan.minimumSize`), ending in a newline (so its
  /// end is where a later follow resumes); nil for any other. Where it can be cut
  /// (`ParallelScan.boundaries` reads its middle) is asked after its first record.
  static func mayCut(_ path: String) -> Int? {
    guard let (fd, info) = try? RecordFile.openRegularFile(path) else { return nil }
    defer { close(fd) }
    var last: UInt8 = 0
    guard info.st_size >= ParallelScan.minimumSize, ParallelScan.startsAsObjectLines(fd),
      pread(fd, &last, 1, off_t(info.st_size - 1)) == 1, last == 0x0A
    else { return nil }
    return Int(info.st_size)
  }

  /// Reads `path` up to its first record and, when that record is transcripts, hands them over
  /// analysed (the reader shows the first one at once); returns their sources, nil when it
  /// handed nothing over. Problems before it are left to the full read that follows. The
  /// analyzer is asked for once the record is read (the lexicon is built meanwhile).
  private func handOverFirstRecord(of path: String, parser: JSONParser, analyzer provide: () -> Analyzer?) -> Set<SourceRef>? {
    var sources: Set<SourceRef>?
    // A file large enough to cut: its first 2 MiB go into huge pages.
    RecordFile.scan(path: path, parser: parser, from: nil, until: nil, buffer: LineBuffer(hugePages: true)) { [self] outcome in
      guard case .transcripts(let transcripts) = outcome, !transcripts.isEmpty else { return false }
      StartupTrace.mark("first record read")
      if let analyzer = provide() {
        handOver(transcripts, analyzer: analyzer)
        sources = Set(transcripts.map(\.source))
      }
      return false
    }
    return sources
  }

  /// Queues the first record's transcripts, analysed once for their list rows and for the
  /// reader (which opens the first without a load).
  private func handOver(_ transcripts: [Transcript], analyzer: Analyzer) {
    let analyzed = transcripts.map { AnalyzedTranscript($0, analyzer: analyzer) }
    pending.withLock {
      $0.preloaded = analyzed
      $0.summaries += analyzed.map(analyzer.summarize)
    }
    StartupTrace.mark("first record analysed")
    onNews()
  }

  /// Summarizes `path` on every core, queuing its rows and problems a block at a time; returns
  /// the lines read. Rows of `skipping` (queued already) are not queued again.
  private func scanInParallel(_ path: String, analyzer: Analyzer, doneBefore: Int, skipping: inout Set<SourceRef>) -> Int {
    var summaries: [TranscriptSummary] = []
    var problems: [ImportProblem] = []
    return ParallelScan.summarize(path: path, analyzer: analyzer, progress: { [self] done in
      let (found, met) = (summaries, problems)
      summaries = []
      problems = []
      pending.withLock {
        $0.summaries += found
        $0.problems += met
        $0.bytesDone = doneBefore + done
      }
      if !found.isEmpty || !met.isEmpty { onNews() } else { progressNews() }
    }, stop: { [self] in cancelled.load(ordering: .relaxed) }) { item in
      switch item {
      case .summary(let summary):
        if skipping.remove(summary.source) == nil { summaries.append(summary) }
      case .problem(let problem): problems.append(problem)
      }
    }
  }

  /// While follow mode is on, picks up records appended to plain files (partial last lines
  /// wait until they are complete).
  private func follow(_ start: [String: RecordFile.ResumePoint], parser: JSONParser, analyzer: Analyzer) {
    var resumes = start
    var identities = start.keys.reduce(into: [String: FileIdentity]()) { $0[$1] = FileIdentity($1) }
    while !cancelled.load(ordering: .relaxed) {
      usleep(250_000)
      guard following.load(ordering: .relaxed) else { continue }
      for (path, known) in resumes.sorted(by: { $0.key < $1.key }) {
        var resume = known
        var info = stat()
        guard stat(path, &info) == 0 else { continue }
        let identity = FileIdentity(info)
        // Cut shorter or replaced (log rotation, a rerun): what was listed is stale; read anew.
        if Int(info.st_size) < resume.offset || identity != identities[path] {
          identities[path] = identity
          resume = RecordFile.ResumePoint(offset: 0, line: 0)
          _ = absorb(.problem(ImportProblem(
            path: path, line: nil, message: "truncated or replaced while followed: reading it again from the start")), analyzer: analyzer)
        }
        guard Int(info.st_size) > resume.offset else { resumes[path] = resume; continue }
        let next = RecordFile.scan(path: path, parser: parser, from: resume.offset > 0 ? resume : nil, growing: true) { [self] in
          absorb($0, analyzer: analyzer)
        }
        resumes[path] = next ?? resume
      }
    }
  }

  /// Summarizes an outcome (off the lock) and queues it for the UI; false once cancelled.
  private func absorb(_ outcome: RecordFile.Outcome, analyzer: Analyzer) -> Bool {
    var summaries: [TranscriptSummary] = []
    var problems: [ImportProblem] = []
    switch outcome {
    case .transcripts(let transcripts): summaries = transcripts.map(analyzer.summarize)
    case .summaries(let listed): summaries = listed
    case .problem(let problem): problems = [problem]
    }
    pending.withLock {
      $0.summaries += summaries
      $0.problems += problems
    }
    if !summaries.isEmpty || !problems.isEmpty { onNews() }
    return !cancelled.load(ordering: .relaxed)
  }
}
