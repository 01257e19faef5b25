import ConfabIO
import ConfabModel
import ConfabServer
import Testing

@Suite struct OpenAIChatImporterTests {
  @Test func prettyPrintedDocumentLoadsAsOneRecord() throws {
    let (transcripts, problems) = scanAll(Fixture.path("openai-chat-pretty.json"))
    #expect(problems.isEmpty)
    #expect(transcripts.count == 1)
    let transcript = try #require(transcripts.first)
    #expect(transcript.source.format.rawValue == "openai-chat")
    #expect(transcript.model == "gpt-4o-mini-2024-07-18")
    let message = try #require(transcript.messages.last)
    #expect(message.role == .assistant)
    #expect(message.text == "Paris, probably.")
    let tokens = try #require(message.tokens)
    #expect(tokens.count == 4)
    // Ties share a rank: "," and "." both at -0.693, so the chosen "," is rank 1 of 2.
    #expect(tokens[1].chosenRank == 1)
    #expect(tokens[1].chosenIndex == 1)
    // " probably" is not among its alternatives.
    #expect(tokens[2].chosenRank == nil)
    #expect(tokens[3].top.isEmpty)
  }

  @Test func rawBytesRebuildTheExactTextAcrossSplitCharacters() throws {
    let (transcripts, _) = scanAll(Fixture.path("openai-chat-edge.jsonl"))
    let cafe = try #require(transcripts.first { $0.promptID == "cafe" })
    #expect(cafe.sampleIndex == 2)
    #expect(cafe.messages.map(\.role) == [.system, .user, .assistant])
    #expect(cafe.messages[1].text == "Name a drink.")
    let answer = cafe.messages[2]
    #expect(answer.text == "Café ok")
    let tokens = try #require(answer.tokens)
    #expect(tokens[1].bytes == [0xC3])
    #expect(!TokenText.isValidUTF8(tokens[1].bytes))
    #expect(TokenText.label(tokens[1].bytes) == "<c3>")
    #expect(TokenText.text(of: tokens) == "Café ok")
  }

  @Test func severalChoicesBecomeSeparateTranscriptsAndSentinelsStayRaw() throws {
    let (transcripts, _) = scanAll(Fixture.path("openai-chat-edge.jsonl"))
    let pair = transcripts.filter { $0.model == "m2" }
    #expect(pair.count == 2)
    #expect(pair.map(\.source.choice) == [0, 1])
    #expect(pair.map(\.sampleIndex) == [0, 1])
    #expect(pair[0].id != pair[1].id)
    let tokens = try #require(pair[1].messages.last?.tokens)
    #expect(tokens[0].chosenRank == nil)  // "No" is not in its top list
    #expect(tokens[1].logprob.raw == -9999)
    #expect(tokens[1].logprob.value == nil)
    #expect(tokens[1].logprob.probability == 0)
  }

  @Test func refusalTokensFormTheirOwnChannel() throws {
    let (transcripts, _) = scanAll(Fixture.path("openai-chat-edge.jsonl"))
    let refusal = try #require(transcripts.first { $0.model == "m3" })
    let channels = refusal.messages.map(\.channel)
    #expect(channels == [.refusal])
    #expect(refusal.messages[0].tokens?.count == 3)
    #expect(refusal.messages[0].text == "I'm sorry")
    
  }

  @Test func idsFindTheChosenTokenAmongDuplicateStrings() throws {
    let (transcripts, _) = scanAll(Fixture.path("openai-chat-edge.jsonl"))
    let llama = try #require(transcripts.first { $0.model == "llama" })
    let token = try #require(llama.messages.last?.tokens?.first)
    #expect(token.bytes == Array("\u{3008}".utf8))  // null bytes: falls back to the string
    #expect(token.chosenIndex == 1)
    #expect(token.chosenRank == 2)
    #expect(token.top[2].logprob.value == nil)  // FLT_LOWEST
    #expect(token.top[2].logprob.raw == -3.4028234663852886e38)
  }

  @Test func badLinesAreReportedWithPathLineAndFieldWhileTheRestLoads() throws {
    let path = Fixture.path("openai-chat-edge.jsonl")
    let (transcripts, problems) = scanAll(path)
    #expect(transcripts.count == 6)  // cafe, 2 choices, refusal, llama, plain chat
    #expect(problems.count == 2)
    #expect(problems[0].line == 4)
    #expect(problems[0].message.hasPrefix("invalid JSON"))
    #expect(problems[1].line == 5)
    #expect(problems[1].field == "choices[0].logprobs.content[0].logprob")
    #expect(problems[1].description == "\(path):5: choices[0].logprobs.content[0].logprob: logprob must be a number, found string")
  }

  @Test func plainChatHasNoTokens() throws {
    let (transcripts, _) = scanAll(Fixture.path("openai-chat-edge.jsonl"))
    let plain = try #require(transcripts.last)
    #expect(plain.source.format.rawValue == "plain-chat")
    #expect(plain.source.line == 8)
    #expect(plain.messages.allSatisfy { $0.tokens == nil })
    #expect(plain.tokenCount == 0)
  }

  @Test func loadingASourceRefFindsTheSameTranscript() throws {
    let (transcripts, _) = scanAll(Fixture.path("openai-chat-edge.jsonl"))
    for transcript in transcripts {
      let again = try RecordFile.load(transcript.source, parser: JSONParser())
      #expect(again == transcript)
    }
  }

  @Test func fingerprintIgnoresWhereTheFileLives() throws {
    let original = Fixture.path("openai-chat-pretty.json")
    let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: original)))
    let moved = try temporaryFile("renamed.json", bytes)
    #expect(scanAll(original).transcripts[0].id == scanAll(moved).transcripts[0].id)
  }
}

import Foundation
