import Foundation
import Testing

/// `confab scan --shard K/N` run by `xargs -P` and merged must print the unsharded scan, byte
/// for byte: rows in file order, line numbers of cut files, problems, corpus sums, rescores.
@Suite struct ScanShardE2ETests {
  let folder = FileManager.default.temporaryDirectory.appendingPathComponent("confab-shards-\(UUID().uuidString)").path

  /// A JSONL file cut into many units (9 KB records, 64 KB units), with a bad line in the
  /// middle, beside the recorded llama-server replies (plain JSONL, cut too) and their
  /// rescorings in the user frame from samples/ (gzip: one whole-file unit).
  func corpus() throws -> [String] {
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    var text = ""
    let padding = String(repeating: "x", count: 9_000)
    for index in 0..<120 {
      if index == 77 { text += "{\"confab\":1, broken\n" }
      let logprob = -0.25 - Double(index % 7) / 3
      text += #"{"confab":1,"id":"r\#(index)","messages":[{"role":"user","text":"q\#(index)\n\#(padding)"},{"role":"assistant","tokens":[["It",\#(logprob),[["It",\#(logprob)],["No",-1.5]],0],[" is",-0.1,[[" is",-0.1],[" was",-2.5]],0]]}]}"# + "\n"
    }
    try text.write(toFile: folder + "/big.jsonl", atomically: true, encoding: .utf8)
    return [folder + "/big.jsonl", Tmux.repoRoot + "/Tests/Fixtures/recorded/", Tmux.repoRoot + "/samples/smollm2-rescored-user.jsonl.gz",
            folder + "/missing.jsonl"]
  }

  func shards(_ count: Int, of inputs: [String]) -> [String] {
    let quoted = inputs.map { "'\($0)'" }.joined(separator: " ")
    let script = "seq 1 \(count) | xargs -P \(count) -I{} sh -c \"'\(Tmux.confab)' scan --shard {}/\(count) --shard-unit 64K \(quoted) > '\(folder)/shard-{}.jsonl' 2>/dev/null\""
    let run = spawnAndWait(["/bin/sh", "-c", script])
    #expect(run.status == 0, "\(run.output)")
    return (1...count).map { "\(folder)/shard-\($0).jsonl" }
  }

  @Test func mergeOfFourShardsIsTheUnshardedScanByteForByte() throws {
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let inputs = try corpus()
    let files = shards(4, of: inputs)
    let header = try String(contentsOfFile: files[0], encoding: .utf8).split(separator: "\n")[0]
    let plan = try #require(try JSONSerialization.jsonObject(with: Data(header.utf8)) as? [String: Any])
    #expect((plan["units"] as? [Any])?.count ?? 0 > 12, "the big file is cut into units")
    for shape in [["--json"], ["--csv"], []] {
      let whole = spawnAndWait([Tmux.confab, "scan"] + shape + inputs)
      let merged = spawnAndWait([Tmux.confab, "scan", "--merge"] + shape + files)
      #expect(whole.status == 1 && merged.status == 1, "both report the broken line and the missing file")
      #expect(merged.output == whole.output, "shape \(shape)")
    }
    let json = spawnAndWait([Tmux.confab, "scan", "--merge", "--json"] + files).output
    #expect(json.contains("big.jsonl:78: invalid JSON"), "the broken line keeps its line number")
    #expect(json.contains("\"line\" : 120"), "a late record keeps its line number")
    let quoted = files.map { "'\($0)'" }.joined(separator: " ")
    let jsonOnly = spawnAndWait(["/bin/sh", "-c", "'\(Tmux.confab)' scan --merge --json \(quoted) 2>/dev/null"]).output
    let rescores = try #require(try JSONSerialization.jsonObject(with: Data(jsonOnly.utf8)) as? [String: Any])["rescores"] as? [Any]
    #expect(rescores?.count == 200, "each rescoring is paired with its parent in another shard")
  }

  @Test func aMergeRefusesAnIncompleteOrMixedSet() throws {
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let inputs = try corpus()
    let files = shards(3, of: inputs)
    let missing = spawnAndWait([Tmux.confab, "scan", "--merge", files[0], files[2]])
    #expect(missing.status == 1 && missing.output.contains("shard 2/3 missing"), "\(missing.output)")
    let other = spawnAndWait(["/bin/sh", "-c", "'\(Tmux.confab)' scan --shard 2/3 '\(inputs[0])' > '\(folder)/other.jsonl'"])
    #expect(other.status == 0)
    let mixed = spawnAndWait([Tmux.confab, "scan", "--merge", files[0], folder + "/other.jsonl", files[2]])
    #expect(mixed.output.contains("shard of another scan"), "\(mixed.output)")
    let lines = try String(contentsOfFile: files[1], encoding: .utf8).split(separator: "\n")
    try (lines.prefix(2).joined(separator: "\n") + "\n").write(toFile: files[1], atomically: true, encoding: .utf8)
    let cut = spawnAndWait([Tmux.confab, "scan", "--merge", "--json"] + files)
    #expect(cut.status == 1 && cut.output.contains("shard-2.jsonl:2: ends inside unit"), "\(cut.output.suffix(300))")
  }

  /// `confab prompts --shard K/N` takes each prompt whole: the shards' rows together are the
  /// unsharded rows, each once, with their rescorings and branches beside them.
  @Test func promptShardsTogetherAreTheWholeReport() throws {
    let samples = Tmux.repoRoot + "/samples/"
    func rows(_ extra: [String]) -> [String] {
      let run = spawnAndWait(["/bin/sh", "-c", "'\(Tmux.confab)' prompts --csv \(extra.joined(separator: " ")) '\(samples)' 2>/dev/null"])
      return Array(run.output.split(separator: "\n").dropFirst().map(String.init))
    }
    let whole = rows([])
    let parts = (1...3).map { rows(["--shard", "\($0)/3"]) }
    #expect(whole.count > 40)
    #expect(parts.allSatisfy { !$0.isEmpty && $0.count < whole.count }, "\(parts.map(\.count))")
    #expect(parts.flatMap { $0 }.sorted() == whole.sorted())
  }
}
