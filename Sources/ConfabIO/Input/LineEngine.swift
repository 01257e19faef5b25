import ConfabModel

/// Turns lines into outcomes: JSONL records, SSE events (`event:`/`data:` lines, `[DONE]`)
/// and NDJSON streams merged per response, with the byte range each transcript came from.
struct LineEngine {
  let path: String
  let parser: JSONParser
  private(set) var lineNumber: Int
  private(set) var sawContent = false
  private(set) var records = 0
  /// Set when the first content line is not JSON: the caller reads the file as a document.
  private(set) var isDocument = false
  private let lineBase: Int
  private let offsetBase: Int
  private var pendingEvent: String?
  /// The first content line was not JSON: a bad record in JSONL, or the first line of a
  /// pretty-printed document. The second content line decides which.
  private var firstLineProblem: ImportProblem?
  /// The file may still be written (follow mode): a partial last record or an unfinished
  /// stream at its end is waited for, not reported.
  private let growing: Bool
  /// Reading on from the middle of a file: its first line here is no file's first line.
  private let resumed: Bool
  private var stream: OpenStream?
  /// Summaries by this analyzer: plain chat records are summarized as they are read, with
  /// only the alternatives its rules read made (none for figures only), never imported.
  private let summarizing: Analyzer?

  private struct OpenStream {
    var importer: any StreamImporter
    var accumulator: any StreamAccumulator
    var firstLine: Int
    var firstOffset: Int
    var end: Int
    /// The stream said it ended (`[DONE]`, a final chunk, every finish reason).
    var complete = false
  }

  /// Where an unfinished stream at the end of a growing file starts, to read it again later.
  var unfinishedStreamStart: RecordFile.ResumePoint? {
    stream.map { RecordFile.ResumePoint(offset: $0.firstOffset, line: $0.firstLine - 1) }
  }

  /// `firstLine`/`firstOffset` place lines replayed from the middle of a file.
  /// `lineByLine` rules out a multi-line document (it was tried and is not JSON).
  init(
    path: String, parser: JSONParser, firstLine: Int = 1, firstOffset: Int = 0, growing: Bool = false, lineByLine: Bool = false,
    summarizing: Analyzer? = nil
  ) {
    self.summarizing = summarizing
    self.growing = growing
    resumed = firstOffset > 0 || lineByLine
    self.path = path
    self.parser = parser
    lineBase = firstLine - 1
    offsetBase = firstOffset
    lineNumber = lineBase
  }

  static func describe(_ skip: LineReader.Skip) -> String {
    switch skip.reason {
    case .tooLong(let limit):
      return "line of \(skip.length) bytes, over the \(LineReader.limitText(limit)) a record may be (CONFAB_MAX_LINE_BYTES): skipped"
    case .binary:
      return "line of \(skip.length) bytes holds NUL bytes (binary data, not JSON text): skipped"
    }
  }

