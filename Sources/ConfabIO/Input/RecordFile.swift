import ConfabModel
import Foundation

/// One input file seen as records: JSONL (one record per line), SSE or NDJSON streams (many
/// lines merged into one response), a single JSON document, an Inspect `.eval` zip or an llm
/// `logs.db`; plain or gzip-compressed. Layout and format are decided by content, never by file name.
public enum RecordFile {
  /// A record parsed and imported, or the problem that stopped it.
  public enum Outcome {
    case transcripts([Transcript])
    /// Listed without loading (lazy containers): figures come when a transcript is opened.
    case summaries([TranscriptSummary])
    case problem(ImportProblem)
  }

  /// Where a later scan of a growing file picks up: after the last complete record.
  public struct ResumePoint: Sendable, Equatable {
    public var offset: Int
    public var line: Int
  }

  /// Imports every record of `path` in order, calling `body` for each (return false to stop).
  /// `progress` receives bytes consumed and the file size. `lazy` lets containers that can
  /// (Inspect .eval) list transcripts without loading them. `from` resumes a plain JSONL file
  /// that has grown; the result says where the next resume starts (nil when the file cannot
  /// be followed: compressed, zip, or one document). `growing` (follow mode) waits for a
  /// record or stream the end of the file cuts, instead of reporting it incomplete.
  @discardableResult
  public static func scan(
    path: String, parser: JSONParser, lazy: Bool = false, from: ResumePoint? = nil, until: Int? = nil, growing: Bool = false,
    progress: ((Int, Int) -> Void)? = nil,
    _ body: (Outcome) -> Bool
  ) -> ResumePoint? {
    scan(path: path, parser: parser, lazy: lazy, from: from, until: until, growing: growing, lineByLine: false, buffer: nil,
         summarizing: nil, progress: progress, body)
  }

  /// A range of a plain file read into `buffer`, which the caller keeps for its next range
  /// (a scan worker's blocks). With `summarizing`, plain chat records come as that analyzer's
  /// summaries, read without being imported.
  @discardableResult
  static func scan(
    path: String, parser: JSONParser, from: ResumePoint?, until: Int?, buffer: LineBuffer, summarizing: Analyzer? = nil,
    _ body: (Outcome) -> Bool
  ) -> ResumePoint? {
    scan(path: path, parser: parser, lazy: false, from: from, until: until, growing: false, lineByLine: false, buffer: buffer,
         summarizing: summarizing, progress: nil, body)
  }

