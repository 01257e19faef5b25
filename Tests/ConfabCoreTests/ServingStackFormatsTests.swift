@testable import ConfabIO
import ConfabModel
import Foundation
import Testing

/// The formats of serving stacks and eval harnesses beyond the OpenAI family, each on a fixture
/// of our own in the shape its source writes (make_fixtures.py, sections 17-22).
@Suite struct ServingStackFormatsTests {
  static func load(_ name: String) -> (transcripts: [Transcript], problems: [ImportProblem]) { FormatsTests.load(name) }
  static func reply(_ transcript: Transcript) -> [Token] { FormatsTests.assistant(transcript)?.tokens ?? [] }
  static func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

  @Test func vllmOfflineKeepsTrueRanksAndThePromptAsScored() throws {
    let (transcripts, problems) = Self.load("vllm-offline.jsonl")
    #expect(problems.isEmpty)
    #expect(transcripts.map(\.source.format) == [.vllmOffline, .vllmOffline, .vllmOffline])
    #expect(transcripts.map(\.sampleIndex) == [0, 1, nil])
    let first = Self.reply(transcripts[0])
    // The sampled " " has vocabulary rank 137: listed only because vLLM adds the sampled token.
    #expect(first[0].vocabRank == 137)
    #expect(Self.text(first[0].bytes) == " ")
    #expect(first[0].top.map { Self.text($0.bytes) } == [" Tokyo", " It", " "])
    #expect(first[0].chosenIndex == 2)
    #expect(TokenStats(token: first[0]).vocabRank == 137)
    #expect(Self.text(first[1].bytes) == "東京")
    #expect(first[1].top[1].logprob.value == nil)  // -9999.0
    let prompt = try #require(transcripts[0].messages.first)
    #expect(prompt.channel == .prompt)
    #expect(prompt.tokens?.first?.textKnown == false && prompt.tokens?.first?.id == 1)  // the unscored first token
    #expect(prompt.tokens?[1].vocabRank == 812)
    #expect(prompt.text == " Capital?")
  }

  @Test func vllmFlatLogprobsDeduplicateAndShowIdsWithoutText() throws {
    let flat = try #require(Self.load("vllm-offline.jsonl").transcripts.last)
    let tokens = Self.reply(flat)
    #expect(tokens.count == 2)
    #expect(tokens[0].top.map(\.id) == [52, 53])  // the sampled 52 appears twice in the columns
    #expect(tokens[0].textKnown == false && tokens[0].id == 52 && tokens[0].chosenIndex == 0)
    #expect(TokenText.quoted(tokens[0]) == "⟨#52⟩")
    #expect(FormatsTests.assistant(flat)?.text == "")
  }

  @Test func sglangReadsTriplesBatchesAndNullTexts() throws {
    let (transcripts, problems) = Self.load("sglang-generate.json")
    #expect(problems.isEmpty)
    #expect(transcripts.count == 2)
    #expect(transcripts.map(\.source.format) == [.sglang, .sglang])
    let paris = Self.reply(transcripts[0])
    #expect(FormatsTests.assistant(transcripts[0])?.text == " Paris.")
    #expect(paris[0].id == 3 && paris[0].chosenIndex == 0)
    #expect(paris[0].top[2].logprob.value == nil)  // the clamped -inf
    let prompt = try #require(transcripts[0].messages.first)
    #expect(prompt.channel == .prompt)
    #expect(prompt.tokens?.first?.logprob.raw == nil && prompt.tokens?.first?.textKnown == false)
    #expect(prompt.tokens?[1].chosenRank == 2)
    let lyon = Self.reply(transcripts[1])
    #expect(lyon.count == 1 && lyon[0].textKnown == false && lyon[0].chosenIndex == 1)
    #expect(transcripts[0].id != transcripts[1].id)
  }

  @Test func togetherAndFireworksChatsReadTheirLogprobs() throws {
    let together = try #require(Self.load("together-chat.json").transcripts.first)
    #expect(together.messages.map(\.channel) == [.prompt, .content])
    #expect(together.messages[0].tokens?.count == 4)
    let tokens = Self.reply(together)
    #expect(FormatsTests.assistant(together)?.text == "Yes, probably.")
    #expect(tokens.map(\.id) == [10, 11, 12, 13])
    #expect(tokens[2].chosenRank == 2)
    let fireworks = try #require(Self.load("fireworks-chat.json").transcripts.first)
    let ja = try #require(Self.reply(fireworks).first)
    #expect(ja.id == 55 && ja.chosenIndex == 1)  // found by token_id
  }

