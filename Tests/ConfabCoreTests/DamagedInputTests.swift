@testable import ConfabIO
import ConfabModel
import Foundation
import Testing

/// Damaged files lose only what is damaged: a bad or marked first line, a cut record, a cut
/// stream, a cut .gz and wrong types are each a problem naming the line; the rest loads.
@Suite struct DamagedInputTests {
  static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/formats").path
  static let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Tests/Fixtures/recorded/smollm2-135m-instruct.jsonl").path

  static func sampleLines() throws -> [String] {
    try String(contentsOfFile: samples, encoding: .utf8).split(separator: "\n").map(String.init)
  }

  static func gzip(_ bytes: [UInt8]) throws -> [UInt8] {
    let plain = try temporaryFile("plain", bytes)
    let result = Process()
    result.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    result.arguments = ["gzip", "-kn", plain]
    try result.run()
    result.waitUntilExit()
    return Array(try #require(FileManager.default.contents(atPath: plain + ".gz")))
  }

  @Test func aBadFirstLineCostsOnlyThatLine() throws {
    let lines = try Self.sampleLines()
    let path = try temporaryFile("f.jsonl", (["{\"confab\":1,\"id\":\"x"] + lines.dropFirst()).joined(separator: "\n") + "\n")
    let (transcripts, problems) = scanAll(path)
    #expect(transcripts.count == lines.count - 1)
    #expect(problems.count == 1)
    #expect(problems.first?.line == 1)
    #expect(problems.first?.message.hasPrefix("invalid JSON") == true)
  }

  @Test func twoBadFirstLinesStillLeaveTheRecords() throws {
    let lines = try Self.sampleLines()
    let path = try temporaryFile("f.jsonl", (["{oops", "not json either"] + lines.dropFirst(2)).joined(separator: "\n") + "\n")
    let (transcripts, problems) = scanAll(path)
    #expect(transcripts.count == lines.count - 2)
    #expect(problems.map(\.line) == [1, 2])
  }

  @Test func aByteOrderMarkIsSkippedAndTheFirstRecordStillLoadsBack() throws {
    let lines = try Self.sampleLines()
    let path = try temporaryFile("bom.jsonl", [0xEF, 0xBB, 0xBF] + Array((lines.joined(separator: "\n") + "\n").utf8))
    let (transcripts, problems) = scanAll(path)
    #expect(problems.isEmpty)
    #expect(transcripts.count == lines.count)
    #expect(try RecordFile.load(transcripts[0].source, parser: JSONParser()) == transcripts[0])
    let document = try Array(#require(FileManager.default.contents(atPath: Self.fixtures + "/tgi-generate.json")))
    let marked = try temporaryFile("bom.json", [0xEF, 0xBB, 0xBF] + document)
    #expect(scanAll(marked).problems.isEmpty)
    #expect(scanAll(marked).transcripts.count == scanAll(Self.fixtures + "/tgi-generate.json").transcripts.count)
  }

  @Test func aCutFileSaysItsLastRecordIsIncomplete() throws {
    let text = try String(contentsOfFile: Self.samples, encoding: .utf8)
    let cut = Array(text.utf8.prefix(1_000_000))
    let path = try temporaryFile("t.jsonl", cut)
    let (transcripts, problems) = scanAll(path)
    let complete = cut.split(separator: 0x0A, omittingEmptySubsequences: false).dropLast().count
    #expect(transcripts.count == complete)
    #expect(problems.map(\.description) == ["\(path):\(complete + 1): incomplete record: the file ends inside it"])
  }

  @Test func aCutStreamIsAProblemAndAFollowedOneWaitsForItsEnd() throws {
    let text = try String(contentsOfFile: Self.fixtures + "/openai-chat-stream.sse", encoding: .utf8)
    let events = text.components(separatedBy: "\n\n").filter { !$0.isEmpty }
    let head = events.prefix(3).joined(separator: "\n\n") + "\n\n"
    let path = try temporaryFile("cut.sse", head)
    let (transcripts, problems) = scanAll(path)
    #expect(transcripts.isEmpty)
    #expect(problems.map(\.message) == ["incomplete stream: it ends before the server finished (no finish reason, no [DONE])"])
    var early: [RecordFile.Outcome] = []
    let resume = try #require(RecordFile.scan(path: path, parser: JSONParser(), growing: true) { early.append($0); return true })
    #expect(early.isEmpty, "follow mode waits for the rest of the stream")
    #expect(resume.offset == 0)
    let handle = try #require(FileHandle(forWritingAtPath: path))
    handle.seekToEndOfFile()
    handle.write(Data(events.dropFirst(3).joined(separator: "\n\n").appending("\n\n").utf8))
    try handle.close()
    var later: [Transcript] = []
    RecordFile.scan(path: path, parser: JSONParser(), from: resume, growing: true) { outcome in
      if case .transcripts(let found) = outcome { later += found }
      return true
    }
    #expect(later.count == scanAll(Self.fixtures + "/openai-chat-stream.sse").transcripts.count)
  }

  @Test func aCutGzipIsAProblem() throws {
    let text = try String(contentsOfFile: Self.samples, encoding: .utf8)
    let compressed = try Self.gzip(Array(text.utf8))
    let path = try temporaryFile("t.jsonl.gz", Array(compressed.prefix(compressed.count / 2)))
    let (transcripts, problems) = scanAll(path)
    #expect(!transcripts.isEmpty)
    #expect(problems.contains { $0.message.hasPrefix("truncated gzip") }, "\(problems)")
  }

  @Test func aGzippedPrettyDocumentLoads() throws {
    let document = try Array(#require(FileManager.default.contents(atPath: Self.fixtures + "/tgi-generate.json")))
    let path = try temporaryFile("doc.json.gz", try Self.gzip(document))
    let (transcripts, problems) = scanAll(path)
    #expect(problems.isEmpty, "\(problems)")
    #expect(transcripts.count == scanAll(Self.fixtures + "/tgi-generate.json").transcripts.count)
    #expect(try RecordFile.load(transcripts[0].source, parser: JSONParser()) == transcripts[0])
  }

  @Test(arguments: [
    (#""confab":1.5"#, "confab"), (#""confab":"1""#, "confab"), (#""tokens":-9999"#, "messages[1].tokens"),
    (#""tokens":"abc""#, "messages[1].tokens"), (#""role":5"#, "messages[1].role"), (#""text":7"#, "messages[0].text"),
    (#""tokens":[["a","zz"]]"#, "messages[1].tokens[0]"), (#""tokens":[["a",-1,7]]"#, "messages[1].tokens[0]"),
  ])
  func wrongTypesAreProblemsNotEmptyTranscripts(_ change: (String, String)) throws {
    var record: [String: Any] = [
      "confab": 1, "id": "x", "messages": [["role": "user", "text": "hi"], ["role": "assistant", "tokens": [["a", -0.5]]]],
    ]
    let (key, field) = change
    let replacement = try #require(JSONSerialization.jsonObject(with: Data("{\(key)}".utf8), options: .fragmentsAllowed) as? [String: Any])
    let (name, value) = try #require(replacement.first)
    if name == "confab" {
      record["confab"] = value
    } else {
      var messages = try #require(record["messages"] as? [[String: Any]])
      messages[name == "text" ? 0 : 1][name] = value
      record["messages"] = messages
    }
    let line = String(decoding: try JSONSerialization.data(withJSONObject: record), as: UTF8.self)
    let (transcripts, problems) = scanAll(try temporaryFile("w.jsonl", line + "\n"))
    #expect(transcripts.isEmpty)
    #expect(problems.map(\.field) == [field], "\(problems)")
  }
}

/// FIFOs, devices and unreadable folders are named and skipped; nothing blocks on them.
@Suite struct SpecialFileTests {
  @Test func aFifoOrDeviceIsRefusedWithoutBlocking() throws {
    let folder = (try temporaryFile("keep.jsonl", RecordFileTests.line + "\n") as NSString).deletingLastPathComponent
    let fifo = folder + "/pipe.jsonl"
    #expect(mkfifo(fifo, 0o600) == 0)
    let (files, problems) = InputPaths.expand([folder, fifo, "/dev/zero"])
    #expect(files == [folder + "/keep.jsonl"])
    #expect(problems.map(\.description) == [
      "\(fifo): a FIFO, not a regular file: skipped",
      "\(fifo): a FIFO, not a regular file: confab reads files",
      "/dev/zero: a character device, not a regular file: confab reads files",
    ])
    // Reached directly (a tag's source, a load): refused, not opened.
    #expect(scanAll(fifo).problems.map(\.message) == ["a FIFO, not a regular file: confab reads files"])
    #expect(scanAll("/dev/zero").problems.count == 1)
  }

  @Test(.enabled(if: getuid() != 0, "root reads every folder")) func anUnreadableFolderIsSaid() throws {
    let folder = (try temporaryFile("keep.jsonl", RecordFileTests.line + "\n") as NSString).deletingLastPathComponent
    let locked = folder + "/locked"
    try FileManager.default.createDirectory(atPath: locked, withIntermediateDirectories: true)
    chmod(locked, 0)
    defer { chmod(locked, 0o700) }
    let (files, problems) = InputPaths.expand([folder])
    #expect(files.count == 1)
    #expect(problems.map(\.description) == ["\(locked): cannot read folder (Permission denied): skipped"])
  }
}

/// Follow mode reports every bad appended line, the first of a batch included.
@Suite struct FollowedDamageTests {
  @Test func everyBadAppendedLineIsAProblem() throws {
    let path = try temporaryFile("grow.jsonl", RecordFileTests.line + "\n")
    let resume = try #require(RecordFile.scan(path: path, parser: JSONParser(), growing: true) { _ in true })
    let handle = try #require(FileHandle(forWritingAtPath: path))
    handle.seekToEndOfFile()
    handle.write(Data(("{\"confab\":1,\"broken\n" + "not json\n" + RecordFileTests.line + "\n").utf8))
    try handle.close()
    var problems: [ImportProblem] = []
    var loaded = 0
    RecordFile.scan(path: path, parser: JSONParser(), from: resume, growing: true) { outcome in
      if case .problem(let problem) = outcome { problems.append(problem) }
      if case .transcripts(let found) = outcome { loaded += found.count }
      return true
    }
    #expect(problems.map(\.line) == [2, 3])
    #expect(loaded == 1)
  }
}

/// A followed file cut shorter or replaced is said and read again, so later appends show.
@Suite struct FollowedReplacementTests {
  @Test func aReplacedFileIsReadAgain() throws {
    let line = RecordFileTests.line
    let path = try temporaryFile("rotate.jsonl", line + "\n" + line + "\n")
    let scanner = CorpusScanner()
    scanner.setFollow(true)
    scanner.start(files: [path], analyzer: .builtIn)
    defer { scanner.cancel() }
    var seen = CorpusUpdate()
    func collect(until done: (CorpusUpdate) -> Bool) {
      for _ in 0..<400 where !done(seen) {
        let news = scanner.drain()
        seen.summaries += news.summaries
        seen.problems += news.problems
        usleep(25_000)
      }
    }
    collect { $0.summaries.count == 2 }
    #expect(seen.summaries.count == 2)
    // Replaced by a shorter file with one record (log rotation, a rerun).
    try (line + "\n").write(toFile: path + ".new", atomically: false, encoding: .utf8)
    #expect(rename(path + ".new", path) == 0)
    collect { $0.summaries.count == 3 }
    #expect(seen.problems.map(\.message) == ["truncated or replaced while followed: reading it again from the start"])
    #expect(seen.summaries.count == 3)
  }
}

/// A zip entry whose header claims more than its data can hold is a problem, not an allocation.
@Suite struct ZipClaimTests {
  @Test func anEntryClaimingFourGigabytesIsRefused() throws {
    var bytes = try Array(#require(FileManager.default.contents(atPath: DamagedInputTests.fixtures + "/inspect.eval")))
    var patched = 0
    var index = 0
    while index + 46 <= bytes.count {
      if bytes[index..<index + 4].elementsEqual([0x50, 0x4B, 0x01, 0x02]) {
        bytes.replaceSubrange(index + 24..<index + 28, with: [0xF0, 0xFF, 0xFF, 0xFF])  // uncompressed size
        patched += 1
      }
      index += 1
    }
    #expect(patched > 0)
    let path = try temporaryFile("claims.eval", bytes)
    let (transcripts, problems) = scanAll(path)
    #expect(transcripts.isEmpty)
    #expect(!problems.isEmpty)
    #expect(problems.allSatisfy { $0.message.contains("more than the data can hold") || $0.message.contains("over the") }, "\(problems)")
  }
}

/// The reliability pass's figure: of 100 random cuts of a sample file, every one that does not
/// fall on a line end is reported (it was 4 of 100).
@Suite struct RandomCutTests {
  @Test func everyCutInsideARecordIsReported() throws {
    let bytes = Array(try String(contentsOfFile: DamagedInputTests.samples, encoding: .utf8).utf8)
    var random = FuzzTests.Random(state: 20261203)
    var silent: [Int] = []
    var cuts = 0
    let folder = (try temporaryFile("x", "") as NSString).deletingLastPathComponent
    for round in 0..<100 {
      let at = 1 + random.below(bytes.count - 1)
      guard bytes[at - 1] != 0x0A, bytes[at] != 0x0A else { continue }  // a cut at a line end loses nothing
      cuts += 1
      let path = folder + "/cut\(round).jsonl"
      try Data(bytes[0..<at]).write(to: URL(fileURLWithPath: path))
      if scanAll(path).problems.isEmpty { silent.append(at) }
    }
    #expect(cuts > 90)
    #expect(silent.isEmpty, "cuts loaded silently at offsets \(silent)")
  }
}

/// A line longer than the limit is skipped and reported, never held: the records around it load.
@Suite struct LongLineTests {
  @Test func anOverLongLineIsAProblemAndTheNeighboursLoad() throws {
    let long = String(repeating: "x", count: 5_000)
    let text = RecordFileTests.line + "\n" + long + "\n" + RecordFileTests.line + "\n" + long
    let path = try temporaryFile("long.jsonl", text)
    var transcripts = 0
    var problems: [ImportProblem] = []
    let fd = open(path, O_RDONLY)
    defer { close(fd) }
    let reader = LineReader(source: FileByteSource(fd: fd), chunkSize: 1024, maxLineBytes: 2048)
    var engine = LineEngine(path: path, parser: JSONParser())
    var lengths: [Int] = []
    while let line = reader.next() {
      lengths.append(line.length)
      for outcome in engine.feed(line) {
        if case .transcripts(let found) = outcome { transcripts += found.count }
        if case .problem(let problem) = outcome { problems.append(problem) }
      }
    }
    #expect(lengths == [RecordFileTests.line.utf8.count, 5_000, RecordFileTests.line.utf8.count, 5_000])
    #expect(transcripts == 2)
    #expect(problems.map(\.line) == [2, 4])
    #expect(problems.allSatisfy { $0.message.hasPrefix("line of 5000 bytes") })
  }
}

/// A line of NUL bytes (a sparse file, zero padding after the last record, a gzip of zeros) is
/// skipped at the first full buffer, not held until the line limit: the records around it load.
@Suite struct BinaryLineTests {
  @Test func aLineOfNulBytesIsSkippedWithoutGrowingTheBuffer() throws {
    let zeros = String(repeating: "\u{0}", count: 50_000)
    let text = RecordFileTests.line + "\n" + zeros + "\n" + RecordFileTests.line + "\n" + zeros
    let path = try temporaryFile("zeros.jsonl", text)
    let fd = open(path, O_RDONLY)
    defer { close(fd) }
    // The limit is far above the NUL lines: only the NUL check can skip them.
    let reader = LineReader(source: FileByteSource(fd: fd), chunkSize: 1024, maxLineBytes: 1 << 30)
    var engine = LineEngine(path: path, parser: JSONParser())
    var skips: [LineReader.Skip?] = []
    var transcripts = 0
    var problems: [ImportProblem] = []
    while let line = reader.next() {
      skips.append(line.skipped)
      #expect(line.bytes.count <= 2048, "a NUL line was held in memory")
      for outcome in engine.feed(line) {
        if case .transcripts(let found) = outcome { transcripts += found.count }
        if case .problem(let problem) = outcome { problems.append(problem) }
      }
    }
    #expect(skips == [nil, LineReader.Skip(reason: .binary, length: 50_000), nil, LineReader.Skip(reason: .binary, length: 50_000)])
    #expect(transcripts == 2)
    #expect(problems.map(\.line) == [2, 4])
    #expect(problems.allSatisfy { $0.message == "line of 50000 bytes holds NUL bytes (binary data, not JSON text): skipped" })
  }

  @Test func theOverLongMessageNamesTheLimitInForce() {
    #expect(LineEngine.describe(LineReader.Skip(reason: .tooLong(limit: 2048), length: 5000))
      == "line of 5000 bytes, over the 2048 bytes a record may be (CONFAB_MAX_LINE_BYTES): skipped")
    #expect(LineEngine.describe(LineReader.Skip(reason: .tooLong(limit: 256 << 20), length: 1 << 30)).contains("over the 256 MiB"))
  }
}

/// A pretty-printed document followed by zero padding (a preallocated or sparse tail) loads,
/// and the padding is reported; it used to lose the document (0 of 2 transcripts).
@Suite struct PaddedDocumentTests {
  @Test(arguments: [false, true]) func aDocumentBeforeNulPaddingLoads(gzipped: Bool) throws {
    let document = try [UInt8](Data(contentsOf: URL(fileURLWithPath: Fixture.path("formats/tgi-generate.json"))))
    var bytes = document + [UInt8](repeating: 0, count: 3 << 20)
    var name = "padded.json"
    if gzipped {
      bytes = try DamagedInputTests.gzip(bytes)
      name += ".gz"
    }
    let (transcripts, problems) = scanAll(try temporaryFile(name, bytes))
    #expect(transcripts.count == 2)
    #expect(problems.count == 1)
    #expect(problems.first?.message == "\(3 << 20) NUL bytes after the document (zero padding): ignored")
    let reloaded = try RecordFile.load(try #require(transcripts.first).source, parser: JSONParser())
    #expect(reloaded.messages == transcripts.first?.messages)
  }
}

/// A scan worker keeps one line buffer for all its blocks: each reader sees only its own
/// source's lines, a line longer than the buffer grows it, and the next reader keeps the size.
@Suite struct SharedLineBufferTests {
  static func lines(_ text: String, _ buffer: LineBuffer) -> [String] {
    let reader = LineReader(source: MemoryByteSource(Array(text.utf8)), buffer: buffer)
    var lines: [String] = []
    while let line = reader.next() { lines.append(String(decoding: line.bytes, as: UTF8.self)) }
    return lines
  }

  @Test func readersTakingTurnsOnOneBufferSeeTheirOwnLines() {
    let buffer = LineBuffer(size: 64)
    let long = String(repeating: "y", count: 300)
    #expect(Self.lines("first\nsecond\n", buffer) == ["first", "second"])
    #expect(Self.lines("a\n" + long + "\nb", buffer) == ["a", long, "b"])
    #expect(buffer.size == 512, "doubled until the long line fit")
    #expect(Self.lines("third\n", buffer) == ["third"], "nothing of the earlier sources is left")
    #expect(buffer.size == 512)
  }

  /// A buffer mapped for huge pages reads as malloc's does, and grows the same way: a 5 MiB
  /// line through a 2 MiB buffer, with lines either side, and the padding after it readable.
  @Test func aHugePageBufferGrowsForALongLine() {
    let buffer = LineBuffer(hugePages: true)
    #expect(buffer.size == 2 << 20)
    let long = String(repeating: "z", count: 5 << 20)
    #expect(Self.lines("before\n" + long + "\nafter\n", buffer) == ["before", long, "after"])
    #expect(buffer.size == 8 << 20, "doubled twice")
    (buffer.storage + buffer.size).initializeMemory(as: UInt8.self, repeating: 0, count: JSONParser.padding)
    #expect(Self.lines("again\n", buffer) == ["again"])
  }
}