  /// `lineByLine`: the file was tried as one document and is not one; read it as records.
  private static func scan(
    path: String, parser: JSONParser, lazy: Bool, from: ResumePoint?, until: Int?, growing: Bool, lineByLine: Bool,
    buffer: LineBuffer?, summarizing: Analyzer?, progress: ((Int, Int) -> Void)?,
    _ body: (Outcome) -> Bool
  ) -> ResumePoint? {
    let fd: Int32
    let info: stat
    do {
      (fd, info) = try openRegularFile(path)
    } catch {
      _ = body(.problem(error))
      return nil
    }
    defer { close(fd) }
    let fileSize = Int(info.st_size)
    let container = Container.sniff(fd: fd)
    if container == .zip {
      InspectEvalFile.scan(path: path, fd: fd, parser: parser, lazy: lazy, body)
      progress?(fileSize, fileSize)
      return nil
    }
    if container == .sqlite {
      LLMLogsFile.scan(path: path, parser: parser, body)
      progress?(fileSize, fileSize)
      return nil
    }
    var resume = from ?? ResumePoint(offset: 0, line: 0)
    // Offsets of a resumed plain file count from where this scan starts reading.
    let base = container == .plain ? resume.offset : 0
    if base > 0 { lseek(fd, off_t(base), SEEK_SET) }
    let source: any ByteSource = container == .gzip
      ? GzipByteSource(fd: fd) : FileByteSource(fd: fd, softEnd: until.map { max(1, $0 - base) })
    var engine = LineEngine(
      path: path, parser: parser, firstLine: resume.line + 1, firstOffset: base, growing: growing, lineByLine: lineByLine,
      summarizing: summarizing)
    let reader = LineReader(source: source, buffer: buffer)
    var stopped = false
    // The next range's first line is not asked for: the reader would fill its buffer with it
    // (a line's offset is the reader's position when it is asked for).
    while !stopped, until.map({ base + reader.position < $0 }) ?? true, let line = reader.next() {
      let outcomes = engine.feed(line)
      if engine.isDocument && from == nil {
        // The first lines are not JSON on their own: one (pretty-printed) document, unless it
        // is not JSON as a whole either; then it is records, bad ones among them.
        let (outcomes, notJSON) = document(path: path, fd: fd, container: container, parser: parser)
        if notJSON {
          return scan(path: path, parser: parser, lazy: lazy, from: nil, until: until, growing: growing, lineByLine: true,
                      buffer: buffer, summarizing: summarizing, progress: progress, body)
        }
        for outcome in outcomes where body(outcome) {}
        return nil
      }
      // A partial last line is read again next time; anything else is done with.
      let loaded = outcomes.contains {
        switch $0 {
        case .transcripts, .summaries: return true
        case .problem: return false
        }
      }
      if line.terminated || loaded {
        resume = ResumePoint(offset: base + line.offset + line.length + (line.terminated ? 1 : 0), line: engine.lineNumber)
      }
      for outcome in outcomes where !stopped { stopped = !body(outcome) }
      progress?(container == .gzip ? min(fileSize, reader.position / 8) : base + reader.position, fileSize)
    }
    if stopped { return nil }
    if growing, let start = engine.unfinishedStreamStart { resume = start }  // read the whole stream again later
    for outcome in engine.finish() where !stopped { stopped = !body(outcome) }
    if (source as? GzipByteSource)?.truncated == true {
      _ = body(.problem(engine.sawContent
        ? ImportProblem(path: path, line: engine.lineNumber, message: "truncated gzip: the compressed data ends early; anything after this line is missing")
        : ImportProblem(path: path, line: nil, message: "truncated gzip: the compressed data ends before any record")))
    } else if reader.readError != 0 {
      _ = body(.problem(ImportProblem(
        path: path, line: engine.lineNumber, message: "read failed: \(String(cString: strerror(reader.readError)))")))
    } else if !engine.sawContent && from == nil {
      _ = body(.problem(ImportProblem(path: path, line: nil, message: "empty file")))
    }
    progress?(fileSize, fileSize)
    return container == .plain ? resume : nil
  }

  /// Parses and imports one record's bytes.
  public static func importRecord(
    _ bytes: UnsafeRawBufferPointer, capacity: Int, source: SourceRef, parser: JSONParser
  ) -> Outcome {
    importRecordDetailed(bytes, capacity: capacity, source: source, parser: parser).0
  }

  /// Imports a record held in an owned byte array (a pread range, a whole document).
  static func importRecord(_ bytes: [UInt8], source: SourceRef, parser: JSONParser) -> Outcome {
    var padded = bytes
    padded.append(contentsOf: repeatElement(0, count: JSONParser.padding))
    return padded.withUnsafeBytes { raw in
      importRecord(UnsafeRawBufferPointer(rebasing: raw[0..<bytes.count]), capacity: raw.count, source: source, parser: parser)
    }
  }

  /// The outcome, and whether it failed because the bytes are not JSON at all.
  static func importRecordDetailed(
    _ bytes: UnsafeRawBufferPointer, capacity: Int, source: SourceRef, parser: JSONParser
  ) -> (Outcome, Bool) {
    if let transcripts = parser.chatRecords.transcripts(bytes, source: source, parser: parser) {
      return (.transcripts(transcripts), false)
    }
    do {
      return try parser.parse(bytes, capacity: capacity) { root -> (Outcome, Bool) in
        do {
          return (.transcripts(try importRoot(root, source: source)), false)
        } catch let error as RecordError {
          return (.problem(located(error, source)), false)
        }
      }
    } catch let error as JSONParseError {
      return (.problem(ImportProblem(path: source.path, line: source.line, message: "invalid JSON: \(error.message)")), true)
    } catch {
      return (.problem(ImportProblem(path: source.path, line: source.line, message: "\(error)")), false)
    }
  }

