import ConfabIO
import ConfabModel
import ConfabServer
import Foundation
import Testing

/// Every format on a fixture of our own in its real shape (Fixtures/formats, make_fixtures.py).
@Suite struct FormatsTests {
  static func load(_ name: String) -> (transcripts: [Transcript], problems: [ImportProblem]) {
    scanAll(Fixture.path("formats/" + name))
  }

  static func assistant(_ transcript: Transcript) -> Message? {
    transcript.messages.last { $0.role == .assistant && $0.channel == .content }
  }

  @Test func openAIChatStreamMergesInterleavedChoices() throws {
    let (transcripts, problems) = Self.load("openai-chat-stream.sse")
    #expect(problems.isEmpty)
    #expect(transcripts.map(\.source.format.rawValue) == ["openai-chat-stream", "openai-chat-stream"])
    #expect(transcripts.map { Self.assistant($0)?.text } == ["Yes, probably.", "No."])
    #expect(transcripts.map(\.sampleIndex) == [0, 1])
    #expect(Self.assistant(transcripts[0])?.tokens?.count == 4)
    #expect(Self.assistant(transcripts[1])?.tokens?.first?.chosenRank == 2)
  }

  @Test func legacyCompletionsKeepEchoedPromptApartAndRankDictAlternatives() throws {
    let transcript = try #require(Self.load("openai-completions-echo.json").transcripts.first)
    #expect(transcript.source.format.rawValue == "openai-completions")
    #expect(transcript.messages.map(\.channel) == [.prompt, .content])
    #expect(transcript.messages[0].text == "The sky is")
    #expect(transcript.messages[0].tokens?.first?.logprob.raw == nil)
    let blue = try #require(transcript.messages[1].tokens?.first)
    #expect(blue.bytes == Array(" blue".utf8))
    #expect(blue.top.map { String(decoding: $0.bytes, as: UTF8.self) } == [" grey", " blue"])
    #expect(blue.chosenRank == 2)
  }

  @Test func responsesConcatenateOutputTextParts() throws {
    let transcript = try #require(Self.load("openai-responses.json").transcripts.first)
    #expect(Self.assistant(transcript)?.text == "Paris indeed.")
    #expect(Self.assistant(transcript)?.tokens?.count == 3)
    let stream = try #require(Self.load("openai-responses-stream.sse").transcripts.first)
    #expect(stream.source.format.rawValue == "openai-responses-stream")
    #expect(Self.assistant(stream)?.text == "Hi there")
    #expect(Self.assistant(stream)?.tokens?.first?.top.count == 2)
  }

  @Test func llamaCppShapes() throws {
    let new = try #require(Self.load("llamacpp-new.json").transcripts.first)
    let tokens = try #require(Self.assistant(new)?.tokens)
    #expect(Self.assistant(new)?.text == " 東京")
    #expect(tokens[1].bytes == Array("東".utf8))  // the merged entry keeps the whole character
    #expect(tokens[1].chosenIndex == 0)  // found by id, not by text ("\u{FFFD}" twice)
    #expect(tokens[1].top[2].logprob.value == nil)  // FLT_LOWEST
    #expect(new.messages.first?.text == "Capital of Japan?")
    let post = try #require(Self.load("llamacpp-post.json").transcripts.first)
    #expect(abs((Self.assistant(post)?.tokens?.first?.logprob.value ?? 0) - log(0.75)) < 1e-12)
    let old = try #require(Self.load("llamacpp-old.json").transcripts.first)
    let be = try #require(Self.assistant(old)?.tokens?.last)
    #expect(abs((be.logprob.value ?? 0) - log(0.3)) < 1e-12)  // from its own list entry
    #expect(be.chosenRank == 2)
    let stream = try #require(Self.load("llamacpp-stream.sse").transcripts.first)
    #expect(Self.assistant(stream)?.text == "AB")
    #expect(stream.model == "smol")
  }

  /// llama-server leaves completion_probabilities out when no token was kept (a stop string
  /// met at once): a sample of zero tokens, not an unknown record. Text without the list is
  /// text without per-token data.
  @Test func llamaCppWithoutProbabilities() throws {
    func reply(_ json: String) throws -> Message? {
      let source = SourceRef(path: "server", line: 1, byteOffset: 0, byteLength: json.utf8.count, choice: 0, format: .undetected)
      return try JSONParser().parse(Array(json.utf8)) { root throws(RecordError) in
        try Importers.transcripts(from: root, source: source).first.flatMap(Self.assistant)
      }
    }
    // What record gets back when the model's first tokens are the stop string.
    let empty = try #require(try reply(#"{"index":0,"content":"","tokens":[],"id_slot":0,"stop":true,"model":"gemma","tokens_predicted":2,"stop_type":"word","stopping_word":"\n\n"}"#))
    #expect(empty.tokens?.isEmpty == true)
    #expect(empty.text == "")
    let plain = try #require(try reply(#"{"index":0,"content":"Tokyo","id_slot":0,"stop":true,"model":"gemma","tokens_predicted":2}"#))
    #expect(plain.text == "Tokyo")
    #expect(plain.tokens == nil)
  }

  @Test func vllmPromptLogprobsAndSentinels() throws {
    let transcript = try #require(Self.load("vllm-chat.json").transcripts.first)
    #expect(transcript.messages.map(\.channel) == [.prompt, .content])
    let prompt = try #require(transcript.messages[0].tokens)
    #expect(prompt.count == 3)
    #expect(prompt[0].bytes.isEmpty && prompt[0].logprob.raw == nil)
    #expect(prompt[1].bytes == Array(" capital".utf8))
    #expect(prompt[1].id == 100)
    #expect(prompt[1].chosenRank == 2)
    let first = try #require(Self.assistant(transcript)?.tokens?.first)
    #expect(first.bytes == Array("token_id:42".utf8))
    #expect(first.logprob.raw == -9999 && first.logprob.value == nil)
  }

