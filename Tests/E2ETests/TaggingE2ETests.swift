import Foundation
import Testing

/// Tagging through the real binary under stress: kill -9 while writing, two writers.
/// (Tag, reopen and export are in HeadlessExplorerE2ETests.)
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
      // Kill while it writes, not while it starts: on a loaded machine (CI runs every suite at
      // once) the start alone can outlast any fixed delay, and then no round tests anything.
      Self.waitForFirstAcknowledgement(in: log, timeout: 20)
      usleep(UInt32(generator.next() % 150_000))
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
    #expect(acknowledged.count >= rounds, "every round waits for one acknowledgement before the kill")
    #expect(acknowledged.isSubset(of: stored), "lost: \(acknowledged.subtracting(stored).sorted().prefix(10))")
    print("crash test: \(rounds) kill -9 rounds, \(acknowledged.count) tags acknowledged, \(stored.count) stored, 0 lost")
  }

  static func waitForFirstAcknowledgement(in log: String, timeout: TimeInterval) {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
      if let text = try? String(contentsOfFile: log, encoding: .utf8), text.contains("\n") { return }
      usleep(2_000)
    }
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
