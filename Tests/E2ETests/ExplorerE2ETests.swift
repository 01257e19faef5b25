import Foundation
import Testing

/// Drives the real binary in tmux: keys in, screen text out.
@Suite(.enabled(if: Tmux.available), .serialized)
struct ExplorerE2ETests {
  @Test func opensSamplesStepsTokensResizesAndQuits() {
    let tmux = Tmux("\(Tmux.confab) Tests/Fixtures/recorded/")
    let first = tmux.waitFor { $0.contains("transcripts (42)") && $0.contains("─ token 1/") }
    #expect(first.ok, "first screen:\n\(first.screen)")
    #expect(first.screen.contains("capital-australia"))
    #expect(first.screen.contains("user  What is the capital of Australia?"))
    #expect(first.screen.contains("H≥ "))
    tmux.press("l", "l")
    #expect(tmux.waitFor("─ token 3/").ok)
    tmux.press("G")
    let last = tmux.waitFor { $0.range(of: #"─ token (\d+)/\1 "#, options: .regularExpression) != nil }
    #expect(last.ok, "after G:\n\(last.screen)")
    // n keeps the token position: the last token of #0 becomes the last of the shorter #1.
    tmux.press("n")
    #expect(tmux.waitFor { $0.contains("2/42") && $0.contains("─ token 39/39 ") }.ok)
    tmux.resize(width: 80, height: 24)
    let small = tmux.waitFor { screen in
      let lines = screen.split(separator: "\n", omittingEmptySubsequences: false)
      return lines.count >= 24 && screen.contains("─ token 39/39") && screen.contains("2/42")
    }
    #expect(small.ok, "80x24:\n\(small.screen)")
    tmux.resize(width: 12, height: 3)
    #expect(tmux.waitFor { !$0.contains("─ token") }.ok)
    tmux.resize(width: 120, height: 40)
    #expect(tmux.waitFor("─ token 39/39").ok)
    tmux.press("?")
    #expect(tmux.waitFor("q/Esc close").ok)
    tmux.press("q")
    #expect(tmux.waitFor { !$0.contains("q/Esc close") }.ok)
    tmux.press("q")
    let exit = tmux.waitFor("__EXIT__=0")
    #expect(exit.ok, "after q:\n\(exit.screen)")
    // The terminal is restored: the explorer's screen is gone.
    #expect(!exit.screen.contains("transcripts (42)"))
  }

  @Test func ctrlCQuitsCleanly() {
    let tmux = Tmux("\(Tmux.confab) Tests/Fixtures/recorded/")
    #expect(tmux.waitFor("─ token 1/").ok)
    tmux.press("C-c")
    let exit = tmux.waitFor("__EXIT__=0")
    #expect(exit.ok, "after ^C:\n\(exit.screen)")
    #expect(!exit.screen.contains("─ token"))
  }

  @Test func sigtermRestoresTheTerminal() throws {
    let tmux = Tmux("\(Tmux.confab) Tests/Fixtures/recorded/")
    #expect(tmux.waitFor("─ token 1/").ok)
    let pid = try #require(tmux.programPID())
    kill(pid, SIGTERM)
    let exit = tmux.waitFor("__EXIT__=")
    #expect(exit.ok)
    #expect(!exit.screen.contains("─ token"))
  }

  /// A signal that ends the process (a crash, SIGPIPE, SIGUSR1) restores the terminal from the
  /// handler (async-signal-safe calls only): the shell afterwards is in canonical mode with echo on.
  @Test(arguments: [SIGSEGV, SIGPIPE, SIGUSR1]) func aFatalSignalRestoresTheTerminal(_ signal: Int32) throws {
    let tmux = Tmux("\(Tmux.confab) Tests/Fixtures/recorded/; stty -a | tr ' ' '\\n' | grep -x -e icanon -e echo | tr '\\n' ' '")
    #expect(tmux.waitFor("─ token 1/").ok)
    let pid = try #require(tmux.programPID())
    kill(pid, signal)
    let exit = tmux.waitFor("__EXIT__=")
    #expect(exit.ok)
    #expect(exit.screen.contains("icanon echo"), "after signal \(signal):\n\(exit.screen)")
    #expect(!exit.screen.contains("─ token"))
  }

  /// ^Z under a job-control shell restores the terminal and stops the process; `fg` brings
  /// the screen back (at the size the window has by then) and keys work again.
  @Test func ctrlZSuspendsToTheShellAndFgResumes() throws {
    let tmux = Tmux("PS1='$ ' bash --norc --noprofile -i", width: 100, height: 30)
    #expect(tmux.waitFor("$").ok)
    tmux.press("\(Tmux.confab) Tests/Fixtures/recorded/", "Enter")
    #expect(tmux.waitFor("─ token 1/").ok)
    let shell = try #require(tmux.programPID())
    let program = try #require(spawnAndWait(["pgrep", "-P", String(shell)]).output.split(separator: "\n").first.flatMap { Int32($0) })
    tmux.press("C-z")
    let stopped = tmux.waitFor("Stopped")
    #expect(stopped.ok, "\(stopped.screen)")
    #expect(!stopped.screen.contains("─ token"))
    #expect(spawnAndWait(["ps", "-o", "stat=", "-p", String(program)]).output.hasPrefix("T"))
    tmux.press("stty -a | tr ' ' '\\n' | grep -x -e icanon -e echo | tr '\\n' ' '; echo", "Enter")
    #expect(tmux.waitFor("icanon echo").ok, "the shell's terminal settings are back while stopped")
    tmux.resize(width: 80, height: 24)
    tmux.press("clear; fg", "Enter")
    let resumed = tmux.waitFor { $0.contains("─ token 1/") && $0.contains("transcripts (42)") }
    #expect(resumed.ok, "\(resumed.screen)")
    #expect(resumed.screen.split(separator: "\n").allSatisfy { $0.count <= 80 })
    tmux.press("q")
    #expect(tmux.waitFor { _ in kill(program, 0) != 0 }.ok, "q quits after a resume")
  }

  @Test func followModeShowsRecordsAppendedWhileOpen() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("confab-e2e-follow-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let lines = try String(contentsOfFile: Tmux.repoRoot + "/Tests/Fixtures/recorded/smollm2-135m-instruct.jsonl", encoding: .utf8).split(separator: "\n")
    let file = folder.appendingPathComponent("recording.jsonl")
    try (lines[0] + "\n").write(to: file, atomically: true, encoding: .utf8)
    let tmux = Tmux("\(Tmux.confab) --follow \(file.path)")
    #expect(tmux.waitFor { $0.contains("transcripts (1)") && $0.contains("following") }.ok)
    let handle = try FileHandle(forWritingTo: file)
    handle.seekToEndOfFile()
    handle.write(Data((lines[1] + "\n" + lines[2].prefix(100)).utf8))  // one whole record and a partial one
    let grown = tmux.waitFor("transcripts (2)")
    #expect(grown.ok, "after append:\n\(grown.screen)")
    handle.write(Data((lines[2].dropFirst(100) + "\n").utf8))
    try handle.close()
    #expect(tmux.waitFor("transcripts (3)").ok)
    #expect(!tmux.screen().contains(" (p)"), "a partial line must not be reported as a problem")
    tmux.press("F")
    #expect(tmux.waitFor("stopped following").ok)
    tmux.press("q")
    #expect(tmux.waitFor("__EXIT__=0").ok)
  }

  @Test func noColorStillShowsTheCursor() {
    let tmux = Tmux("\(Tmux.confab) Tests/Fixtures/recorded/", environment: ["NO_COLOR": "1"])
    #expect(tmux.waitFor("─ token 1/").ok)
    let styled = tmux.run("capture-pane", "-p", "-e", "-t", "e2e")
    #expect(!styled.contains("38;5;"))
    #expect(styled.contains("\u{1B}[7m") || styled.contains(";7m"))
    tmux.press("q")
    #expect(tmux.waitFor("__EXIT__=0").ok)
  }
}

@Suite struct HeadlessE2ETests {
  @Test func explorerRefusesANonTerminal() {
    let result = spawnAndWait([Tmux.confab, Tmux.repoRoot + "/Tests/Fixtures/recorded/"])
    #expect(result.status == 2)
    #expect(result.output.contains("needs a terminal"))
    #expect(result.output.contains("confab scan"))
  }

  @Test func scanPrintsJSONForScripts() throws {
    let result = spawnAndWait([Tmux.confab, "scan", "--json", Tmux.repoRoot + "/Tests/Fixtures/recorded/"])
    #expect(result.status == 0, "\(result.output)")
    let json = try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any]
    let corpus = try #require(json?["corpus"] as? [String: Any])
    #expect(corpus["transcripts"] as? Int == 42)
    #expect((corpus["tokens"] as? Int ?? 0) > 1000)
    let rows = try #require(json?["transcripts"] as? [[String: Any]])
    #expect(rows.count == 42)
    let counts = try #require(corpus["counts"] as? [String: Any])
    #expect(counts["hedges"] is Int && counts["near_miss_corrections"] is Int && counts["competing_answers"] is Int)
    #expect(counts["hedge_strength"] is Double)
    #expect((corpus["per_1k_tokens"] as? [String: Any])?["corrections"] != nil)
    // One naming: snake_case per transcript as for the corpus, and the output fits its schema.
    let figures = try #require(rows.first?["figures"] as? [String: Any])
    // A recording without the prompt's scores: prompt_tokens 0 and no prompt_mean_surprisal.
    #expect(Set(figures.keys) == ["tokens", "mean_logprob", "mean_entropy_bound", "max_entropy_bound", "outside_topk_share", "prompt_tokens"])
    #expect(figures["prompt_tokens"] as? Int == 0)
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("confab-scan-\(UUID().uuidString).json").path
    try result.output.write(toFile: file, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(atPath: file) }
    let check = "import json, sys, jsonschema; jsonschema.validate(json.load(open(sys.argv[2])), json.load(open(sys.argv[1])))"
    let valid = spawnAndWait(["python3", "-c", check, Tmux.repoRoot + "/docs/scan.schema.json", file])
    #expect(valid.status == 0, "\(valid.output)")
    // CSV carries the same seven rates as the JSON's per_1k_tokens.
    let csv = spawnAndWait([Tmux.confab, "scan", "--csv", Tmux.repoRoot + "/Tests/Fixtures/recorded/"])
    let header = csv.output.split(separator: "\n").first.map { $0.split(separator: ",").map(String.init) } ?? []
    let rates = try #require(corpus["per_1k_tokens"] as? [String: Any]).keys.map { $0 + "_per_1k" }
    #expect(Set(rates).isSubset(of: Set(header)), "\(header)")
  }

  /// Over the parallel threshold, so the file is cut into blocks read on several threads:
  /// rows still come out whole, in file order, with their own line numbers and titles.
  @Test func scanStreamsRowsOfALargeFileInOrder() throws {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("confab-many-\(UUID().uuidString).jsonl").path
    defer { unlink(path) }
    var text = ""
    let count = 2_000
    // Records of 9 KB: the title is the user text's first line, the padding its second.
    let padding = String(repeating: "x", count: 9_000)
    for index in 0..<count {
      // A title with a quote, a backslash, a tab, a control character and non-ASCII text.
      let title = #"q\"\\\t\u0001 é "# + String(index)
      text += #"{"confab":1,"id":"r\#(index)","messages":[{"role":"user","text":"\#(title)\n\#(padding)"},{"role":"assistant","tokens":[["ok",-0.5,[["ok",-0.5],["no",-1.5]],0]]}]}"# + "\n"
    }
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    #expect(text.utf8.count > 16 << 20)
    let result = spawnAndWait([Tmux.confab, "scan", "--json", "--threads", "2", path])
    #expect(result.status == 0)
    let json = try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any]
    let rows = try #require(json?["transcripts"] as? [[String: Any]])
    #expect(rows.count == count)
    let misplaced = rows.enumerated().filter { index, row in
      row["id"] as? String != "r\(index)" || row["line"] as? Int != index + 1 || row["title"] as? String != "q\"\\\t\u{1} é \(index)"
    }
    #expect(misplaced.isEmpty, "\(misplaced.prefix(3))")
    let figures = try #require(rows.first?["figures"] as? [String: Any])
    #expect(figures["mean_logprob"] as? Double == -0.5)
    #expect(figures["outside_topk_share"] as? Int == 0)
    let csv = spawnAndWait([Tmux.confab, "scan", "--csv", "--threads", "2", path])
    #expect(csv.output.split(separator: "\n").count == count + 1)
  }

