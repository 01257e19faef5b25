import Foundation
import Testing

@testable import ConfabIO

/// An output is refused when it is a protected file however it is spelled: relative or
/// absolute, through a symlinked folder, or not made yet (the tag store's companion files).
@Suite struct OutputGuardTests {
  private func folder() throws -> String {
    let path = NSTemporaryDirectory() + "confab-guard-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: path + "/real", withIntermediateDirectories: true)
    try FileManager.default.createSymbolicLink(atPath: path + "/link", withDestinationPath: path + "/real")
    return path
  }

  @Test func spellingsOfOneFileResolveAlike() throws {
    let root = try folder()
    defer { try? FileManager.default.removeItem(atPath: root) }
    #expect(FileManager.default.createFile(atPath: root + "/real/input.jsonl", contents: Data("{}\n".utf8)))
    let real = OutputGuard.resolved(root + "/real/input.jsonl")
    #expect(OutputGuard.resolved(root + "/link/input.jsonl") == real)
    #expect(OutputGuard.resolved(root + "/link/../real/input.jsonl") == real)
    // Not made yet: its folder resolved, its name kept.
    let missing = OutputGuard.resolved(root + "/link/tags.sqlite-wal")
    #expect(missing == OutputGuard.resolved(root + "/real") + "/tags.sqlite-wal")
    // A relative path is taken from the working directory.
    let cwd = FileManager.default.currentDirectoryPath
    #expect(OutputGuard.resolved("Package.swift") == OutputGuard.resolved(cwd + "/Package.swift"))
    #expect(OutputGuard.resolved("not-made-yet.json") == OutputGuard.resolved(cwd) + "/not-made-yet.json")
    // A folder missing too: the spelling, absolute and standardized.
    #expect(OutputGuard.resolved(root + "/none/../none/x.json") == root + "/none/x.json")
  }

  @Test func theStoreAndItsCompanionsAreRefusedThroughALink() throws {
    let root = try folder()
    defer { try? FileManager.default.removeItem(atPath: root) }
    #expect(FileManager.default.createFile(atPath: root + "/real/in.jsonl", contents: Data("{}\n".utf8)))
    var outputGuard = OutputGuard()
    outputGuard.protect(inputs: [root + "/real/in.jsonl"])
    outputGuard.protect(tagStore: root + "/real/tags.sqlite")
    #expect(outputGuard.refusal(writing: root + "/link/in.jsonl")?.contains("an input") == true)
    #expect(outputGuard.refusal(writing: root + "/link/tags.sqlite-wal")?.contains("wal file") == true)
    #expect(outputGuard.refusal(writing: root + "/link/tags.sqlite-journal") != nil)
    #expect(outputGuard.refusal(writing: root + "/link/export.json") == nil)
  }
}