  @Test func helmReadsCompletionsOldAndNewAndEchoedPrompts() throws {
    let (transcripts, problems) = Self.load("helm-scenario-state.json")
    #expect(problems.isEmpty)
    #expect(transcripts.map(\.promptID) == ["id12", "id12", "id13", "id14"])
    #expect(transcripts.map(\.sampleIndex) == [0, 1, nil, nil])
    #expect(Self.reply(transcripts[1]).first?.chosenRank == 2)
    #expect(Self.reply(transcripts[2]).allSatisfy { $0.top.isEmpty })  // releases since 2024 keep no top_logprobs
    #expect(transcripts[3].messages.map(\.channel) == [.prompt, .content])
    #expect(FormatsTests.assistant(transcripts[3])?.text == " there")
    #expect(transcripts[0].params?.contains("\"temperature\":0.7") == true)
  }

  @Test func mlxPiecesDecodeAndTheSampledTokenIsFoundByTheText() throws {
    let chat = try #require(Self.load("mlx-chat.json").transcripts.first)
    #expect(chat.source.format == .mlx)
    let tokens = Self.reply(chat)
    #expect(tokens.map { Self.text($0.bytes) } == ["Oui", ",", "\n", "café", "<|im_end|>"])
    // The outer fields name "Non" and "." but the reply says "Oui,".
    #expect(tokens[0].id == 8 && abs((tokens[0].logprob.value ?? 0) + 0.4) < 1e-9)
    #expect(tokens[1].chosenRank == 2)
    #expect(tokens[4].special)
    #expect(FormatsTests.assistant(chat)?.text == "Oui,\ncafé")
    let completion = try #require(Self.load("mlx-completion.json").transcripts.first)
    #expect(Self.reply(completion).map(\.id) == [3869])
    #expect(Self.reply(completion).first?.textKnown == false)
  }

  @Test func byteLevelAndSentencePiecePiecesDecode() {
    #expect(BPEPieces.scheme(of: [Array("ĠThe".utf8)]) == .byteLevel)
    #expect(BPEPieces.decode(Array("ĠThe".utf8), .byteLevel) == Array(" The".utf8))
    #expect(BPEPieces.decode(Array("Ċ".utf8), .byteLevel) == [0x0A])
    #expect(BPEPieces.scheme(of: [Array("▁Paris".utf8)]) == .sentencePiece)
    #expect(BPEPieces.decode(Array("▁Paris".utf8), .sentencePiece) == Array(" Paris".utf8))
    #expect(BPEPieces.decode(Array("<0x0A>".utf8), .sentencePiece) == [0x0A])
  }

  /// The likelier alternative fits first but leads nowhere: the search backs up.
  @Test func alignmentBacktracksWhenTheLikelierPieceLeadsNowhere() {
    let lists: [[Alternative]] = [
      [Alternative(bytes: Array("ab".utf8), logprob: Logprob(raw: -0.1)), Alternative(bytes: Array("a".utf8), logprob: Logprob(raw: -1))],
      [Alternative(bytes: Array("bc".utf8), logprob: Logprob(raw: -0.1))],
    ]
    #expect(TextAlignment.choose(lists, spelling: Array("abc".utf8)) == [1, 0])
    #expect(TextAlignment.choose(lists, spelling: Array("xyz".utf8)) == [nil, nil])
  }