  static func located(_ error: RecordError, _ source: SourceRef) -> ImportProblem {
    ImportProblem(path: source.path, line: source.line, field: error.field, message: error.message)
  }

  /// A root array holds several records (e.g. a list of saved responses).
  static func importRoot(_ root: JSONValue, source: SourceRef) throws(RecordError) -> [Transcript] {
    guard root.kind == .array else { return try Importers.transcripts(from: root, source: source) }
    var result: [Transcript] = []
    for (index, element) in root.elements.enumerated() {
      do {
        for var transcript in try Importers.transcripts(from: element, source: source) {
          transcript.source.choice = result.count
          result.append(transcript)
        }
      } catch {
        throw RecordError(error.message, field: "[\(index)]" + (error.field.map { "." + $0 } ?? ""))
      }
    }
    return result
  }

  /// Opens `path` for reading if it is a regular file. Non-blocking, so a FIFO put where a file
  /// was cannot hang the open; the check is on the opened descriptor, not a racing stat.
  static func openRegularFile(_ path: String) throws(ImportProblem) -> (fd: Int32, info: stat) {
    let fd = open(path, O_RDONLY | O_NONBLOCK)
    guard fd >= 0 else { throw ImportProblem(path: path, line: nil, message: "cannot open: \(String(cString: strerror(errno)))") }
    var info = stat()
    fstat(fd, &info)
    switch info.st_mode & S_IFMT {
    case S_IFREG: return (fd, info)
    case S_IFDIR:
      close(fd)
      throw ImportProblem(path: path, line: nil, message: "is a directory")
    default:
      close(fd)
      throw ImportProblem(path: path, line: nil, message: "\(InputPaths.kind(info.st_mode)), not a regular file: confab reads files")
    }
  }

  /// Reads the record a SourceRef points at and returns the transcript it names.
  /// `cancelled` is asked while a compressed file is decompressed up to the record, so a load
  /// nobody waits for any more stops early (it then fails).
  public static func load(_ source: SourceRef, parser: JSONParser, cancelled: () -> Bool = { false }) throws(ImportProblem) -> Transcript {
    let (fd, _) = try openRegularFile(source.path)
    defer { close(fd) }
    let container = Container.sniff(fd: fd)
    if container == .zip { return try InspectEvalFile.load(source, fd: fd, parser: parser) }
    if container == .sqlite { return try LLMLogsFile.load(source, parser: parser) }
    guard let bytes = readRange(fd: fd, container: container, offset: source.byteOffset, length: source.byteLength, cancelled: cancelled) else {
      throw ImportProblem(path: source.path, line: source.line, message: "file changed: record no longer readable")
    }
    var transcripts: [Transcript] = []
    if source.format.isStream {
      // A stream spans lines: replay them through the same engine.
      var engine = LineEngine(path: source.path, parser: parser, firstLine: source.line, firstOffset: source.byteOffset)
      let reader = LineReader(source: MemoryByteSource(bytes))
      var outcomes: [Outcome] = []
      while let line = reader.next() { outcomes += engine.feed(line) }
      outcomes += engine.finish()
      for outcome in outcomes {
        if case .transcripts(let found) = outcome { transcripts += found }
        if case .problem(let problem) = outcome, transcripts.isEmpty { throw problem }
      }
    } else {
      // Import as the scan did: from choice 0, format decided by content.
      var base = source
      base.choice = 0
      base.format = .undetected
      base.origin = nil
      switch importRecord(bytes, source: base, parser: parser) {
      case .problem(let problem): throw problem
      case .transcripts(let found): transcripts = found
      case .summaries: break
      }
    }
    guard let match = transcripts.first(where: { $0.source.choice == source.choice }) else {
      throw ImportProblem(path: source.path, line: source.line, message: "record no longer has transcript \(source.choice)")
    }
    return match
  }

