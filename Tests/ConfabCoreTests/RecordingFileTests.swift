import ConfabIO
import ConfabModel
import ConfabServer
import Foundation
import Testing

/// Reopening record's output: a killed run's cut sample is dropped, a whole last line kept,
/// and a file confab did not write is never cut.
@Suite struct RecordingFileTests {
  static let record = #"{"confab":1,"id":"a","source":{"path":"s","line":1,"choice":0,"format":"confab"},"prompt_id":"p","sample":0,"messages":[{"role":"assistant","content":"hi"}]}"#

  @Test func aCutSampleIsDropped() throws {
    let path = try temporaryFile("out.jsonl", Self.record + "\n" + #"{"confab":1,"id":"b","sou"#)
    let done = try RecordingFile.prepare(path: path)
    #expect(done == [RecordingFile.Key(prompt: "p", sample: 0)])
    #expect(try String(contentsOfFile: path, encoding: .utf8) == Self.record + "\n")
  }

  @Test func aWholeLastLineWithoutNewlineIsKept() throws {
    let path = try temporaryFile("out.jsonl", Self.record)
    #expect(try RecordingFile.prepare(path: path).count == 1)
    #expect(try String(contentsOfFile: path, encoding: .utf8) == Self.record + "\n")
  }

  @Test func aForeignTailIsLeftAloneAndRefused() throws {
    let text = Self.record + "\n" + "notes I typed"
    let path = try temporaryFile("out.jsonl", text)
    #expect(throws: ImportProblem.self) { try RecordingFile.prepare(path: path) }
    #expect(try String(contentsOfFile: path, encoding: .utf8) == text)
  }
}
