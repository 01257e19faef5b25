import Foundation
import Testing

/// `confab rescore` against the real llama.cpp server serving SmolLM2-135M-Instruct: under
/// the model that sampled them, chat-frame rescores reproduce the recorded logprobs exactly.
@Suite(.enabled(if: LlamaServer.available, "needs the llama.cpp server: scripts/llama-server.sh (make test runs it)"), .serialized)
struct RescoreE2ETests {
  static func logprobs(_ record: [String: Any]) -> [Double?] {
    let tokens = (record["messages"] as? [[String: Any]])?.last?["tokens"] as? [[Any]] ?? []
    return tokens.map { $0.count > 1 ? ($0[1] as? Double) : nil }
  }

  @Test func chatRescoresReproduceTheRecordedLogprobsAndOtherFramesDiffer() throws {
    let server = try LlamaServer()
    let dir = try RecordE2ETests.workspace()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    // capital-australia #1 (39 tokens) and strawberry-r #1 (12): short, so the test is quick.
    let parents = BranchE2ETests.lines(BranchE2ETests.parentFile).filter {
      ($0["prompt_id"] as? String == "capital-australia" || $0["prompt_id"] as? String == "strawberry-r") && $0["sample"] as? Int == 1
    }
    #expect(parents.count == 2)
    for parent in parents {
      let id = try #require(parent["id"] as? String)
      let result = spawnAndWait([Tmux.confab, "rescore", "--server", server.url, BranchE2ETests.parentFile, "--transcript", id,
                                 "-o", dir + "/chat.jsonl"])
      #expect(result.status == 0, "\(result.output)")
      #expect(result.output.contains("positions/s"))
    }
    let chat = BranchE2ETests.lines(dir + "/chat.jsonl")
    #expect(chat.count == 2)
    for rescored in chat {
      let info = try #require(rescored["rescore"] as? [String: Any])
      let parent = try #require(parents.first { $0["id"] as? String == info["parent"] as? String })
      #expect(info["frame"] as? String == "chat" && info["same_tokens"] as? Bool == true)
      let recorded = Self.logprobs(parent)
      let again = Self.logprobs(rescored)
      #expect(recorded.count == again.count)
      let worst = zip(recorded, again).map { abs(($0 ?? 0) - ($1 ?? 0)) }.max() ?? 1
      #expect(worst < 1e-6, "recorded logprobs reproduce exactly (worst |Δ| \(worst))")
    }
    // The document frame scores the same text without the chat template: other figures.
    let id = try #require(parents.first?["id"] as? String)
    let document = spawnAndWait([Tmux.confab, "rescore", "--server", server.url, BranchE2ETests.parentFile, "--transcript", id,
                                 "--frame", "document", "-o", dir + "/doc.jsonl"])
    #expect(document.status == 0, "\(document.output)")
    let doc = try #require(BranchE2ETests.lines(dir + "/doc.jsonl").first)
    #expect(Self.logprobs(doc).count == Self.logprobs(parents[0]).count)
    #expect(Self.logprobs(doc).dropFirst() != Self.logprobs(parents[0]).dropFirst())
    // scan pairs each rescoring with its parent: Δ 0 in the chat frame, not in the document frame.
    let scan = spawnAndWait([Tmux.confab, "scan", "--json", BranchE2ETests.parentFile, dir + "/chat.jsonl", dir + "/doc.jsonl"])
    let json = try #require(try JSONSerialization.jsonObject(with: Data(scan.output.utf8)) as? [String: Any], "\(scan.output)")
    let pairs = try #require(json["rescores"] as? [[String: Any]])
    #expect(pairs.count == 3)
    for pair in pairs {
      #expect(pair["parent_found"] as? Bool == true && pair["same_tokens"] as? Bool == true)
      let delta = try #require(pair["mean_delta_logprob"] as? Double)
      if pair["frame"] as? String == "chat" { #expect(abs(delta) < 1e-6) } else { #expect(abs(delta) > 0.01) }
    }
    // A rescoring has its own id: the same bytes as its parent, another record.
    #expect(Set(chat.compactMap { $0["id"] as? String }).isDisjoint(with: parents.compactMap { $0["id"] as? String }))
    let refused = spawnAndWait([Tmux.confab, "rescore", "--server", server.url, BranchE2ETests.parentFile, "-o", BranchE2ETests.parentFile])
    #expect(refused.status == 1 && refused.output.contains("is an input"))
  }

  /// The explorer's R on the real server, headless: the user frame's rescoring is appended to
  /// --branches, listed and opened; the parent opened again shows the Δ heat against it.
  @Test func explorerRescoresTheOpenReplyAndShowsTheDeltaHeat() throws {
    let server = try LlamaServer()
    let dir = try RecordE2ETests.workspace()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let branches = dir + "/live.jsonl"
    let explore = [Tmux.confab, BranchE2ETests.parentFile, "--branches", branches, "--db", dir + "/tags.sqlite", "--screen", "110x30"]
    let run = spawnAndWait(explore + ["--server", server.url, "--keys", "lllRu"])
    #expect(run.status == 0, "\(run.output)")
    #expect(run.output.contains("rescored 99 tokens in the user frame"), "\(run.output)")
    #expect(run.output.contains("capital-australia ↺ user"), "\(run.output)")
    let written = BranchE2ETests.lines(branches)
    #expect(written.count == 1)
    let info = try #require(written.first?["rescore"] as? [String: Any])
    #expect(info["parent"] as? String == BranchE2ETests.parent && info["frame"] as? String == "user")
    // The parent, opened first without a server, reads its rescoring for the Δ heat.
    let again = spawnAndWait(explore + ["--keys", "mmm"])
    #expect(again.output.contains("heat: Δlogprob against capital-australia ↺ user"), "\(again.output)")
    #expect(again.output.contains("mean Δ -0."), "the user frame is less sure of the reply: \(again.output)")
  }

  /// --api openai: /v1/completions with echo. A server that scores the prompt as vLLM does (the
  /// fake's echo mode) gives a rescoring in its own tokens, compared with the parent over shared
  /// spans; llama.cpp ignores echo, and that is said; other frames need a template.
  @Test func openAICompatibleServersRescoreByEcho() throws {
    let dir = try RecordE2ETests.workspace()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let echo = try MisbehavingServer("echo")
    let base = [Tmux.confab, "rescore", "--api", "openai", BranchE2ETests.parentFile, "--transcript", BranchE2ETests.parent]
    let done = spawnAndWait(base + ["--server", echo.url, "--frame", "document", "-o", dir + "/echo.jsonl"])
    #expect(done.status == 0, "\(done.output)")
    let rescored = try #require(BranchE2ETests.lines(dir + "/echo.jsonl").first)
    let info = try #require(rescored["rescore"] as? [String: Any])
    #expect(info["frame"] as? String == "document" && info["same_tokens"] as? Bool == false && info["model"] as? String == "fake-vllm")
    let scan = spawnAndWait([Tmux.confab, "scan", "--json", BranchE2ETests.parentFile, dir + "/echo.jsonl"])
    let json = try #require(try JSONSerialization.jsonObject(with: Data(scan.output.utf8)) as? [String: Any])
    let pair = try #require((json["rescores"] as? [[String: Any]])?.first)
    #expect(pair["same_tokens"] as? Bool == false && (pair["spans"] as? Int ?? 0) > 10 && pair["mean_delta_logprob"] as? Double != nil)
    let chatFrame = spawnAndWait(base + ["--server", echo.url, "-o", dir + "/x.jsonl"])
    #expect(chatFrame.status == 1 && chatFrame.output.contains("--frame document"), "\(chatFrame.output)")
    let server = try LlamaServer()
    let llama = spawnAndWait(base + ["--server", server.url, "--frame", "document", "-o", dir + "/y.jsonl"])
    #expect(llama.status == 1 && llama.output.contains("returned no logprobs for the prompt"), "\(llama.output)")
  }
}