  /// `confab prompts` on the samples recorded from the real llama-server: capital-australia's
  /// samples part after "The capital of Australia is" (" Canberra" p 0.643, " typically" 0.002).
  @Test func promptsReportsForksAnswersAndTheGap() throws {
    let result = spawnAndWait([Tmux.confab, "prompts", "--json", Tmux.repoRoot + "/Tests/Fixtures/recorded/"])
    #expect(result.status == 0, "\(result.output)")
    let json = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
    let prompts = try #require(json["prompts"] as? [[String: Any]])
    #expect(prompts.count == 14)
    let capital = try #require(prompts.first { $0["prompt_id"] as? String == "capital-australia" })
    #expect(capital["samples"] as? Int == 3)
    #expect(capital["prompt"] as? String == "What is the capital of Australia?")
    let forks = try #require(capital["forks"] as? [[String: Any]])
    let fork = try #require(forks.first { $0["prefix"] as? String == "The capital of Australia is" })
    #expect(fork["token_index"] as? Int == 5)
    let branches = try #require(fork["branches"] as? [[String: Any]])
    #expect(branches.map { $0["token"] as? String } == [" Canberra", " typically"])
    #expect(abs((branches[0]["p"] as? Double ?? 0) - 0.643) < 0.001)
    let answers = try #require(capital["answers"] as? [String: Any])
    let clusters = try #require(answers["clusters"] as? [[String: Any]])
    #expect(Set(clusters.compactMap { $0["answer"] as? String }).isSuperset(of: ["canberra", "sydney"]))
    let gap = try #require(capital["gap"] as? Double)
    #expect(abs(gap - ((capital["decisiveness"] as? Double ?? 0) - (answers["agreement"] as? Double ?? 0))) < 1e-9)
    let corpus = try #require(json["corpus"] as? [String: Any])
    #expect(corpus["samples"] as? Int == 42)
    let pattern = spawnAndWait([Tmux.confab, "prompts", "--csv", "--answer", "(?i)capital of australia is (\\w+)", "--min-samples", "3",
                                Tmux.repoRoot + "/Tests/Fixtures/recorded/"])
    #expect(pattern.status == 0)
    let rows = pattern.output.split(separator: "\n")
    #expect(rows.first?.hasPrefix("prompt,prompt_id,model,samples,forks") == true)
    #expect(rows.count == 15)
    let refused = spawnAndWait([Tmux.confab, "prompts", "--json", "--csv", Tmux.repoRoot + "/Tests/Fixtures/recorded/"])
    #expect(refused.status != 0)
    #expect(refused.output.contains("exclusive"))
  }

