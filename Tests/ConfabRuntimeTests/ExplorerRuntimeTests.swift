import ConfabIO
import ConfabModel
import ConfabRuntime
import ConfabTUI
import Foundation
import Testing

/// The real run loop (inbox, effect runner, scanner, SQLite store) on an in-memory terminal.
@Suite struct ExplorerRuntimeTests {
  static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path
  static let samples = repoRoot + "/Tests/Fixtures/recorded/smollm2-135m-instruct.jsonl"

  /// A fresh folder for a tag store and labels.
  static func scratch() throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("confab-runtime-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }

  static func configuration(_ folder: String, files: [String] = [samples], analyzer: Analyzer = .builtIn) -> ExplorerConfiguration {
    ExplorerConfiguration(files: files, problems: [], analyzer: analyzer, dbPath: folder + "/tags.sqlite",
                          labelsPath: folder + "/labels.txt", follow: false)
  }

  /// Runs `keys` and returns every settled screen as text (the first is before any key).
  static func run(_ keys: String, _ configuration: ExplorerConfiguration, size: Size = Size(width: 100, height: 30)) throws
    -> (screens: [String], state: AppState)
  {
    let terminal = MemoryTerminal(size: size)
    let runtime = ExplorerRuntime(terminal: terminal, configuration: configuration)
    var screens: [String] = []
    runtime.run(script: try KeyNotation.parse(keys)) { screens.append(MemoryTerminal.text(of: $0)) }
    #expect(runtime.pending == 0)
    return (screens, runtime.state)
  }

  @Test func scriptedKeysSettleBeforeEachFrame() throws {
    let folder = try Self.scratch()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let (screens, state) = try Self.run("lll", Self.configuration(folder))
    #expect(screens.count == 4)
    // Settled means loaded: the first frame already shows the first transcript's first token.
    #expect(screens[0].contains("─ token 1/99 "))
    #expect(screens[3].contains("─ token 4/99 "))
    #expect(screens[3].split(separator: "\n", omittingEmptySubsequences: false).count == 30)
    #expect(state.list.entries.count == 42)
    #expect(state.list.scanned.finished)
  }

  /// The tag store is opened off the UI thread (after the first record's frame when
  /// interactive): what it finds still reaches the state, the labels file included, and a
  /// store that cannot be opened still refuses writes with the reason.
  @Test func theTagStoreOpensOffTheUIThreadAndItsFindingsArrive() throws {
    let folder = try Self.scratch()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try "claim\nretraction\n".write(toFile: folder + "/labels.txt", atomically: true, encoding: .utf8)
    let opened = try Self.run("", Self.configuration(folder)).state
    #expect(opened.tagging.readOnly == nil)
    #expect(opened.tagging.labels == (try LabelSet.load(path: folder + "/labels.txt")))
    // A folder where the store should be: unavailable, with the reason.
    try FileManager.default.createDirectory(atPath: folder + "/blocked.sqlite", withIntermediateDirectories: true)
    var blocked = Self.configuration(folder)
    blocked.dbPath = folder + "/blocked.sqlite"
    let (screens, state) = try Self.run("vt", blocked)
    #expect(state.tagging.readOnly != nil)
    #expect(screens[0].contains("tags unavailable"))
    #expect(state.tagging.tags.isEmpty)
  }

  @Test func nextTranscriptLoadsThroughTheEffectRunner() throws {
    let folder = try Self.scratch()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let (screens, state) = try Self.run("nnn", Self.configuration(folder))
    #expect(state.reader.open?.index == 3)
    #expect(state.reader.loading == nil)
    #expect(screens.last!.contains("4/42"))
    #expect(screens.last!.contains("strawberry-r · sample 0"))
  }

  @Test func tagsAreWrittenToTheStoreAndComeBackOnReopen() throws {
    let folder = try Self.scratch()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let configuration = Self.configuration(folder)
    let (screens, _) = try Self.run("vll1", configuration)
    #expect(screens.last!.contains("· saved"), "\(screens.last!)")
    let stored = try TagStore(path: configuration.dbPath).tags()
    #expect(stored.count == 1)
    #expect(stored.first?.tokenStart == 0 && stored.first?.tokenEnd == 3)
    // A second session reads them back, and undo there removes nothing it did not write.
    let (again, reopened) = try Self.run("u", configuration)
    #expect(reopened.tagging.tags.count == 1)
    #expect(again.last!.contains("nothing to undo"))
    #expect(try TagStore(path: configuration.dbPath).tags().count == 1)
  }

  @Test func undoReachesTheStore() throws {
    let folder = try Self.scratch()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let configuration = Self.configuration(folder)
    _ = try Self.run("l1lll2u", configuration)
    let stored = try TagStore(path: configuration.dbPath).tags()
    #expect(stored.count == 1)
    #expect(stored.first?.tokenStart == 1)
  }

  @Test func exportRunsOffTheUIThreadAndWritesTheFile() throws {
    let folder = try Self.scratch()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let target = folder + "/spans.json"
    let (screens, _) = try Self.run("vl1Xt<C-u>\(target)<Enter>", Self.configuration(folder))
    #expect(screens.last!.contains("wrote 1 span to \(target)"), "\(screens.last!)")
    let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: target))) as? [[String: Any]]
    #expect(json?.count == 1)
    #expect((json?.first?["text"] as? String)?.isEmpty == false)
  }

  @Test func anExportOntoAnInputIsRefused() throws {
    let folder = try Self.scratch()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let before = try Data(contentsOf: URL(fileURLWithPath: Self.samples))
    let (screens, _) = try Self.run("1Xa<C-u>\(Self.samples)<Enter>", Self.configuration(folder))
    #expect(screens.last!.contains("refused"), "\(screens.last!)")
    #expect(try Data(contentsOf: URL(fileURLWithPath: Self.samples)) == before)
  }

  @Test func aBrokenFileIsAProblemAndTheRestLoads() throws {
    let folder = try Self.scratch()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let broken = folder + "/broken.jsonl"
    try "{\"choices\": [oops\n".write(toFile: broken, atomically: true, encoding: .utf8)
    let (screens, state) = try Self.run("p", Self.configuration(folder, files: [broken, Self.samples]))
    #expect(state.list.entries.count == 42)
    #expect(screens.last!.contains("broken.jsonl:1: invalid JSON"), "\(screens.last!)")
  }
}
