import ConfabIO
import ConfabModel
import ConfabServer
import Testing

@Suite struct RecordFileTests {
  static let line = #"{"choices":[{"index":0,"message":{"content":"a"},"logprobs":{"content":[{"token":"a","logprob":-0.5,"top_logprobs":[]}]}}]}"#

  @Test func aCutLastRecordIsAProblemUnlessTheFileIsGrowing() throws {
    let path = try temporaryFile("cut.jsonl", Self.line + "\n" + Self.line + "\n" + String(Self.line.prefix(40)))
    let (transcripts, problems) = scanAll(path)
    #expect(transcripts.count == 2)
    #expect(problems.map(\.description) == ["\(path):3: incomplete record: the file ends inside it"])
    var waited: [ImportProblem] = []
    RecordFile.scan(path: path, parser: JSONParser(), growing: true) { outcome in
      if case .problem(let problem) = outcome { waited.append(problem) }
      return true
    }
    #expect(waited.isEmpty, "follow mode waits for the rest of the line")
  }

  @Test func lastLineWithoutNewlineStillLoadsWhenComplete() throws {
    let path = try temporaryFile("complete.jsonl", Self.line + "\n" + Self.line)
    #expect(scanAll(path).transcripts.count == 2)
  }

  @Test func emptyBinaryAndMissingFilesAreNamedProblems() throws {
    let empty = try temporaryFile("empty.jsonl", "")
    #expect(scanAll(empty).problems.map(\.message) == ["empty file"])
    let binary = try temporaryFile("blob.jsonl", [0x7B, 0x00, 0x01, 0xFF, 0x0A])
    #expect(scanAll(binary).problems.map(\.message) == ["binary data, not JSON text"])
    let missing = scanAll("/nonexistent/confab.jsonl").problems
    #expect(missing.count == 1)
    #expect(missing[0].message.hasPrefix("cannot open"))
  }

  @Test func unknownShapesAreReportedWithTheirKeys() throws {
    let path = try temporaryFile("other.jsonl", #"{"details": {}, "generated_text": "x"}"# + "\n")
    let problems = scanAll(path).problems
    #expect(problems.count == 1)
    #expect(problems[0].message.contains("details, generated_text"))
  }

  @Test func rootArrayHoldsSeveralResponses() throws {
    let path = try temporaryFile("array.json", "[\n" + Self.line + ",\n" + Self.line + "\n]\n")
    let transcripts = scanAll(path).transcripts
    #expect(transcripts.count == 2)
    #expect(transcripts.map(\.source.choice) == [0, 1])
    #expect(try RecordFile.load(transcripts[1].source, parser: JSONParser()) == transcripts[1])
  }

  @Test func recordsLongerThanTheReadChunkStayWhole() throws {
    let content = String(repeating: "x", count: 9 << 20)
    let long = #"{"messages":[{"role":"user","content":"\#(content)"}]}"#
    let path = try temporaryFile("long.jsonl", long + "\n" + Self.line + "\n")
    let (transcripts, problems) = scanAll(path)
    #expect(problems.isEmpty)
    #expect(transcripts.count == 2)
    #expect(transcripts[0].messages[0].text.count == 9 << 20)
    #expect(transcripts[1].source.line == 2)
  }

  @Test func inputPathsRecurseIntoFoldersByExtension() throws {
    let path = try temporaryFile("a.jsonl", Self.line + "\n")
    let folder = (path as NSString).deletingLastPathComponent
    try Data().write(to: URL(fileURLWithPath: folder + "/notes.txt"))
    let (files, problems) = InputPaths.expand([folder, "/nonexistent/x"])
    #expect(files == [path])
    #expect(problems.map(\.path) == ["/nonexistent/x"])
  }
}

import Foundation

@Suite struct FollowTests {
  @Test func aGrowingFileResumesAfterTheLastCompleteRecord() throws {
    let line = RecordFileTests.line
    let path = try temporaryFile("growing.jsonl", line + "\n" + line + "\n" + String(line.prefix(30)))
    var first: [Transcript] = []
    let resume = try #require(RecordFile.scan(path: path, parser: JSONParser(), growing: true) { outcome in
      if case .transcripts(let found) = outcome { first += found }
      return true
    })
    #expect(first.count == 2)
    #expect(resume.line == 2)
    // The writer finishes line 3 and adds line 4.
    let handle = try #require(FileHandle(forWritingAtPath: path))
    handle.seekToEndOfFile()
    handle.write(Data((String(line.dropFirst(30)) + "\n" + line + "\n").utf8))
    try handle.close()
    var more: [Transcript] = []
    var problems: [ImportProblem] = []
    let next = RecordFile.scan(path: path, parser: JSONParser(), from: resume, growing: true) { outcome in
      if case .transcripts(let found) = outcome { more += found }
      if case .problem(let problem) = outcome { problems.append(problem) }
      return true
    }
    #expect(problems.isEmpty)
    #expect(more.map(\.source.line) == [3, 4])
    #expect(try RecordFile.load(more[1].source, parser: JSONParser()) == more[1])
    #expect(next?.line == 4)
    // Only a partial line has arrived since: not a problem, and it is read again next time.
    let partial = try #require(FileHandle(forWritingAtPath: path))
    partial.seekToEndOfFile()
    partial.write(Data(String(line.prefix(20)).utf8))
    try partial.close()
    var partialOutcomes = 0
    let afterPartial = RecordFile.scan(path: path, parser: JSONParser(), from: next, growing: true) { _ in partialOutcomes += 1; return true }
    #expect(partialOutcomes == 0)
    #expect(afterPartial == next)
    try FileHandle(forWritingAtPath: path).map { handle in
      handle.truncateFile(atOffset: UInt64(next!.offset))
      try handle.close()
    }
    // Nothing new: nothing read, no "empty file" problem.
    var again = 0
    RecordFile.scan(path: path, parser: JSONParser(), from: next) { _ in again += 1; return true }
    #expect(again == 0)
  }
}
