import ConfabIO
import ConfabModel
import ConfabServer
import Foundation
import Testing

@Suite struct TagStoreTests {
  static func temporaryStore() throws -> String {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("confab-store-\(UUID().uuidString)")
    return directory.appendingPathComponent("nested/tags.sqlite").path
  }

  static func tag(_ label: String, transcript: String = "t1", start: Int = 0) -> ConfabModel.Tag {
    let source = SourceRef(path: "a.jsonl", line: 3, byteOffset: 10, byteLength: 20, choice: 1, format: .openaiChat)
    return ConfabModel.Tag(transcript: transcript, source: source, message: 1, start: start, end: start + 4, tokenStart: 2,
               tokenEnd: 3, label: label, note: "n", text: "text", created: 1_764_400_000)
  }

  @Test func tagsRoundTripAndFilter() throws {
    let store = try TagStore(path: try Self.temporaryStore())
    #expect(!store.isReadOnly)
    let a = try store.add(Self.tag("confabulation"))
    let b = try store.add(Self.tag("other", transcript: "t2"))
    #expect(a.id > 0 && b.id > a.id)
    #expect(try store.tags() == [a, b])
    #expect(try store.tags(transcript: "t2") == [b])
    #expect(try store.tags(labels: ["confabulation"]) == [a])
    try store.remove(id: a.id)
    #expect(try store.tags() == [b])
    try store.restore(id: a.id)
    #expect(try store.tags() == [a, b])
  }

  @Test func secondConnectionSeesCommittedTags() throws {
    let path = try Self.temporaryStore()
    let first = try TagStore(path: path)
    let second = try TagStore(path: path)
    let tag = try first.add(Self.tag("x"))
    #expect(try second.tags() == [tag])
  }

  @Test func newerSchemaOpensReadOnly() throws {
    let path = try Self.temporaryStore()
    _ = try TagStore(path: path).add(Self.tag("x"))
    let result = spawn(["/usr/bin/sqlite3", path, "PRAGMA user_version = 99;"])
    try #require(result == 0, "sqlite3 CLI is needed for this test")
    let store = try TagStore(path: path)
    #expect(store.isReadOnly)
    #expect(store.readOnlyReason?.contains("schema version 99") == true)
    #expect(try store.tags().count == 1)
    #expect(throws: TagStore.Failure.self) { try store.add(Self.tag("y")) }
  }

  @Test func corruptAndUnreachableStoresSayWhy() throws {
    let path = try Self.temporaryStore()
    try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    try Data(repeating: 0x41, count: 4096).write(to: URL(fileURLWithPath: path))
    #expect {
      _ = try TagStore(path: path)
    } throws: { error in
      (error as? TagStore.Failure)?.description.contains(path) == true
    }
    #expect(throws: TagStore.Failure.self) { _ = try TagStore(path: "/proc/confab-cannot-exist/tags.sqlite") }
  }

  @Test func defaultPathFollowsTheEnvironment() {
    #expect(TagStore.defaultPath(environment: ["CONFAB_DB": "/x/db"]) == "/x/db")
    #expect(TagStore.defaultPath(environment: ["XDG_DATA_HOME": "/d", "HOME": "/h"]) == "/d/confab/tags.sqlite")
    #expect(TagStore.defaultPath(environment: ["HOME": "/h"]) == "/h/.local/share/confab/tags.sqlite")
  }

  @Test func labelsFileRoundTripsAndRebinds() throws {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("confab-labels-\(UUID().uuidString)/labels.txt").path
    var labels = try LabelSet.load(path: path)
    #expect(labels == .standard)
    labels.bind(1, to: "mine")
    #expect(labels.label(forDigit: 1) == "mine")
    #expect(labels.labels.first { $0.name == "confabulation" }?.digit == nil)
    try labels.save(path: path)
    #expect(try LabelSet.load(path: path) == labels)
    try "0 zero\n".write(toFile: path, atomically: true, encoding: .utf8)
    #expect(throws: Lexicon.ParseError.self) { _ = try LabelSet.load(path: path) }
  }

  @Test func exportCarriesTheDistributionAndExactText() throws {
    let (transcripts, _) = scanAll(Fixture.path("openai-chat-edge.jsonl"))
    let cafe = try #require(transcripts.first { $0.promptID == "cafe" })
    // "Café" spans tokens 0..<3 (é is split over two tokens); " ok" is token 3.
    let message = 2
    let tokens = cafe.messages[message].tokens!
    let starts = TokenText.scalarStarts(tokens)
    let tag = ConfabModel.Tag(id: 7, transcript: cafe.id, source: cafe.source, message: message, start: starts[0], end: starts[3],
                  tokenStart: 0, tokenEnd: 3, label: "confabulation", text: "Café", created: 0)
    let (records, missing) = Exporter.records([tag], analyzer: .builtIn) { try? RecordFile.load($0, parser: JSONParser()) }
    #expect(missing.isEmpty)
    let record = try #require(records.first)
    let text = cafe.messages[message].text
    let scalars = Array(text.unicodeScalars)
    #expect(String(String.UnicodeScalarView(scalars[record.start..<record.end])) == record.text)
    #expect(record.text == "Café")
    #expect(record.tokens?.count == 3)
    #expect(record.tokens?[1].bytes == [0xC3])  // partial character: raw bytes kept
    #expect(record.tokens?[0].bytes == nil)
    #expect(record.tokens?[0].rank == 1)
    #expect(record.summary?.min_logprob == -0.5)
    // What a paper needs: the prompt, the whole message, the pressures, and what made the markers.
    #expect(record.messageText == text)
    #expect(record.prompt?.map(\.role) == cafe.messages[..<message].map(\.role.rawValue))
    #expect(record.tokens?.allSatisfy { (0...1).contains($0.hedge_pressure) } == true)
    #expect(record.analysis == ExportProvenance(analyzer: .builtIn))
    #expect(record.analysis?.lexicon.entries == Lexicon.standard.entries.count)
    #expect(record.analysis?.confab_version == Release.version)
    let json = try Exporter.render(records, format: .jsonl)
    #expect(json.contains("\"label\":\"confabulation\""))
    #expect(json.contains("\"message_text\":"))
    #expect(json.contains("\"near_miss_pressure\":0.1"))
    let prodigy = try Exporter.render(records, format: .prodigy)
    #expect(prodigy.contains("\"text\":\"Café ok\""))
    #expect(prodigy.contains("\"token_end\":3"))
    // A changed transcript (other fingerprint) is exported from the store alone.
    var moved = tag
    moved.transcript = "0000000000000000"
    let (_, gone) = Exporter.records([moved], analyzer: .builtIn) { try? RecordFile.load($0, parser: JSONParser()) }
    #expect(gone == [moved])
  }
}

/// Runs a command and returns its exit status (no output needed).
func spawn(_ arguments: [String]) -> Int32 {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: arguments[0])
  process.arguments = Array(arguments.dropFirst())
  process.standardOutput = FileHandle.nullDevice
  process.standardError = FileHandle.nullDevice
  do { try process.run() } catch { return -1 }
  process.waitUntilExit()
  return process.terminationStatus
}
