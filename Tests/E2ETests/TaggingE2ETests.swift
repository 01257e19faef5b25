import Foundation
import Testing

/// Tagging through the real binary: keys in tmux, the SQLite store, exports, kill -9.
@Suite(.enabled(if: Tmux.available), .serialized)
struct TaggingE2ETests {
  static func workspace() throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("confab-tag-e2e-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }

  static func sha(_ path: String) -> String {
    spawnAndWait(["sha256sum", path]).output.split(separator: " ").first.map(String.init) ?? ""
  }

  @Test func tagQuitReopenExportAndValidate() throws {
    let dir = try Self.workspace()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let sample = Tmux.repoRoot + "/samples/smollm2-135m-instruct.jsonl"
    let before = Self.sha(sample)
    let env = ["XDG_CONFIG_HOME": dir + "/config", "CONFAB_DB": dir + "/tags.sqlite"]
    do {
      let tmux = Tmux("\(Tmux.confab) samples/", environment: env)
      #expect(tmux.waitFor("─ token 1/").ok)
      tmux.press("w", "w", "v", "l", "l", "1")
      let saved = tmux.waitFor("tagged “confabulation”")
      #expect(saved.ok, "after tagging:\n\(saved.screen)")
      #expect(saved.screen.contains("· saved"))
      tmux.press("q")
      #expect(tmux.waitFor("__EXIT__=0").ok)
    }
    let tmux = Tmux("\(Tmux.confab) samples/", environment: env)
    let reopened = tmux.waitFor { $0.contains("─ token 1/") && $0.contains("⟦") }
    #expect(reopened.ok, "reopened:\n\(reopened.screen)")
    tmux.press("X", "t", "C-u")
    tmux.press("-l", dir + "/out.json")
    tmux.press("Enter")
    let wrote = tmux.waitFor("wrote 1 span to")
    #expect(wrote.ok, "export:\n\(wrote.screen)")
    tmux.press("q")
    #expect(tmux.waitFor("__EXIT__=0").ok)

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

    // The headless export agrees, in every format.
    for format in ["json", "jsonl", "prodigy"] {
      let exported = spawnAndWait([Tmux.confab, "export", "--db", dir + "/tags.sqlite", "--format", format, "-o", dir + "/cli.\(format)"])
      #expect(exported.status == 0, "\(exported.output)")
    }
    let prodigy = try String(contentsOfFile: dir + "/cli.prodigy", encoding: .utf8)
    #expect(prodigy.contains("\"spans\":[{\"end\":"))
    #expect(Self.sha(sample) == before, "input files are never written")
  }

  /// kill -9 at random moments while tags are being written: every acknowledged tag survives.
  @Test func killNineLosesNoAcknowledgedTag() throws {
    let dir = try Self.workspace()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let db = dir + "/crash.sqlite"
    var generator = SplitMix(seed: 2026)
    var acknowledged = Set<Int>()
    let rounds = 50
    for round in 0..<rounds {
      let log = dir + "/round\(round).log"
      let pid = startInBackground([Tmux.confab, "debug-tag-loop", "--db", db, "--count", "100000"], output: log)
      usleep(UInt32(20_000 + generator.next() % 150_000))
      kill(pid, SIGKILL)
      var status: Int32 = 0
      waitpid(pid, &status, 0)
      let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
      // A line is an acknowledgement only once it is complete.
      for line in text.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
        if let id = Int(line.dropFirst("acked ".count)) { acknowledged.insert(id) }
      }
    }
    let exported = spawnAndWait([Tmux.confab, "export", "--db", db, "--format", "jsonl"])
    #expect(exported.status == 0)
    let stored = Set(exported.output.split(separator: "\n").compactMap { line -> Int? in
      guard let data = line.data(using: .utf8), let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return nil }
      return object["tag_id"] as? Int
    })
    #expect(acknowledged.count > rounds, "the loop should have acknowledged tags before being killed")
    #expect(acknowledged.isSubset(of: stored), "lost: \(acknowledged.subtracting(stored).sorted().prefix(10))")
    print("crash test: \(rounds) kill -9 rounds, \(acknowledged.count) tags acknowledged, \(stored.count) stored, 0 lost")
  }

  @Test func twoProcessesTaggingOneStoreLoseNothing() throws {
    let dir = try Self.workspace()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let db = dir + "/shared.sqlite"
    let first = startInBackground([Tmux.confab, "debug-tag-loop", "--db", db, "--count", "300", "--label", "a"], output: dir + "/a.log")
    let second = startInBackground([Tmux.confab, "debug-tag-loop", "--db", db, "--count", "300", "--label", "b"], output: dir + "/b.log")
    var status: Int32 = 0
    waitpid(first, &status, 0)
    #expect(status == 0)
    waitpid(second, &status, 0)
    #expect(status == 0)
    for label in ["a", "b"] {
      let result = spawnAndWait([Tmux.confab, "export", "--db", db, "--label", label, "--format", "jsonl"])
      #expect(result.output.split(separator: "\n").filter { $0.hasPrefix("{") }.count == 300)
    }
  }
}

/// A small seeded generator for reproducible kill timings.
struct SplitMix {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt32 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return UInt32(truncatingIfNeeded: z ^ (z >> 31))
  }
}
