import ConfabIO
import ConfabModel
import ConfabServer
import Foundation
import Testing

/// A branch before any server: which alternative, what the branch holds, what it says of its
/// parent, and that the confab format keeps it.
@Suite struct BranchPlanTests {
  static func token(_ text: String, _ p: Double, id: Int, top: [(String, Double, Int)]) -> Token {
    Token(bytes: Array(text.utf8), logprob: Logprob(probability: p), id: id,
          top: top.map { Alternative(bytes: Array($0.0.utf8), logprob: Logprob(probability: $0.1), id: $0.2) },
          chosenIndex: top.firstIndex { $0.0 == text })
  }

  static var parent: Transcript {
    let tokens = [token("The", 0.9, id: 1, top: [("The", 0.9, 1)]),
                  token(" Sydney", 0.6, id: 2, top: [(" Sydney", 0.6, 2), (" Canberra", 0.3, 3)]),
                  token(".", 0.9, id: 4, top: [(".", 0.9, 4)])]
    return Transcript(
      id: "p1", source: SourceRef(path: "f.jsonl", line: 3, byteOffset: 0, byteLength: 1, choice: 0, format: .confab),
      model: "m", promptID: "cap", sampleIndex: 2, params: #"{"api":"openai-chat","temperature":0.7,"top_k":0,"seed":1002,"max_tokens":40}"#,
      messages: [Message(role: .user, text: "Capital?"), Message(role: .assistant, text: "The Sydney.", tokens: tokens)])
  }

  @Test func aBranchKeepsThePrefixPutsTheAlternativeAndGoesOn() throws {
    let plan = try BranchPlan(parent: Self.parent, position: 1, token: " Canberra", tokenID: nil)
    #expect(plan.alternative == 1)
    #expect(plan.settings.temperature == 0.7 && plan.settings.seed == 1002 && plan.settings.maxTokens == 40)
    let new = [Self.token(".", 0.8, id: 4, top: [(".", 0.8, 4)])]
    let branch = plan.transcript(new: new, params: "{}", sample: 0, seed: 7)
    let reply = try #require(branch.messages.last)
    #expect(reply.text == "The Canberra.")
    #expect(reply.tokens?.map(\.id) == [1, 3, 4])
    #expect(reply.tokens?[1].top.count == 2, "the distribution at the fork is kept")
    #expect(reply.tokens?[1].chosenIndex == 1)
    #expect(abs((reply.tokens?[1].logprob.probability ?? 0) - 0.3) < 1e-12)
    #expect(branch.promptID == "cap" && branch.model == "m", "it groups with its parent's prompt")
    // The confab format keeps the branch object through a write and a read.
    let line = ConfabWriter.line(branch)
    let json = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    let info = try #require(json["branch"] as? [String: Any])
    #expect(info["parent"] as? String == "p1" && info["token_index"] as? Int == 1 && info["token"] as? String == " Canberra")
    #expect((info["parent_source"] as? [String: Any])?["line"] as? Int == 3)
    let source = SourceRef(path: "b.jsonl", line: 1, byteOffset: 0, byteLength: line.utf8.count, choice: 0, format: .confab)
    let back = try JSONParser().parse(Array(line.utf8)) { root throws(RecordError) in try Importers.transcripts(from: root, source: source) }
    #expect(back.first?.branch == branch.branch)
  }

  @Test func theTokenMustBeListedThereAndThePositionInRange() {
    #expect(throws: BranchError.self) { try BranchPlan(parent: Self.parent, position: 1, token: " Perth", tokenID: nil) }
    #expect(throws: BranchError.self) { try BranchPlan(parent: Self.parent, position: 9, token: " Canberra", tokenID: nil) }
    #expect((try? BranchPlan(parent: Self.parent, position: 1, token: nil, tokenID: 3))?.alternative == 1, "by id")
    do {
      _ = try BranchPlan(parent: Self.parent, position: 1, token: " Perth", tokenID: nil)
    } catch {
      #expect(error.description.contains("listed there: \" Sydney\" (id 2) p 0.600, \" Canberra\" (id 3) p 0.300"), "\(error)")
    }
  }
}
