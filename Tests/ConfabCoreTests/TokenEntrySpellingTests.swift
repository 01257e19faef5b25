import ConfabIO
import ConfabModel
import Foundation
import Testing

/// A token entry's members are read in one pass (TokenEntryParser.Fields); these lock the
/// precedence the lookups had: the first spelling in the documented order wins, wherever it
/// sits in the object, and a null `id` gives way to `tokenId`.
@Suite struct TokenEntrySpellingTests {
  func reply(_ entries: String) throws -> [Token] {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("confab-spelling-\(UUID().uuidString).jsonl").path
    defer { unlink(path) }
    let record = #"{"object":"chat.completion","model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"x"},"logprobs":{"content":["#
      + entries + "]}}]}\n"
    try record.write(toFile: path, atomically: true, encoding: .utf8)
    let (transcripts, problems) = scanAll(path)
    #expect(problems.isEmpty, "\(problems)")
    return try #require(transcripts.first?.messages.last?.tokens)
  }

  @Test func theFirstSpellingWinsWhereverItStands() throws {
    let tokens = try reply(#"""
      {"text": "B", "logProbability": -9, "logprob": -0.5, "token": "A", "top_probs": [{"token": "Z", "logprob": -3}],
       "top_logprobs": [{"token": "A", "logprob": -0.5, "tokenId": 7, "id": null}, {"text": "C", "logprob": -1}]}
      """#)
    #expect(tokens.count == 1)
    let token = tokens[0]
    #expect(token.bytes == Array("A".utf8), "token before text")
    #expect(token.logprob.value == -0.5, "logprob before logProbability")
    #expect(token.top.map(\.bytes) == [Array("A".utf8), Array("C".utf8)], "top_logprobs before top_probs")
    #expect(token.top[0].id == 7, "a null id gives way to tokenId")
    #expect(token.chosenIndex == 0)
  }

  @Test func bytesBeatTextAndProbabilitiesBecomeLogs() throws {
    let tokens = try reply(#"""
      {"token": "?", "bytes": [195], "prob": 0.25, "special": true, "top_logprobs": null},
      {"token": "ok", "bytes": [], "logprob": null}
      """#)
    #expect(tokens[0].bytes == [0xC3])
    #expect(abs((tokens[0].logprob.value ?? 0) - log(0.25)) < 1e-12)
    #expect(tokens[0].special)
    #expect(tokens[0].top.isEmpty)
    #expect(tokens[1].bytes == Array("ok".utf8), "empty bytes fall back to the token")
    #expect(tokens[1].logprob.value == nil)
  }

  @Test func aBadAlternativeNamesItsPlace() throws {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("confab-spelling-\(UUID().uuidString).jsonl").path
    defer { unlink(path) }
    let record = #"{"object":"chat.completion","model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"x"},"logprobs":{"content":[{"token":"x","logprob":-1,"top_logprobs":[{"token":"x","logprob":-1},{"token":5,"logprob":-2}]}]}}]}"#
    try (record + "\n").write(toFile: path, atomically: true, encoding: .utf8)
    let (_, problems) = scanAll(path)
    #expect(problems.map(\.description).contains { $0.contains("content[0].top_logprobs[1].token") && $0.contains("token must be a string") },
            "\(problems)")
  }
}