  /// samples/ as shipped: two real models, every prompt sampled 8 times, every record read;
  /// the live-model samples (branches, rescorings) beside them, not counted as samples.
  @Test func shippedSamplesLoadCleanlyAndGroupPerModel() throws {
    let scan = spawnAndWait([Tmux.confab, "scan", "--json", Tmux.repoRoot + "/samples/"])
    #expect(scan.status == 0, "\(scan.output.suffix(400))")
    let json = try #require(try JSONSerialization.jsonObject(with: Data(scan.output.utf8)) as? [String: Any])
    #expect((json["problems"] as? [Any])?.isEmpty == true)
    let rows = try #require(json["transcripts"] as? [[String: Any]])
    #expect(rows.count >= 24 * 8 * 2)
    #expect(Set(rows.compactMap { $0["model"] as? String }) == ["SmolLM2-135M-Instruct", "gemma-3-270m"])
    // Every SmolLM2 reply rescored twice (its own user frame, the Gemma base model as a
    // document), each paired with its parent: the same tokens under SmolLM2, others under Gemma.
    let rescores = try #require(json["rescores"] as? [[String: Any]])
    #expect(rescores.count == 400)
    #expect(rescores.allSatisfy { $0["parent_found"] as? Bool == true && $0["spans"] as? Int != nil })
    #expect(rescores.filter { $0["frame"] as? String == "user" }.allSatisfy { $0["same_tokens"] as? Bool == true })
    #expect(rescores.filter { $0["frame"] as? String == "document" }.allSatisfy { $0["same_tokens"] as? Bool == false })
    let prompts = spawnAndWait([Tmux.confab, "prompts", "--json", Tmux.repoRoot + "/samples/"])
    let report = try #require(try JSONSerialization.jsonObject(with: Data(prompts.output.utf8)) as? [String: Any])
    let groups = try #require(report["prompts"] as? [[String: Any]])
    #expect(groups.count >= 48, "each model's prompts group apart")
    #expect(groups.allSatisfy { $0["samples"] as? Int == 8 }, "branches and rescorings are not samples")
    #expect(groups.reduce(0) { $0 + (($1["branches"] as? [String])?.count ?? 0) } > 0)
  }