  @Test func tgiPrefillSpecialTokensAndBestOf() throws {
    let (transcripts, _) = Self.load("tgi-generate.json")
    #expect(transcripts.count == 2)
    #expect(transcripts[0].messages[0].channel == .prompt)
    #expect(transcripts[0].messages[0].tokens?.first?.logprob.raw == nil)
    let tokens = try #require(Self.assistant(transcripts[0])?.tokens)
    #expect(tokens.last?.special == true)
    #expect(tokens.first?.top.count == 2)
    #expect(Self.assistant(transcripts[1])?.text == " Lyon")
    let stream = try #require(Self.load("tgi-stream.sse").transcripts.first)
    #expect(Self.assistant(stream)?.tokens?.count == 2)
  }

  @Test func ollamaThinkingIsItsOwnChannelAndStreamsMerge() throws {
    let chat = try #require(Self.load("ollama-chat.json").transcripts.first)
    #expect(chat.messages.map(\.channel) == [.reasoning, .content])
    #expect(chat.messages.map(\.text) == ["Hmm.", "Ten."])
    #expect(chat.messages[0].tokens?.first?.top.isEmpty == true)  // top_logprobs absent
    let (streamed, problems) = Self.load("ollama-generate-stream.ndjson")
    #expect(problems.isEmpty)
    #expect(streamed.count == 1)
    #expect(streamed.first?.source.format.rawValue == "ollama-stream")
    #expect(Self.assistant(streamed[0])?.text == "4")
  }

  @Test func geminiChosenOutsideTopAndSentinels() throws {
    let transcript = try #require(Self.load("gemini.json").transcripts.first)
    let tokens = try #require(Self.assistant(transcript)?.tokens)
    #expect(tokens.map { String(decoding: $0.bytes, as: UTF8.self) } == ["tool", "_", "code"])
    #expect(tokens[1].chosenRank == nil)
    #expect(tokens[1].top[1].logprob.value == nil)  // -1.27e30
    #expect(tokens[2].logprob.raw == -0.5)  // missing logProbability: taken from its own top entry
    #expect(tokens[0].logprob.value == 0)
  }

  @Test func inspectLogsResolveAttachmentsAndAcceptNaN() throws {
    let (transcripts, problems) = Self.load("inspect-log.json")
    #expect(problems.isEmpty)
    let transcript = try #require(transcripts.first)
    #expect(transcript.promptID == "7")
    #expect(transcript.sampleIndex == 2)
    #expect(transcript.messages.map(\.role) == [.system, .user, .assistant])
    #expect(transcript.messages[0].text == "A long system prompt.")
    #expect(Self.assistant(transcript)?.tokens?.count == 2)
  }

  @Test func inspectEvalZipsListLazilyAndLoadZstdAndDeflateEntries() throws {
    let path = Fixture.path("formats/inspect.eval")
    var listed: [TranscriptSummary] = []
    RecordFile.scan(path: path, parser: JSONParser(), lazy: true) { outcome in
      if case .summaries(let found) = outcome { listed += found }
      return true
    }
    #expect(listed.map(\.title) == ["7_epoch_2", "8_epoch_1"])
    #expect(listed.allSatisfy { $0.figures.tokens == 0 })
    let loaded = try listed.map { try RecordFile.load($0.source, parser: JSONParser()) }
    #expect(loaded.map(\.promptID) == ["7", "8"])
    #expect(loaded.map(\.model) == ["m-inspect", "m-inspect"])
    #expect(loaded.allSatisfy { Self.assistant($0)?.tokens?.count == 2 })
    #expect(Self.load("inspect.eval").transcripts.count == 2)
  }

  @Test func gzipReadsAsAStreamAndRecordsLoadBack() throws {
    let (transcripts, problems) = Self.load("openai-chat.jsonl.gz")
    #expect(problems.isEmpty)
    #expect(transcripts.map(\.promptID) == ["p0", "p1", "p2"])
    #expect(try RecordFile.load(transcripts[2].source, parser: JSONParser()) == transcripts[2])
  }

  @Test func everyFixtureLoadsBackFromItsSourceRef() throws {
    let names = try FileManager.default.contentsOfDirectory(atPath: Fixture.path("formats")).filter { !$0.hasSuffix(".py") }
    for name in names.sorted() {
      for transcript in Self.load(name).transcripts {
        let again = try RecordFile.load(transcript.source, parser: JSONParser())
        #expect(again == transcript, "\(name): \(again.source) vs \(transcript.source)")
      }
    }
  }

  @Test func confabFormatRoundTripsLosslesslyAndIsCompact() throws {
    let names = try FileManager.default.contentsOfDirectory(atPath: Fixture.path("formats")).filter { !$0.hasSuffix(".py") }
    var originals: [Transcript] = []
    for name in names.sorted() { originals += Self.load(name).transcripts }
    originals += scanAll(Fixture.path("openai-chat-edge.jsonl")).transcripts
    let text = originals.map(ConfabWriter.line).joined(separator: "\n") + "\n"
    let path = try temporaryFile("converted.jsonl", text)
    let (back, problems) = scanAll(path)
    #expect(problems.isEmpty)
    #expect(back.count == originals.count)
    for (original, copy) in zip(originals, back) {
      #expect(copy.id == original.id)
      #expect(copy.messages == original.messages)
      #expect(copy.model == original.model && copy.promptID == original.promptID && copy.sampleIndex == original.sampleIndex)
      #expect(copy.source.formatLabel == "confab:" + original.source.format.rawValue)
    }
  }
}
