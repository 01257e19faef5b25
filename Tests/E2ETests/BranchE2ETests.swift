import Foundation
import Testing

/// `confab branch` against the real llama.cpp server serving SmolLM2-135M-Instruct, on a
/// transcript that server recorded (Tests/Fixtures/recorded).
@Suite(.enabled(if: LlamaServer.available, "needs the llama.cpp server: scripts/llama-server.sh (make test runs it)"), .serialized)
struct BranchE2ETests {
  static let parentFile = Tmux.repoRoot + "/Tests/Fixtures/recorded/smollm2-135m-instruct.jsonl"
  /// capital-australia #0: "The capital of Australia is typically…", " Canberra" p 0.643 at token 5.
  static let parent = "bfa83fc582ed84e0"

  static func lines(_ path: String) -> [[String: Any]] {
    ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").split(separator: "\n").compactMap {
      try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
    }
  }

  static func tokenTexts(_ record: [String: Any]) -> [String] {
    let messages = record["messages"] as? [[String: Any]] ?? []
    let tokens = messages.last?["tokens"] as? [[Any]] ?? []
    return tokens.map { ($0.first as? String) ?? "?" }
  }

  @Test func branchesContinueFromTheChosenTokenAndRepeatForASeed() throws {
    let server = try LlamaServer()
    let dir = try RecordE2ETests.workspace()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let args = [Tmux.confab, "branch", "--server", server.url, Self.parentFile, "--transcript", Self.parent, "--at", "5",
                "--token", " Canberra", "-n", "2", "--max-tokens", "12", "--seed", "7"]
    let first = spawnAndWait(args + ["-o", dir + "/a.jsonl"])
    #expect(first.status == 0, "\(first.output)")
    #expect(first.output.contains("wrote 2 branches"))
    let second = spawnAndWait(args + ["-o", dir + "/b.jsonl"])
    #expect(second.status == 0)
    let a = Self.lines(dir + "/a.jsonl")
    #expect(a.count == 2)
    #expect(a.map(Self.tokenTexts) == Self.lines(dir + "/b.jsonl").map(Self.tokenTexts), "the same seeds give the same branches")
    let parent = try #require(Self.lines(Self.parentFile).first { $0["id"] as? String == Self.parent })
    let prefix = Array(Self.tokenTexts(parent).prefix(5))
    for branch in a {
      let tokens = Self.tokenTexts(branch)
      #expect(Array(tokens.prefix(5)) == prefix, "the parent's first five tokens, as they were")
      #expect(tokens[5] == " Canberra")
      #expect(tokens.count > 6 && tokens.count <= 6 + 12)
      let info = try #require(branch["branch"] as? [String: Any])
      #expect(info["parent"] as? String == Self.parent)
      #expect(info["token_index"] as? Int == 5)
      #expect(info["token"] as? String == " Canberra")
      #expect((branch["params"] as? [String: Any])?["seed"] as? Int != nil)
    }
    #expect(a[0]["sample"] as? Int == 0 && a[1]["sample"] as? Int == 1)
    #expect(Self.tokenTexts(a[0]) != Self.tokenTexts(a[1]), "seeds 7 and 8 differ")
  }

  /// `--at near-miss` branches every near-miss correction at its strongest correction
  /// alternative, in one call; a prompt's ids are asked once for all its samples.
  @Test func nearMissBatchBranchesEveryNearMiss() throws {
    let server = try LlamaServer()
    let dir = try RecordE2ETests.workspace()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    // The shipped SmolLM2 samples: the fixture's only near-misses were "No" answering a yes/no
    // question, which is no correction (nothing was said yet).
    let file = Tmux.repoRoot + "/samples/smollm2-135m-instruct.jsonl.gz"
    let scan = spawnAndWait([Tmux.confab, "scan", "--json", file])
    let json = try #require(try JSONSerialization.jsonObject(with: Data(scan.output.utf8)) as? [String: Any])
    let nearMisses = try #require(((json["corpus"] as? [String: Any])?["counts"] as? [String: Any])?["near_miss_corrections"] as? Int)
    #expect(nearMisses > 0)
    let result = spawnAndWait([Tmux.confab, "branch", "--server", server.url, file, "--at", "near-miss",
                               "--max-tokens", "4", "-o", dir + "/nm.jsonl"])
    #expect(result.status == 0, "\(result.output)")
    let branches = Self.lines(dir + "/nm.jsonl")
    #expect(branches.count == nearMisses)
    // Correction openers at a clause start, or claim-turning words right after a claim.
    let starters = ["wait", "actually", "no", "hmm", "sorry", "oops", "correction", "hold", "oh", "nope", "however", "instead",
                    "incorrect", "wrong", "not"]
    for branch in branches {
      let info = try #require(branch["branch"] as? [String: Any])
      let word = (info["token"] as? String ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        .prefix { $0.isLetter }
      #expect(starters.contains(String(word)), "a correction starter: \(info)")
    }
    let bad = spawnAndWait([Tmux.confab, "branch", "--server", server.url, Self.parentFile, "--at", "somewhere", "-o", dir + "/x.jsonl"])
    #expect(bad.status != 0 && bad.output.contains("--at takes a token index, near-miss, or events:KIND"))
    // The recording's transcripts without a near-miss, by scan's own count.
    let recorded = spawnAndWait([Tmux.confab, "scan", "--json", Self.parentFile])
    let rows = try #require((try JSONSerialization.jsonObject(with: Data(recorded.output.utf8)) as? [String: Any])?["transcripts"] as? [[String: Any]])
    let calmLines = Set(rows.filter { ($0["counts"] as? [String: Any])?["near_miss_corrections"] as? Int == 0 }.compactMap { $0["line"] as? Int })
    #expect(calmLines.count >= 5)
    let parentLines = try String(contentsOfFile: Self.parentFile, encoding: .utf8).split(separator: "\n")
    let calm = parentLines.enumerated().filter { calmLines.contains($0.offset + 1) }.map { String($0.element) }.joined(separator: "\n") + "\n"
    try calm.write(toFile: dir + "/calm.jsonl", atomically: true, encoding: .utf8)
    let none = spawnAndWait([Tmux.confab, "branch", "--server", server.url, dir + "/calm.jsonl", "--at", "near-miss", "-o", dir + "/y.jsonl"])
    #expect(none.status == 1 && none.output.contains("no near-miss positions to branch from in \(calmLines.count) transcripts"), "\(none.output)")
  }

  @Test func errorsNameWhatIsWrong() throws {
    let server = try LlamaServer()
    let dir = try RecordE2ETests.workspace()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    func branch(_ extra: [String], server url: String? = nil, output: String? = nil) -> (status: Int32, output: String) {
      spawnAndWait([Tmux.confab, "branch", "--server", url ?? server.url, Self.parentFile, "--transcript", Self.parent]
        + extra + ["-o", output ?? dir + "/out.jsonl"])
    }
    let notListed = branch(["--at", "5", "--token", " Hobart"])
    #expect(notListed.status == 1)
    #expect(notListed.output.contains("\" Hobart\" is not an alternative at token 5; listed there: \" Canberra\" (id 40136) p 0.643"),
            "\(notListed.output)")
    let range = branch(["--at", "500", "--token", " Canberra"])
    #expect(range.output.contains("--at 500 is out of range: the reply has tokens 0 to 98"))
    let missing = spawnAndWait([Tmux.confab, "branch", "--server", server.url, Self.parentFile, "--transcript", "ffff",
                                "--at", "1", "--token", "x", "-o", dir + "/o.jsonl"])
    #expect(missing.output.contains("no transcript with id ffff"))
    let down = branch(["--at", "5", "--token", " Canberra"], server: "http://127.0.0.1:\(LlamaServer.freePort())")
    #expect(down.status == 1)
    #expect(down.output.contains("connection refused (is the server running?)"), "\(down.output)")
    #expect(!FileManager.default.fileExists(atPath: dir + "/out.jsonl"), "a failed call leaves no file")
    // A Gemma sample's ids sent to the SmolLM2 server: another vocabulary, said so.
    let otherModel = spawnAndWait([Tmux.confab, "branch", "--server", server.url, Tmux.repoRoot + "/samples/gemma-3-270m.jsonl.gz",
                                   "--transcript", "ae7354a02425d8e3", "--at", "3", "--token", " the", "-o", dir + "/g.jsonl"])
    #expect(otherModel.status == 1)
    #expect(otherModel.output.contains("vocabulary does not spell this transcript's token ids (recorded by gemma-3-270m)"),
            "\(otherModel.output)")
    let ontoInput = branch(["--at", "5", "--token", " Canberra"], output: Self.parentFile)
    #expect(ontoInput.status == 1)
    #expect(ontoInput.output.contains("is an input"), "\(ontoInput.output)")
  }

  /// The explorer's B on the real server, headless: the picker opens on " Canberra" at token 5,
  /// Enter branches, the branch is appended to --branches, listed, and opened at its fork; a
  /// later explorer lists it again beside its parent's file, with or without a server.
  @Test func explorerBranchesAtTheCursorAndListsTheBranch() throws {
    let server = try LlamaServer()
    let dir = try RecordE2ETests.workspace()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let branches = dir + "/branches.jsonl"
    let explore = [Tmux.confab, Self.parentFile, "--branches", branches, "--db", dir + "/tags.sqlite", "--screen", "110x30"]
    let run = spawnAndWait(explore + ["--server", server.url, "--keys", "lllllB<Enter>"])
    #expect(run.status == 0, "\(run.output)")
    #expect(run.output.contains(#"capital-australia ⑂5 " Canberra""#), "\(run.output)")
    #expect(run.output.contains(#"1 branch at token 5 → " Canberra""#), "\(run.output)")
    #expect(run.output.contains(#"─ token 6/"#) && run.output.contains(#"" Canberra"  p 0.643"#), "opened at the fork: \(run.output)")
    let written = Self.lines(branches)
    #expect(written.count == 1)
    let info = try #require(written.first?["branch"] as? [String: Any])
    #expect(info["parent"] as? String == Self.parent && info["token_index"] as? Int == 5 && info["token"] as? String == " Canberra")
    #expect(Array(Self.tokenTexts(written[0]).prefix(6)) == Array(Self.tokenTexts(Self.lines(Self.parentFile)[0]).prefix(5)) + [" Canberra"])
    // Opened again without a server: the branch is listed with its prompt's samples, and B says how to branch.
    let again = spawnAndWait(explore + ["--keys", "PB"])
    #expect(again.status == 0)
    #expect(again.output.contains("transcripts (43)"), "\(again.output)")
    #expect(again.output.contains("3×") && again.output.contains("⑂"), "listed with the three samples, not counted as one: \(again.output)")
    // confab prompts reports it apart from the samples.
    let prompts = spawnAndWait([Tmux.confab, "prompts", "--json", Self.parentFile, branches])
    let report = try #require(try JSONSerialization.jsonObject(with: Data(prompts.output.utf8)) as? [String: Any], "\(prompts.output)")
    let australia = try #require((report["prompts"] as? [[String: Any]])?.first { $0["prompt_id"] as? String == "capital-australia" })
    #expect(australia["samples"] as? Int == 3)
    #expect((australia["branches"] as? [String])?.count == 1)
    #expect(again.output.contains("--server URL"))
    // The branches file is never an input.
    let refused = spawnAndWait([Tmux.confab, Self.parentFile, "--branches", Self.parentFile, "--keys", "q"])
    #expect(refused.status == 1 && refused.output.contains("--branches"), "\(refused.output)")
  }

  /// --api openai on llama.cpp's OpenAI-compatible endpoint: the kept text goes back as an
  /// assistant prefill, the branch starts with the parent's tokens and the chosen one, and its
  /// params say the server tokenized the text itself.
  @Test func openAICompatibleBranchesContinueFromText() throws {
    let server = try LlamaServer()
    let dir = try RecordE2ETests.workspace()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let result = spawnAndWait([Tmux.confab, "branch", "--api", "openai", "--server", server.url, Self.parentFile, "--transcript", Self.parent,
                               "--at", "5", "--token", " Canberra", "--max-tokens", "8", "-o", dir + "/oa.jsonl"])
    #expect(result.status == 0, "\(result.output)")
    let branch = try #require(Self.lines(dir + "/oa.jsonl").first)
    let tokens = Self.tokenTexts(branch)
    #expect(Array(tokens.prefix(6)) == Array(Self.tokenTexts(Self.lines(Self.parentFile)[0]).prefix(5)) + [" Canberra"])
    #expect(tokens.count > 6)
    let params = try #require(branch["params"] as? [String: Any])
    #expect(params["api"] as? String == "openai" && (params["tokenization"] as? String)?.contains("may differ") == true)
  }
}
