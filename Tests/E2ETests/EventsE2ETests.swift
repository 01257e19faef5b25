import Foundation
import Testing

/// `confab events`, the real binary on the shipped samples: the default set, kinds chosen
/// by name, JSON and CSV for scripts, and bad input named by file and line.
@Suite struct EventsE2ETests {
  static let smol = Tmux.repoRoot + "/samples/smollm2-135m-instruct.jsonl.gz"

  @Test func jsonListsTheDefaultEventsWithScoresAndRules() throws {
    let result = spawnAndWait([Tmux.confab, "events", "--json", Self.smol])
    #expect(result.status == 0, "\(result.output)")
    let json = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
    let events = try #require(json["events"] as? [[String: Any]])
    let kinds = Set(events.compactMap { $0["kind"] as? String })
    #expect(kinds.isSubset(of: ["correction", "near_miss_correction", "competing_answer", "unbacked_confidence", "performative_hedge"]))
    #expect(kinds.contains("competing_answer") && kinds.contains("correction"))
    #expect(events.allSatisfy { ($0["score"] as? Double ?? -1) >= 0.2 && !($0["rule"] as? String ?? "").isEmpty })
    let sydney = try #require(events.first { $0["kind"] as? String == "competing_answer" && ($0["detail"] as? String)?.hasPrefix("\" Sydney\" 0.735") == true })
    #expect(sydney["text"] as? String == " Sydney")
    #expect(sydney["prompt_id"] as? String == "capital-australia")
    #expect((json["thresholds"] as? [String: Any])?["competing_answer"] as? Double == 0.1)
    #expect((json["problems"] as? [Any])?.isEmpty == true)
  }

  @Test func kindsByNameAndCorpusRelativeStatistics() throws {
    let result = spawnAndWait([Tmux.confab, "events", "--json", "--kind", "high_entropy", Self.smol])
    let json = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
    let events = try #require(json["events"] as? [[String: Any]])
    #expect(!events.isEmpty && events.allSatisfy { $0["kind"] as? String == "high_entropy" })
    // The cut-off is the corpus's own top 2%, far above the fixed 2.5 nats for this model.
    let cutoff = try #require((json["thresholds"] as? [String: Any])?["high_entropy"] as? Double)
    #expect(cutoff > 3.5)
    let fixed = spawnAndWait([Tmux.confab, "events", "--json", "--kind", "high_entropy", "--high-entropy", "2.5", Self.smol])
    let fixedJSON = try #require(try JSONSerialization.jsonObject(with: Data(fixed.output.utf8)) as? [String: Any])
    #expect(((fixedJSON["events"] as? [Any])?.count ?? 0) > events.count)
    // The explorer finds the same cut-off once high-entropy events are let through `f`.
    let explorer = spawnAndWait([Tmux.confab, Self.smol, "--keys", "fa<Enter>", "--screen", "140x30"],
                                environment: ProcessInfo.processInfo.environment.merging(
                                  ["CONFAB_DB": FileManager.default.temporaryDirectory.appendingPathComponent("confab-ev-\(UUID().uuidString).sqlite").path]) { $1 })
    #expect(explorer.output.contains("relative to this corpus (its top and bottom 2%): H≥ " + String(format: "%.2f", cutoff) + " nats"),
            "\(explorer.output.suffix(300))")
    let bad = spawnAndWait([Tmux.confab, "events", "--kind", "hedges", Self.smol])
    #expect(bad.status != 0 && bad.output.contains("unknown kind hedges (expected hedge, correction"))
  }

  @Test func csvAndBrokenInput() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("confab-events-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let good = try String(contentsOfFile: Tmux.repoRoot + "/Tests/Fixtures/recorded/smollm2-135m-instruct.jsonl", encoding: .utf8)
    try (good.split(separator: "\n").prefix(3).joined(separator: "\n") + "\n{\"broken\n").write(toFile: dir + "/mixed.jsonl", atomically: true, encoding: .utf8)
    let result = spawnAndWait([Tmux.confab, "events", "--csv", "--all", dir + "/mixed.jsonl"])
    #expect(result.status == 1)
    #expect(result.output.contains("mixed.jsonl:4:"))
    let lines = result.output.split(separator: "\n")
    #expect(lines.contains("transcript,prompt_id,sample,message,token_index,token_end,kind,score,text,rule"))
    #expect(lines.contains { $0.contains(",capital-australia,") })
  }
}
