import Foundation
import Testing

/// No command writes over its inputs, the tag store or the prompts file, however the output is
/// spelled (symlinks, a folder holding a link, the store's own path).
@Suite struct OutputGuardE2ETests {
  static let sample = Tmux.repoRoot + "/Tests/Fixtures/recorded/smollm2-135m-instruct.jsonl"

  /// A folder with a copy of a sample and a store holding one tag on it (made by the explorer).
  static func taggedWorkspace() throws -> (dir: String, input: String, db: String, env: [String: String]) {
    let dir = try HeadlessExplorerE2ETests.workspace()
    let input = dir + "/s.jsonl"
    try FileManager.default.copyItem(atPath: sample, toPath: input)
    let tagged = HeadlessExplorerE2ETests.explore([input], keys: "1", in: dir)
    #expect(tagged.status == 0, "\(tagged.output)")
    let env = ["XDG_CONFIG_HOME": dir + "/config", "CONFAB_DB": dir + "/tags.sqlite", "LANG": "C.UTF-8",
               "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"]
    return (dir, input, dir + "/tags.sqlite", env)
  }

  static func contents(_ path: String) -> Data? { FileManager.default.contents(atPath: path) }

  /// The store's tags as `confab export` prints them (opening SQLite changes its bytes).
  static func tags(_ db: String, _ env: [String: String]) -> String {
    let result = spawnAndWait([Tmux.confab, "export", "--db", db], environment: env)
    #expect(result.status == 0 && result.output.contains("\"label\""), "\(result.output)")
    return result.output
  }

  @Test func exportOntoItsOwnStoreOrATaggedSourceIsRefused() throws {
    let (dir, input, db, env) = try Self.taggedWorkspace()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let store = Self.tags(db, env)
    let ontoStore = spawnAndWait([Tmux.confab, "export", "--db", db, "-o", db], environment: env)
    #expect(ontoStore.status == 1)
    #expect(ontoStore.output.contains("is the tag store"), "\(ontoStore.output)")
    #expect(Self.tags(db, env) == store)
    let original = try #require(Self.contents(input))
    let ontoInput = spawnAndWait([Tmux.confab, "export", "--db", db, "-o", input], environment: env)
    #expect(ontoInput.status == 1)
    #expect(ontoInput.output.contains("is an input"), "\(ontoInput.output)")
    #expect(Self.contents(input) == original)
    // The store's write-ahead log is the store too.
    let ontoLog = spawnAndWait([Tmux.confab, "export", "--db", db, "-o", db + "-wal"], environment: env)
    #expect(ontoLog.status == 1)
  }

  @Test func convertComparesFilesNotSpellings() throws {
    let dir = try HeadlessExplorerE2ETests.workspace()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let input = dir + "/s.jsonl"
    try FileManager.default.copyItem(atPath: Self.sample, toPath: input)
    let original = try #require(Self.contents(input))
    try FileManager.default.createSymbolicLink(atPath: dir + "/link.jsonl", withDestinationPath: input)
    let viaLink = spawnAndWait([Tmux.confab, "convert", dir + "/link.jsonl", "-o", input])
    #expect(viaLink.status == 1)
    #expect(viaLink.output.contains("is an input"), "\(viaLink.output)")
    let folder = dir + "/d"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    try FileManager.default.createSymbolicLink(atPath: folder + "/inside.jsonl", withDestinationPath: input)
    let viaFolder = spawnAndWait([Tmux.confab, "convert", folder, "-o", input])
    #expect(viaFolder.status == 1)
    let dotted = spawnAndWait([Tmux.confab, "convert", input, "-o", dir + "/./d/../s.jsonl"])
    #expect(dotted.status == 1)
    #expect(Self.contents(input) == original)
    let fine = spawnAndWait([Tmux.confab, "convert", input, "-o", dir + "/out.jsonl"])
    #expect(fine.status == 0, "\(fine.output)")
  }

  @Test func convertNeverReplacesTheTagStore() throws {
    let (dir, input, db, env) = try Self.taggedWorkspace()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let store = Self.tags(db, env)
    let result = spawnAndWait([Tmux.confab, "convert", input, "-o", db], environment: env)
    #expect(result.status == 1)
    #expect(result.output.contains("is the tag store"), "\(result.output)")
    #expect(Self.tags(db, env) == store)
  }

  @Test func recordNeverAppendsToItsPromptsFile() throws {
    let dir = try HeadlessExplorerE2ETests.workspace()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let prompts = dir + "/p.jsonl"
    let text = #"{"id": "a", "prompt": "x"}"# + "\n" + #"{"id": "b", "prompt": "y"}"#  // no final newline
    try text.write(toFile: prompts, atomically: true, encoding: .utf8)
    let result = spawnAndWait([Tmux.confab, "record", "--server", "http://127.0.0.1:9", "--prompts", prompts, "-o", prompts])
    #expect(result.status == 1)
    #expect(result.output.contains("is the prompts file"), "\(result.output)")
    #expect(try String(contentsOfFile: prompts, encoding: .utf8) == text)
  }

  @Test func exportInTheExplorerRefusesTheStore() throws {
    let (dir, input, db, env) = try Self.taggedWorkspace()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let store = Self.tags(db, env)
    let result = HeadlessExplorerE2ETests.explore([input], keys: "Xa<C-u>\(db)<Enter>", in: dir)
    #expect(result.output.contains("is the tag store"), "\(result.output)")
    #expect(Self.tags(db, env) == store)
  }
}

/// Diagnostics print outside text (here a file name) with control characters escaped.
@Suite struct EscapedDiagnosticsTests {
  @Test func aHostileFileNameCannotDriveTheTerminal() throws {
    let dir = try HeadlessExplorerE2ETests.workspace()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let path = dir + "/bad\u{1B}[31m.jsonl"
    let record = try String(contentsOfFile: OutputGuardE2ETests.sample, encoding: .utf8).split(separator: "\n")[0]
    try ("not json\n" + record + "\n").write(toFile: path, atomically: true, encoding: .utf8)
    let result = spawnAndWait([Tmux.confab, "scan", path])
    #expect(result.status == 1)
    #expect(result.output.contains(#"bad\x1b[31m.jsonl:2"#), "the table's source column: \(result.output)")
    #expect(!result.output.contains("\u{1B}"), "\(result.output.debugDescription)")
    #expect(result.output.contains(#"bad\x1b[31m.jsonl:1: invalid JSON"#), "\(result.output)")
  }
}