  /// `c` in the headless explorer on the recorded samples: the fork tree and the fork panel.
  @Test func compareViewShowsTheSamplesForkTree() {
    let result = spawnAndWait([Tmux.confab, Tmux.repoRoot + "/Tests/Fixtures/recorded/", "--keys", "cff", "--screen", "100x24"],
                              environment: ProcessInfo.processInfo.environment.merging(
                                ["CONFAB_DB": FileManager.default.temporaryDirectory.appendingPathComponent("confab-cmp-\(UUID().uuidString).sqlite").path]) { $1 })
    #expect(result.status == 0, "\(result.output)")
    #expect(result.output.contains("─ compare · capital-australia · 3 samples · 2 forks"))
    #expect(result.output.contains("─ fork at token 6 after “The capital of Australia is”"))
    #expect(result.output.contains("“ Canberra” p 0.643 ×1 · “ typically” p 0.002 ×1"))
    // samples/ groups Gemma's eight samples with its rescorings of SmolLM2's replies: those are
    // marked ↺ with their parent's number, as in the list, not a second "#1".
    let mixed = spawnAndWait([Tmux.confab, Tmux.repoRoot + "/samples/", "--keys", "c", "--screen", "100x24"],
                             environment: ProcessInfo.processInfo.environment.merging(
                               ["CONFAB_DB": FileManager.default.temporaryDirectory.appendingPathComponent("confab-cmp-\(UUID().uuidString).sqlite").path]) { $1 })
    #expect(mixed.output.contains("├─ #1       London"), "\(mixed.output)")
    #expect(mixed.output.contains("├─ ↺1 ↺5 ↺6 Canberra"), "\(mixed.output)")
  }

