import ConfabIO
import ConfabModel
import Foundation
import Testing

/// Detection: every importer claims each fixture record (none / weak / strong) from the record
/// alone, and exactly one makes a strong claim: the format the fixture is in. Plain chat is the
/// fallback shape: it only ever claims weakly, and wins only when nothing claims strongly.
@Suite struct FormatClaimTests {
  /// Fixture records (whole documents, or every line of a JSONL file) and the format each is.
  static let fixtures: [(file: String, format: String)] = [
    ("formats/gemini.json", "gemini"),
    ("formats/inspect-log.json", "inspect-log"),
    ("formats/llamacpp-new.json", "llamacpp-completion"),
    ("formats/llamacpp-old.json", "llamacpp-completion"),
    ("formats/llamacpp-post.json", "llamacpp-completion"),
    ("formats/ollama-chat.json", "ollama"),
    ("formats/openai-completions-echo.json", "openai-completions"),
    ("formats/openai-responses.json", "openai-responses"),
    ("formats/tgi-generate.json", "tgi-generate"),
    ("formats/vllm-chat.json", "openai-chat"),
    ("formats/vllm-offline.jsonl", "vllm-offline"),
    ("formats/sglang-generate.json", "sglang"),
    ("formats/together-chat.json", "openai-chat"),
    ("formats/fireworks-chat.json", "openai-chat"),
    ("formats/helm-scenario-state.json", "helm"),
    ("formats/mlx-chat.json", "mlx"),
    ("formats/mlx-completion.json", "mlx"),
    ("formats/rollout-viz.jsonl", "rollout-viz"),
    ("formats/inspect-prompt-logprobs.json", "inspect-log"),
    ("openai-chat-pretty.json", "openai-chat"),
    ("openai-chat-edge.jsonl", "openai-chat"),
  ]

  /// Shapes written here: our own JSONL, a plain chat, and records that carry two formats' keys.
  static let inline: [(record: String, format: String)] = [
    (#"{"confab":1,"id":"x","messages":[]}"#, "confab"),
    (#"{"confab":1.5,"messages":[{"role":"user","content":"hi"}]}"#, "confab"),
    (#"{"messages":[{"role":"user","content":"hi"}],"choices":[{"message":{"role":"assistant","content":"x"}}]}"#, "openai-chat"),
    (#"{"choices":[{"text":"x","logprobs":{"tokens":["x"],"token_logprobs":[-0.1]}}]}"#, "openai-completions"),
    (#"{"choices":[{"index":0,"message":{"content":"x"}}],"completion_probabilities":[]}"#, "openai-chat"),
    (#"{"model":"m","message":{"role":"assistant","content":"x"},"done":true}"#, "ollama"),
    (#"{"eval":{"task":"t"},"samples":[]}"#, "inspect-log"),
  ]

  @Test func aPlainChatIsTheWeakFallback() throws {
    let record = Array(#"{"messages":[{"role":"user","content":"hi"},{"role":"assistant","content":"hello"}]}"#.utf8)
    let (strong, chosen) = try Self.strongClaims(record)
    #expect(strong.isEmpty)
    #expect(chosen == "plain-chat")
  }

  /// Lines of a fixture in another format than the file's (the edge file ends with a plain chat).
  static let exceptions: [String: [Int: String]] = ["openai-chat-edge.jsonl": [8: "plain-chat"]]

  /// (line, bytes) for each record.
  static func records(_ file: String) throws -> [(line: Int, bytes: [UInt8])] {
    let data = try Data(contentsOf: URL(fileURLWithPath: Fixture.path(file)))
    guard file.hasSuffix(".jsonl") else { return [(1, Array(data))] }
    return data.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated().filter { !$0.element.isEmpty }
      .map { ($0.offset + 1, Array($0.element)) }
  }

  static func strongClaims(_ record: [UInt8]) throws -> (strong: [String], chosen: String?) {
    try JSONParser().parse(record) { whole in
      // A root list (a batch of responses) is claimed element by element: its first here.
      let root = whole.kind == .array ? (whole.elements.first ?? whole) : whole
      let claims = Importers.claims(root)
      return (claims.filter { $0.claim == .strong }.map(\.importer.name), try? Importers.importer(for: root).name)
    }
  }

  @Test(arguments: fixtures)
  func exactlyOneStrongClaimPerFixture(_ fixture: (file: String, format: String)) throws {
    let records = try Self.records(fixture.file)
    #expect(!records.isEmpty)
    // The edge fixture holds deliberately broken lines too; those are the bad-input tests'.
    let parsed = records.compactMap { record in (try? Self.strongClaims(record.bytes)).map { (record.line, $0) } }
    #expect(!parsed.isEmpty)
    for (line, (strong, chosen)) in parsed {
      let expected = Self.exceptions[fixture.file]?[line] ?? fixture.format
      #expect(strong == (expected == "plain-chat" ? [] : [expected]), "\(fixture.file):\(line): strong claims \(strong)")
      #expect(chosen == expected, "\(fixture.file):\(line)")
    }
  }

  @Test(arguments: inline)
  func recordsCarryingSeveralFormatsKeysGoToOne(_ example: (record: String, format: String)) throws {
    let (strong, chosen) = try Self.strongClaims(Array(example.record.utf8))
    #expect(strong == [example.format], "\(example.record): strong claims \(strong)")
    #expect(chosen == example.format)
  }

  @Test func theSamplesAreClaimedByConfabAlone() throws {
    let data = try Data(contentsOf: URL(fileURLWithPath: Fixture.directory.path + "/../../Fixtures/recorded/smollm2-135m-instruct.jsonl"))
    for line in data.split(separator: 0x0A) {
      #expect(try Self.strongClaims(Array(line)).strong == ["confab"])
    }
  }

  @Test func aWrongTypeInOurFormatIsAProblemNotAnEmptyTranscript() throws {
    let record = Array(#"{"confab":1.5,"messages":[{"role":"user","content":"hi"}]}"#.utf8)
    let source = SourceRef(path: "t.jsonl", line: 1, byteOffset: 0, byteLength: record.count, choice: 0, format: .undetected)
    #expect(throws: RecordError.self) {
      try JSONParser().parse(record) { root in try Importers.transcripts(from: root, source: source) }
    }
  }

  @Test func nothingClaimingIsAClearError() throws {
    let record = Array(#"{"hello":1}"#.utf8)
    let source = SourceRef(path: "t.jsonl", line: 1, byteOffset: 0, byteLength: record.count, choice: 0, format: .undetected)
    do {
      _ = try JSONParser().parse(record) { root in try Importers.transcripts(from: root, source: source) }
      Issue.record("expected an error")
    } catch let error as RecordError {
      #expect("\(error)".contains("no known format matches this record (top-level: hello)"))
    }
  }
}
