import Foundation

/// One input file seen as records: JSONL (one record per line) or a single JSON document
/// (pretty-printed responses, arrays of responses). Layout is decided by content.
public enum RecordFile {
  /// A record parsed and imported, or the problem that stopped it.
  public enum Outcome {
    case transcripts([Transcript])
    case problem(ImportProblem)
  }

  /// Imports every record of `path` in order, calling `body` for each (return false to stop).
  /// `progress` receives bytes consumed and the file size.
  public static func scan(
    path: String, parser: JSONParser,
    progress: ((Int, Int) -> Void)? = nil,
    _ body: (Outcome) -> Bool
  ) {
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else {
      _ = body(.problem(ImportProblem(path: path, line: nil, message: "cannot open: \(String(cString: strerror(errno)))")))
      return
    }
    defer { close(fd) }
    var info = stat()
    fstat(fd, &info)
    let fileSize = Int(info.st_size)
    if (info.st_mode & S_IFMT) == S_IFDIR {
      _ = body(.problem(ImportProblem(path: path, line: nil, message: "is a directory")))
      return
    }
    let reader = LineReader(fd: fd)
    var lineNumber = 0
    var sawContent = false
    var records = 0
    while let line = reader.next() {
      lineNumber += 1
      if isBlank(line.bytes) { continue }
      if !sawContent {
        sawContent = true
        if let problem = binaryProblem(line.bytes, path: path, line: lineNumber) {
          _ = body(.problem(problem))
          return
        }
      }
      let source = SourceRef(
        path: path, line: lineNumber, byteOffset: line.offset, byteLength: line.bytes.count,
        choice: 0, format: "")
      let (outcome, syntaxError) = importRecordDetailed(line.bytes, capacity: line.capacity, source: source, parser: parser)
      // A first line that is not a JSON value on its own means one multi-line document.
      if records == 0 && syntaxError && (line.terminated || lineNumber > 1) {
        _ = body(scanDocument(path: path, fd: fd, fileSize: fileSize, parser: parser))
        return
      }
      if case .problem = outcome, !line.terminated, records > 0 {
        break  // a partial last line: the writer has not finished it yet
      }
      records += 1
      progress?(reader.position, fileSize)
      if !body(outcome) { return }
    }
    if reader.readError != 0 {
      _ = body(.problem(ImportProblem(
        path: path, line: lineNumber, message: "read failed: \(String(cString: strerror(reader.readError)))")))
    } else if !sawContent {
      _ = body(.problem(ImportProblem(path: path, line: nil, message: "empty file")))
    }
    progress?(fileSize, fileSize)
  }

  /// Parses and imports one record's bytes.
  public static func importRecord(
    _ bytes: UnsafeRawBufferPointer, capacity: Int, source: SourceRef, parser: JSONParser
  ) -> Outcome {
    importRecordDetailed(bytes, capacity: capacity, source: source, parser: parser).0
  }

  /// The outcome, and whether it failed because the bytes are not JSON at all.
  static func importRecordDetailed(
    _ bytes: UnsafeRawBufferPointer, capacity: Int, source: SourceRef, parser: JSONParser
  ) -> (Outcome, Bool) {
    do {
      return try parser.parse(bytes, capacity: capacity) { root -> (Outcome, Bool) in
        do {
          return (.transcripts(try importRoot(root, source: source)), false)
        } catch let error as RecordError {
          return (.problem(ImportProblem(path: source.path, line: source.line, field: error.field, message: error.message)), false)
        }
      }
    } catch let error as JSONParseError {
      return (.problem(ImportProblem(path: source.path, line: source.line, message: "invalid JSON: \(error.message)")), true)
    } catch {
      return (.problem(ImportProblem(path: source.path, line: source.line, message: "\(error)")), false)
    }
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

  /// Reads the record a SourceRef points at and returns the transcript it names.
  public static func load(_ source: SourceRef, parser: JSONParser) throws(ImportProblem) -> Transcript {
    let fd = open(source.path, O_RDONLY)
    guard fd >= 0 else {
      throw ImportProblem(path: source.path, line: nil, message: "cannot open: \(String(cString: strerror(errno)))")
    }
    defer { close(fd) }
    var buffer = [UInt8](repeating: 0, count: source.byteLength + JSONParser.padding)
    let got = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, source.byteLength, off_t(source.byteOffset)) }
    guard got == source.byteLength else {
      throw ImportProblem(path: source.path, line: source.line, message: "file changed: record no longer readable")
    }
    let outcome = buffer.withUnsafeBytes { raw in
      importRecord(UnsafeRawBufferPointer(rebasing: raw[0..<source.byteLength]), capacity: raw.count, source: source, parser: parser)
    }
    switch outcome {
    case .problem(let problem): throw problem
    case .transcripts(let transcripts):
      guard let match = transcripts.first(where: { $0.source.choice == source.choice }) else {
        throw ImportProblem(path: source.path, line: source.line, message: "record no longer has transcript \(source.choice)")
      }
      return match
    }
  }

  private static func scanDocument(path: String, fd: Int32, fileSize: Int, parser: JSONParser) -> Outcome {
    var buffer = [UInt8](repeating: 0, count: fileSize + JSONParser.padding)
    var got = 0
    while got < fileSize {
      let count = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + got, fileSize - got, off_t(got)) }
      if count <= 0 { break }
      got += count
    }
    let source = SourceRef(path: path, line: 1, byteOffset: 0, byteLength: got, choice: 0, format: "")
    return buffer.withUnsafeBytes { raw in
      importRecord(UnsafeRawBufferPointer(rebasing: raw[0..<got]), capacity: raw.count, source: source, parser: parser)
    }
  }

  private static func isBlank(_ bytes: UnsafeRawBufferPointer) -> Bool {
    bytes.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
  }

  private static func binaryProblem(_ bytes: UnsafeRawBufferPointer, path: String, line: Int) -> ImportProblem? {
    let sample = bytes.prefix(4096)
    guard sample.contains(0) else { return nil }
    return ImportProblem(path: path, line: line, message: "binary data, not JSON text")
  }
}
