import Foundation
import Testing

/// The real binary's headless explorer (`--keys`): the whole loop, no terminal, stdout a pipe.
/// Most screen-level end-to-end tests live here; tmux keeps what needs a real terminal
/// (signals, resize, colours, terminal restore, follow mode).
@Suite struct HeadlessExplorerE2ETests {
  static func workspace() throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("confab-headless-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }

  /// Runs `confab PATHS --keys KEYS` with a private config folder and tag store.
  static func explore(_ paths: [String], keys: String, in dir: String, extra: [String] = []) -> (status: Int32, output: String) {
    let env = ["XDG_CONFIG_HOME": dir + "/config", "CONFAB_DB": dir + "/tags.sqlite", "LANG": "C.UTF-8",
               "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"]
    return spawnAndWait([Tmux.confab] + paths + ["--keys", keys] + extra, environment: env)
  }

  static let samples = Tmux.repoRoot + "/Tests/Fixtures/recorded/"

  @Test func printsTheSettledScreenAfterTheKeys() throws {
    let dir = try Self.workspace()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let result = Self.explore([Self.samples], keys: "lll", in: dir, extra: ["--screen", "100x30"])
    #expect(result.status == 0, "\(result.output)")
    let lines = result.output.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
    #expect(lines.count == 30)
    #expect(result.output.contains("─ token 4/"))
    #expect(lines.allSatisfy { $0.count <= 100 })
  }

  @Test func framesArePrintedOnePerKeySeparatedByFormFeeds() throws {
    let dir = try Self.workspace()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let result = Self.explore([Self.samples], keys: "l<Right>l", in: dir, extra: ["--frames", "--screen", "80x24"])
    #expect(result.status == 0)
    let frames = result.output.components(separatedBy: "\u{0C}\n")
    #expect(frames.count == 4)
    for (number, frame) in frames.enumerated() { #expect(frame.contains("─ token \(number + 1)/"), "\(frame)") }
  }

  @Test func badKeyNotationIsAUsageError() throws {
    let dir = try Self.workspace()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let result = Self.explore([Self.samples], keys: "<Nope>", in: dir)
    #expect(result.status == 64)
    #expect(result.output.contains("unknown key <Nope>"))
  }

  @Test func searchMovesTheCursorToAMatch() throws {
    let dir = try Self.workspace()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let result = Self.explore([Self.samples], keys: "/Australia<Enter>", in: dir)
    // The first match in the user's question is match 1 (a text match); the cursor starts in
    // the reply, so the search opens at the reply's first.
    #expect(result.output.contains("/Australia: match 2 of"), "\(result.output)")
  }

  @Test func eventKeysWalkEventsAndTheListSortsByMarkers() throws {
    let dir = try Self.workspace()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let first = Self.explore([Self.samples], keys: "e", in: dir).output
    #expect(first.range(of: #"event 1/\d+: "#, options: .regularExpression) != nil, "\(first)")
    let second = Self.explore([Self.samples], keys: "ee", in: dir).output
    #expect(second.range(of: #"event 2/\d+: "#, options: .regularExpression) != nil, "\(second)")
    let sorted = Self.explore([Self.samples], keys: "ss", in: dir).output
    #expect(sorted.contains("list sorted by corrections"))
    let timeline = Self.explore([Self.samples], keys: "TT", in: dir).output
    #expect(timeline.contains("corr≥ "))
  }

  @Test func brokenFilesAreListedAsProblemsAndTheRestLoads() throws {
    let dir = try Self.workspace()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let folder = dir + "/in"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let good = try String(contentsOfFile: Tmux.repoRoot + "/Tests/Fixtures/recorded/smollm2-135m-instruct.jsonl", encoding: .utf8)
      .split(separator: "\n").prefix(2).joined(separator: "\n")
    try (good + "\n{\"choices\": [oops\n").write(toFile: folder + "/mixed.jsonl", atomically: true, encoding: .utf8)
    try Data([0, 1, 2, 3]).write(to: URL(fileURLWithPath: folder + "/blob.json"))
    let before = try Data(contentsOf: URL(fileURLWithPath: folder + "/mixed.jsonl"))
    let screen = Self.explore([folder], keys: "", in: dir).output
    #expect(screen.contains("2 problems (p)") && screen.contains("─ token 1/"), "\(screen)")
    #expect(screen.contains("transcripts (2)"))
    let problems = Self.explore([folder], keys: "p", in: dir).output
    #expect(problems.contains("mixed.jsonl:3: invalid JSON"), "\(problems)")
    #expect(problems.contains("blob.json:1: binary data"))
    #expect(try Data(contentsOf: URL(fileURLWithPath: folder + "/mixed.jsonl")) == before)
  }

  /// export's filters that match nothing in the store say so and fail; a bad --format gets
  /// export's own usage, not the top level's.
  @Test func exportSaysWhenAFilterMatchesNothing() throws {
    let dir = try Self.workspace()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let tagged = Self.explore([Self.samples], keys: "wwvll1", in: dir).output
    #expect(tagged.contains("· saved"), "\(tagged)")
    let env = ["CONFAB_DB": dir + "/tags.sqlite", "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"]
    let label = spawnAndWait([Tmux.confab, "export", "--label", "nonexistent"], environment: env)
    #expect(label.status == 1)
    #expect(label.output.contains("no tag has the label 'nonexistent'") && label.output.contains("its labels: confabulation"), "\(label.output)")
    let transcript = spawnAndWait([Tmux.confab, "export", "--transcript", "nope"], environment: env)
    #expect(transcript.status == 1)
    #expect(transcript.output.contains("no tag is on transcript 'nope'"), "\(transcript.output)")
    let format = spawnAndWait([Tmux.confab, "export", "--format", "xml"], environment: env)
    #expect(format.status != 0)
    #expect(format.output.contains("Usage: confab export"), "\(format.output)")
    let found = spawnAndWait([Tmux.confab, "export", "--label", "confabulation"], environment: env)
    #expect(found.status == 0)
    #expect(found.output.contains("\"label\" : \"confabulation\"") || found.output.contains("\"label\":\"confabulation\""), "\(found.output)")
  }

  @Test func tagReopenExportAndValidate() throws {
    let dir = try Self.workspace()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let sample = Tmux.repoRoot + "/Tests/Fixtures/recorded/smollm2-135m-instruct.jsonl"
    let before = try Data(contentsOf: URL(fileURLWithPath: sample))
    let tagged = Self.explore([Self.samples], keys: "wwvll1", in: dir).output
    #expect(tagged.contains("tagged “confabulation”") && tagged.contains("· saved"), "\(tagged)")
    let reopened = Self.explore([Self.samples], keys: "Xt<C-u>\(dir)/out.json<Enter>", in: dir).output
    #expect(reopened.contains("⟦"), "the tag is drawn on reopen:\n\(reopened)")
    #expect(reopened.contains("wrote 1 span to"), "\(reopened)")
    // The export validates against the schema, and text == message_text[start:end] in Python.
    let check = """
      import json, sys, jsonschema
      schema = json.load(open(sys.argv[1])); spans = json.load(open(sys.argv[2]))
      jsonschema.validate(spans, schema)
      lines = [json.loads(l) for l in open(sys.argv[3])]
      def raw(text):
          return bytes(text["b"]) if isinstance(text, dict) else text.encode("utf-8")
      for s in spans:
          rec = lines[s["source"]["line"] - 1]["messages"][s["message"]]
          content = b"".join(raw(t[0]) for t in rec["tokens"]).decode("utf-8", "replace")
          assert content[s["start"]:s["end"]] == s["text"], (content[s["start"]:s["end"]], s["text"])
          assert len(s["tokens"]) == s["token_end"] - s["token_start"]
          assert all(len(t["top"]) == 20 for t in s["tokens"])
          assert s["label"] == "confabulation" and s["role"] == "assistant"
      print("ok", len(spans))
      """
    let result = spawnAndWait(["python3", "-c", check, Tmux.repoRoot + "/docs/export.schema.json", dir + "/out.json", sample])
    #expect(result.status == 0, "\(result.output)")
    #expect(result.output.contains("ok 1"))
    for format in ["json", "jsonl", "prodigy"] {
      let exported = spawnAndWait([Tmux.confab, "export", "--db", dir + "/tags.sqlite", "--format", format, "-o", dir + "/cli.\(format)"])
      #expect(exported.status == 0, "\(exported.output)")
    }
    let prodigy = try String(contentsOfFile: dir + "/cli.prodigy", encoding: .utf8)
    #expect(prodigy.contains("\"spans\":[{\"end\":"))
    #expect(try Data(contentsOf: URL(fileURLWithPath: sample)) == before, "input files are never written")
  }

  /// Configuration reaches every path: `X` in the explorer and `confab export` find the same
  /// markers under a user lexicon (from the config folder and from --lexicon).
  @Test func explorerAndExportAgreeUnderAUserLexicon() throws {
    let dir = try Self.workspace()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    try FileManager.default.createDirectory(atPath: dir + "/config/confab", withIntermediateDirectories: true)
    // The assertion comes first: an assertion after a hedge in its clause would be the hedged claim.
    try "[assertion]\ncapital of australia\n".write(toFile: dir + "/config/confab/lexicon.txt", atomically: true, encoding: .utf8)
    try "[hedge]\nreferred to\n".write(toFile: dir + "/extra.txt", atomically: true, encoding: .utf8)
    // Select the assistant's first sentence and tag it, then export from the explorer.
    let explored = Self.explore([Self.samples], keys: "vwwwwwwwww1Xt<C-u>\(dir)/x.json<Enter>", in: dir,
                                extra: ["--lexicon", dir + "/extra.txt"]).output
    #expect(explored.contains("wrote 1 span to"), "\(explored)")
    let env = ["XDG_CONFIG_HOME": dir + "/config"]
    let cli = spawnAndWait([Tmux.confab, "export", "--db", dir + "/tags.sqlite", "--lexicon", dir + "/extra.txt", "-o", dir + "/cli.json"],
                           environment: env)
    #expect(cli.status == 0, "\(cli.output)")
    func markers(_ path: String) throws -> [String] {
      let spans = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [[String: Any]] ?? []
      return spans.flatMap { ($0["markers"] as? [[String: Any]] ?? []).map { "\($0["kind"] ?? "")=\($0["text"] ?? "")" } }
    }
    let fromExplorer = try markers(dir + "/x.json")
    #expect(fromExplorer.contains("assertion=capital of Australia"), "\(fromExplorer)")
    #expect(fromExplorer.contains("hedge=referred to"), "\(fromExplorer)")
    #expect(try markers(dir + "/cli.json") == fromExplorer)
  }
}

/// convert keeps where a transcript was first read through a second conversion, and scan
/// reports it as `original` beside the converted file's own path and line.
@Suite struct ConvertProvenanceE2ETests {
  @Test func aSecondConversionKeepsTheFirstSource() throws {
    let dir = try HeadlessExplorerE2ETests.workspace()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let input = Tmux.repoRoot + "/Tests/ConfabCoreTests/Fixtures/openai-chat-edge.jsonl"
    // The fixture holds two bad lines on purpose: the rest converts (exit 1 says some failed).
    #expect(spawnAndWait([Tmux.confab, "convert", input, "-o", dir + "/a.jsonl"]).output.contains("wrote 6 transcripts"))
    #expect(spawnAndWait([Tmux.confab, "convert", dir + "/a.jsonl", "-o", dir + "/b.jsonl"]).status == 0)
    let first = try String(contentsOfFile: dir + "/b.jsonl", encoding: .utf8).split(separator: "\n")[0]
    let record = try #require(try JSONSerialization.jsonObject(with: Data(first.utf8)) as? [String: Any])
    let source = try #require(record["source"] as? [String: Any])
    #expect(source["path"] as? String == input, "not the intermediate a.jsonl: \(source)")
    #expect(source["format"] as? String == "openai-chat")
    let scan = spawnAndWait([Tmux.confab, "scan", "--json", dir + "/b.jsonl"])
    let json = try #require(try JSONSerialization.jsonObject(with: Data(scan.output.utf8)) as? [String: Any])
    let row = try #require((json["transcripts"] as? [[String: Any]])?.first)
    #expect(row["path"] as? String == dir + "/b.jsonl")
    #expect(row["line"] as? Int == 1)
    #expect((row["original"] as? [String: Any])?["path"] as? String == input)
    #expect((row["original"] as? [String: Any])?["line"] as? Int == 1)
  }
}

/// A llama-server entry that folds a split character keeps its note next to the token, where
/// an 80-column header still shows it (the bars below are the last sub-token's).
@Suite struct MergedEntryHeaderE2ETests {
  @Test func theMergedEntryNoteFitsEightyColumns() throws {
    let dir = try HeadlessExplorerE2ETests.workspace()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let result = HeadlessExplorerE2ETests.explore(
      [Tmux.repoRoot + "/Tests/ConfabCoreTests/Fixtures/formats/llamacpp-new.json"], keys: "l", in: dir, extra: ["--screen", "80x24"])
    let header = try #require(result.output.split(separator: "\n").first { $0.hasPrefix("─ token 2/") })
    #expect(header.contains("\"東\"  [merged entry]  p "), "\(header)")
  }
}

/// The README's screens are what the headless explorer prints for the command above each
/// (`$ confab …` as a code block's first line): they stay true as the explorer changes.
@Suite struct ReadmeScreensE2ETests {
  @Test func everyReadmeScreenIsWhatItsCommandPrints() throws {
    let readme = try String(contentsOfFile: Tmux.repoRoot + "/README.md", encoding: .utf8)
    let blocks = readme.components(separatedBy: "```\n").enumerated().filter { $0.offset % 2 == 1 }.map(\.element)
    let screens = blocks.filter { $0.hasPrefix("$ confab ") }
    #expect(screens.count == 2)
    let dir = try HeadlessExplorerE2ETests.workspace()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    for block in screens {
      var lines = block.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
      let command = lines.removeFirst()
      if lines.last == "" { lines.removeLast() }
      // $ confab PATH... --keys 'KEYS' --screen WxH
      let keys = try #require(command.split(separator: "'").dropFirst().first.map(String.init))
      let before = command.components(separatedBy: " --keys ")[0].split(separator: " ").dropFirst(2).map { Tmux.repoRoot + "/" + $0 }
      let screen = try #require(command.components(separatedBy: "--screen ").last)
      let result = HeadlessExplorerE2ETests.explore(before, keys: keys, in: dir, extra: ["--screen", screen])
      #expect(result.status == 0, "\(result.output)")
      func trimmed(_ line: some StringProtocol) -> String { String(line.reversed().drop { $0 == " " }.reversed()) }
      let printed = result.output.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(trimmed)
      #expect(printed == lines.map(trimmed), "README screen for: \(command)")
    }
  }
}
