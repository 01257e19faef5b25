import ConfabCore
import Testing

@Suite struct RecordFileTests {
  static let line = #"{"choices":[{"index":0,"message":{"content":"a"},"logprobs":{"content":[{"token":"a","logprob":-0.5,"top_logprobs":[]}]}}]}"#

  @Test func partialLastLineIsNotAnError() throws {
    let path = try temporaryFile("growing.jsonl", Self.line + "\n" + Self.line + "\n" + String(Self.line.prefix(40)))
    let (transcripts, problems) = scanAll(path)
    #expect(transcripts.count == 2)
    #expect(problems.isEmpty)
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