  @Test func badShapesNameTheirField() throws {
    let cases: [(String, String)] = [
      (#"{"outputs":[{"text":"x","token_ids":[1],"logprobs":[{"2":{"logprob":-1,"rank":1}}]}]}"#, "outputs[0].logprobs[0]"),
      (#"{"outputs":[{"text":"x","token_ids":[1],"logprobs":{"start_indices":[0],"end_indices":[5],"token_ids":[1],"logprobs":[-1]}}]}"#, "outputs[0].logprobs.start_indices"),
      (#"{"text":"x","meta_info":{"output_token_logprobs":[["a",1,"x"]]}}"#, "meta_info.output_token_logprobs[0]"),
      (#"{"request_states":[{"request":{"prompt":"p"},"result":{"completions":[{"text":"x","tokens":[{"logprob":-1}]}]}}]}"#, "request_states[0].result.completions[0].tokens[0]"),
      (#"{"tokens":["a","b"],"next_tokens":[{"b":"x"}],"metrics":{}}"#, "next_tokens[0]"),
      (#"{"tokens":["a","b"],"metrics":{},"annotations":[{"start":1,"end":9,"label":"x"}]}"#, "annotations[0]"),
      (#"{"choices":[{"message":{"content":"x"},"logprobs":{"tokens":[5],"token_logprobs":[-1]}}]}"#, "choices[0].logprobs.tokens[0]"),
      (#"{"object":"chat.completion","system_fingerprint":"0.29.0-0.3.0","choices":[{"message":{"content":"x"},"logprobs":{"content":[{"id":"z","token":"x","logprob":-1,"top_logprobs":[{"id":1,"token":"x","logprob":"bad"}]}]}}]}"#,
       "choices[0].logprobs.content[0].top_logprobs[0].logprob"),
      (#"{"eval":{"model":"m"},"status":"success","samples":[{"id":1,"output":{"choices":[{"message":{"content":"x"},"prompt_logprobs":{"content":[{"token":"a","logprob":"no"}]}}]}}]}"#,
       "samples[0].output.choices[0].prompt_logprobs.content[0].logprob"),
    ]
    for (record, field) in cases {
      let path = try temporaryFile("bad.json", record)
      let (transcripts, problems) = scanAll(path)
      #expect(transcripts.isEmpty, "\(record)")
      #expect(problems.first?.field == field, "\(record): \(problems.map(\.description))")
    }
  }

  @Test func rolloutVizShiftsNextTokensOntoTheTokenTheyPredictAndKeepsAnnotations() throws {
    let (transcripts, problems) = Self.load("rollout-viz.jsonl")
    #expect(problems.isEmpty)
    #expect(transcripts.map(\.source.format) == [.rolloutViz, .rolloutViz])
    let tokens = Self.reply(transcripts[0])
    #expect(tokens[0].top.isEmpty && tokens[0].logprob.value == nil)
    // " 42" was sampled at 0.2 with " 41" at 0.7: the distribution listed after " is".
    #expect(abs(tokens[3].logprob.probability - 0.2) < 1e-12)
    #expect(tokens[3].chosenRank == 2)
    #expect(transcripts[0].annotations.map(\.label) == ["near-miss", "setup"])
    let tags = transcripts[0].annotationTags
    #expect(tags.map(\.text) == [" 42", "The answer"])
    #expect(tags.allSatisfy { $0.id < 0 })
    // Logits on the second line: renormalized over the listed tokens.
    let va = Self.reply(transcripts[1])[1]
    #expect(abs(va.logprob.probability - 1 / (1 + exp(-1.5))) < 1e-9)
    // The annotations survive confab JSONL.
    let path = try temporaryFile("annotated.jsonl", ConfabWriter.line(transcripts[0]) + "\n")
    #expect(scanAll(path).transcripts.first?.annotations == transcripts[0].annotations)
  }

  @Test func tagsExportAsRolloutVizLinesItsAppReads() throws {
    let transcript = try #require(Self.load("rollout-viz.jsonl").transcripts.first)
    let tag = Tag(transcript: transcript.id, source: transcript.source, message: 0, start: 4, end: 14, tokenStart: 1, tokenEnd: 3,
                  label: "claim", text: " answer is", created: 0)
    let (text, missing) = RolloutVizWriter.lines([tag]) { _ in transcript }
    #expect(missing.isEmpty)
    let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    #expect(object["tokens"] as? [String] == ["The", " answer", " is", " 42", "."])
    let next = try #require(object["next_tokens"] as? [[String: Double]])
    #expect(next.count == 5 && next[2][" 41"] == 0.7 && next[4].isEmpty)
    let annotations = try #require(object["annotations"] as? [[String: Any]])
    #expect(annotations.map { $0["label"] as? String } == ["near-miss", "setup", "claim"])
    #expect(annotations.last?["start"] as? Int == 1 && annotations.last?["end"] as? Int == 3)
    let metrics = try #require(object["metrics"] as? [String: [Double]])
    #expect(metrics["probability"]?.count == 5)
    // And it reads back as the same tokens and distributions.
    let back = try #require(scanAll(try temporaryFile("viz.jsonl", text)).transcripts.first)
    for (a, b) in zip(Self.reply(back), Self.reply(transcript)) {
      #expect(a.top.map(\.bytes) == b.top.map(\.bytes))
      #expect(zip(a.top, b.top).allSatisfy { abs($0.logprob.probability - $1.logprob.probability) < 1e-12 })
    }
  }
}