  /// Transcripts and problems from bytes held in memory (a streamed HTTP response, SSE or
  /// NDJSON), through the same line engine as files.
  public static func outcomes(streamed bytes: [UInt8], name: String) -> [Outcome] {
    var engine = LineEngine(path: name, parser: JSONParser())
    let reader = LineReader(source: MemoryByteSource(bytes))
    var outcomes: [Outcome] = []
    while let line = reader.next() { outcomes += engine.feed(line) }
    return outcomes + engine.finish()
  }

  /// `length` bytes at `offset` of the (decompressed) content.
  static func readRange(fd: Int32, container: Container, offset: Int, length: Int, cancelled: () -> Bool = { false }) -> [UInt8]? {
    var bytes = [UInt8](repeating: 0, count: length)
    if container == .gzip {
      // Offsets count decompressed bytes: decompress up to the record.
      let source = GzipByteSource(fd: fd)
      var skip = offset
      var scratch = [UInt8](repeating: 0, count: 1 << 16)
      while skip > 0 {
        if cancelled() { return nil }
        let got = scratch.withUnsafeMutableBytes { source.read(into: $0.baseAddress!, count: min(skip, $0.count)) }
        guard got > 0 else { return nil }
        skip -= got
      }
      var filled = 0
      while filled < length {
        let got = bytes.withUnsafeMutableBytes { source.read(into: $0.baseAddress! + filled, count: length - filled) }
        guard got > 0 else { return nil }
        filled += got
      }
      return bytes
    }
    let got = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress, length, off_t(offset)) }
    return got == length ? bytes : nil
  }

  /// Reads the file as one JSON document, at most a record's size limit. NUL bytes after it
  /// (zero padding, a preallocated file) are reported and cut, not a reason to lose it.
  private static func document(path: String, fd: Int32, container: Container, parser: JSONParser) -> ([Outcome], notJSON: Bool) {
    var bytes: [UInt8] = []
    let source: any ByteSource = container == .gzip ? GzipByteSource(fd: fd) : FileByteSource(fd: fd)
    if container == .plain { lseek(fd, 0, SEEK_SET) }
    var chunk = [UInt8](repeating: 0, count: 1 << 20)
    let limit = LineReader.defaultMaxLineBytes
    var total = 0
    while true {
      let got = chunk.withUnsafeMutableBytes { source.read(into: $0.baseAddress!, count: $0.count) }
      if got <= 0 { break }
      total += got
      // Past the limit only the length is counted: the document is reported, never held.
      if total <= limit { bytes += chunk[0..<got] } else { bytes = [] }
    }
    if total > limit {
      return ([.problem(ImportProblem(
        path: path, line: 1,
        message: "document of \(total) bytes, over the \(LineReader.limitText(limit)) a record may be (CONFAB_MAX_LINE_BYTES): skipped"))], false)
    }
    // A UTF-8 byte order mark is not part of the document.
    let start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    var end = bytes.count
    var nulBytes = 0
    while end > start, [0x00, 0x20, 0x0A, 0x0D, 0x09].contains(bytes[end - 1]) {
      if bytes[end - 1] == 0 { nulBytes += 1 }
      end -= 1
    }
    if nulBytes == 0 { end = bytes.count }
    var padded = Array(bytes[start..<end])
    let length = padded.count
    padded.append(contentsOf: repeatElement(0, count: JSONParser.padding))
    let whole = SourceRef(path: path, line: 1, byteOffset: start, byteLength: length, choice: 0, format: .undetected)
    let (outcome, notJSON) = padded.withUnsafeBytes { raw in
      importRecordDetailed(UnsafeRawBufferPointer(rebasing: raw[0..<length]), capacity: raw.count, source: whole, parser: parser)
    }
    guard nulBytes > 0, !notJSON else { return ([outcome], notJSON) }
    let lines = bytes[..<end].reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
    return ([outcome, .problem(ImportProblem(
      path: path, line: lines, message: "\(nulBytes) NUL bytes after the document (zero padding): ignored"))], false)
  }
}