  mutating func feed(_ line: LineReader.Line) -> [RecordFile.Outcome] {
    lineNumber += 1
    if let skipped = line.skipped {
      sawContent = true
      return [.problem(ImportProblem(path: path, line: lineNumber, message: Self.describe(skipped)))]
    }
    var bytes = line.bytes
    while let last = bytes.last, last == 0x0D || last == 0x20 || last == 0x09 { bytes = UnsafeRawBufferPointer(rebasing: bytes.dropLast()) }
    // A UTF-8 byte order mark before the first record is not part of it.
    let markLength = line.offset == 0 && offsetBase == 0 && bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    bytes = UnsafeRawBufferPointer(rebasing: bytes.dropFirst(markLength))
    guard !bytes.isEmpty else { return [] }
    let offset = offsetBase + line.offset + markLength
    let length = line.bytes.count - markLength
    let firstContentLine = !sawContent
    let secondContentLine = firstLineProblem != nil
    if !sawContent {
      sawContent = true
      if bytes.prefix(4096).contains(0) {
        return [.problem(ImportProblem(path: path, line: lineNumber, message: "binary data, not JSON text"))]
      }
    }
    // SSE framing.
    if bytes.starts(with: Array("event:".utf8)) {
      pendingEvent = String(decoding: bytes.dropFirst(6), as: UTF8.self).trimmed(of: " ")
      return []
    }
    if bytes.first == UInt8(ascii: ":") { return [] }  // SSE comment
    var payload = bytes
    var sse = false
    if bytes.starts(with: Array("data:".utf8)) {
      sse = true
      payload = UnsafeRawBufferPointer(rebasing: bytes.dropFirst(5))
      if payload.first == 0x20 { payload = UnsafeRawBufferPointer(rebasing: payload.dropFirst()) }
      if payload.elementsEqual("[DONE]".utf8) {
        // The range includes [DONE], so a load that replays it sees a finished stream.
        stream?.complete = true
        stream?.end = offset + length
        return closeStream()
      }
    }
    let event = pendingEvent
    pendingEvent = nil
    let lineNumber = self.lineNumber
    let here = SourceRef(path: path, line: lineNumber, byteOffset: offset, byteLength: length, choice: 0, format: .undetected)
    let capacity = line.capacity - (payload.baseAddress! - line.bytes.baseAddress!)
    // A plain chat record, read in one pass (ChatRecordReader); any other record, or a stream's line, is parsed.
    if !sse, event == nil, stream == nil, firstLineProblem == nil {
      let chat = parser.chatRecords
      let read: RecordFile.Outcome? = if let summarizing {
        chat.summaries(payload, source: here, parser: parser, analyzer: summarizing).map { .summaries($0) }
      } else {
        chat.transcripts(payload, source: here, parser: parser).map { .transcripts($0) }
      }
      if let read {
        records += 1
        return [read]
      }
    }
    var outcomes: [RecordFile.Outcome] = []
    do {
      try parser.parse(payload, capacity: capacity) { root in
        // The open stream's own rule first (a final chunk may look like a whole response).
        let continuing = stream.flatMap { $0.importer.continues(root, event: event) ? $0.importer : nil }
        if let importer = continuing ?? StreamImporters.importer(for: root, event: event) {
          outcomes += continueStream(importer, root, event: event, line: lineNumber, offset: offset, end: offset + length)
          return
        }
        outcomes += closeStream()
        do {
          outcomes.append(.transcripts(try RecordFile.importRoot(root, source: here)))
        } catch let error as RecordError {
          outcomes.append(.problem(RecordFile.located(error, here)))
        }
      }
    } catch {
      // The first content line is not JSON on its own: decided by the next one (it parses: a
      // bad record; it does not either: one multi-line document).
      if firstContentLine && !sse && stream == nil && line.terminated && !resumed {
        firstLineProblem = ImportProblem(path: path, line: lineNumber, message: "invalid JSON: \(error)")
        return []
      }
      if secondContentLine {
        firstLineProblem = nil
        isDocument = true
        return []
      }
      if !line.terminated {
        // A growing file's partial last line is still being written; anywhere else the file
        // was cut inside a record.
        if growing { return outcomes }
        outcomes.append(.problem(ImportProblem(path: path, line: lineNumber, message: Self.incompleteRecord)))
        return outcomes
      }
      outcomes.append(.problem(ImportProblem(path: path, line: lineNumber, message: "invalid JSON: \(error)")))
    }
    records += outcomes.isEmpty ? 0 : 1
    if secondContentLine, let problem = firstLineProblem {
      firstLineProblem = nil
      return [.problem(problem)] + outcomes
    }
    return outcomes
  }

  private mutating func continueStream(
    _ importer: any StreamImporter, _ root: JSONValue, event: String?, line: Int, offset: Int, end: Int
  ) -> [RecordFile.Outcome] {
    var outcomes: [RecordFile.Outcome] = []
    if let open = stream, open.importer.name != importer.name { outcomes += closeStream() }
    if stream == nil {
      stream = OpenStream(importer: importer, accumulator: importer.makeAccumulator(), firstLine: line, firstOffset: offset, end: end)
    }
    stream!.end = end
    do {
      if try stream!.accumulator.add(root, event: event) {
        stream!.complete = true
        outcomes += closeStream()
      }
    } catch {
      let source = SourceRef(path: path, line: line, byteOffset: offset, byteLength: end - offset, choice: 0, format: importer.format)
      outcomes.append(.problem(RecordFile.located(error, source)))
      stream = nil
    }
    return outcomes
  }

  private mutating func closeStream() -> [RecordFile.Outcome] {
    guard let open = stream else { return [] }
    stream = nil
    let source = SourceRef(
      path: path, line: open.firstLine, byteOffset: open.firstOffset, byteLength: open.end - open.firstOffset,
      choice: 0, format: open.importer.format)
    guard open.complete || open.accumulator.finished else {
      return [.problem(ImportProblem(path: path, line: open.firstLine, message: Self.incompleteStream))]
    }
    do {
      return [.transcripts(try open.accumulator.transcripts(source: source))]
    } catch {
      return [.problem(RecordFile.located(error, source))]
    }
  }

  /// Emits a stream still open at the end of the file (a growing file's unfinished one waits).
  mutating func finish() -> [RecordFile.Outcome] {
    if let problem = firstLineProblem {
      firstLineProblem = nil
      return [.problem(problem)]
    }
    if growing, let open = stream, !open.complete && !open.accumulator.finished { return [] }
    return closeStream()
  }

  static let incompleteRecord = "incomplete record: the file ends inside it"
  static let incompleteStream = "incomplete stream: it ends before the server finished (no finish reason, no [DONE])"
}