  /// One record per input line: a final newline does not add a phantom line, a missing one
  /// loses nothing, and empty lines are records.
  @Test func markersLinesGivesOneRecordPerLine() {
    for (input, count) in [("a\nb\nc\n", 3), ("a\nb\nc", 3), ("a\n\nprobably\n", 3), ("", 0), ("\n", 1)] {
      let result = spawnAndWait([Tmux.confab, "markers", "--lines"], stdin: try! temporaryInput(input))
      let rows = result.output.split(separator: "\n")
      #expect(rows.count == count, "input \(input.debugDescription): \(result.output)")
      #expect(rows.last.map { $0.contains("\"line\":\(count),") } ?? (count == 0))
    }
  }

  /// Each line's decisiveness comes with its markers: 1 for a plain statement, lower when hedged.
  @Test func markersLinesReportEachLinesDecisiveness() throws {
    let result = spawnAndWait([Tmux.confab, "markers", "--lines"], stdin: try temporaryInput("It was founded in 1840.\nI think it was 1840.\n"))
    let rows = result.output.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    #expect(rows.count == 2, "\(result.output)")
    #expect(rows.map { $0["decisiveness"] as? Double } == [1, 1 / 1.5], "\(result.output)")
  }

  /// Wide characters take two cells, so a CJK title keeps the table's columns aligned.
  @Test func scanTableAlignsWideTitles() throws {
    let path = try temporaryInput(#"{"confab":1,"id":"w","messages":[{"role":"user","text":"日本の首都はどこですか？東京ですか大阪ですか"},{"role":"assistant","text":"東京"}]}"# + "\n")
    let result = spawnAndWait([Tmux.confab, "scan", path])
    let row = try #require(result.output.split(separator: "\n").first { $0.contains(path) })
    let title = try #require(row.components(separatedBy: "0      n/a").first)
    let cells = title.unicodeScalars.reduce(0) { $0 + ($1.value >= 0x2E80 && $1.value != 0x2026 ? 2 : 1) }
    #expect(cells == 30, "\(row)")
  }

  @Test func scanRefusesJSONAndCSVTogether() {
    let result = spawnAndWait([Tmux.confab, "scan", "--json", "--csv", Tmux.repoRoot + "/Tests/Fixtures/recorded/"])
    #expect(result.status != 0)
    #expect(result.output.contains("--json and --csv are exclusive"))
  }

  @Test func scanReportsBadInputWithExitCodeOne() throws {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("confab-bad-\(UUID().uuidString).jsonl").path
    try "{\"choices\": 3}\n".write(toFile: path, atomically: true, encoding: .utf8)
    defer { unlink(path) }
    let result = spawnAndWait([Tmux.confab, "scan", path])
    #expect(result.status == 1)
    #expect(result.output.contains("\(path):1: "))
  }
}

/// A file holding `text`, for a command's standard input.
private func temporaryInput(_ text: String) throws -> String {
  let path = FileManager.default.temporaryDirectory.appendingPathComponent("confab-stdin-\(UUID().uuidString)").path
  try text.write(toFile: path, atomically: true, encoding: .utf8)
  return path
}
