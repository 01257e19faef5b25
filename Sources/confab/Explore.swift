import ArgumentParser
import ConfabCore
import ConfabTUI
import ConfabTerminal
import Foundation

struct Explore: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "explore", abstract: "Open the explorer (the default command).")

  @Argument(help: "Files or folders (.json, .jsonl; folders are searched recursively).")
  var paths: [String] = []

  @OptionGroup var analysis: AnalysisOptions

  @Option(help: "Tag store (SQLite). Default: $CONFAB_DB, else $XDG_DATA_HOME/confab/tags.sqlite.")
  var db: String?

  @Flag(help: "Follow the files as they grow (a recording in progress); F toggles it in the explorer.")
  var follow = false

  func validate() throws {
    if paths.isEmpty { throw ValidationError("give at least one file or folder, e.g. confab samples/") }
  }

  func run() throws {
    guard isatty(STDOUT_FILENO) == 1, isatty(STDIN_FILENO) == 1 else {
      FileHandle.standardError.write(Data("""
        confab: the explorer needs a terminal (stdout or stdin is not one).
        For scripts use the headless commands, e.g. `confab scan \(paths.joined(separator: " ")) --json`.

        """.utf8))
      throw ExitCode(2)
    }
    let (files, problems) = InputPaths.expand(paths)
    if files.isEmpty {
      for problem in problems { FileHandle.standardError.write(Data("confab: \(problem)\n".utf8)) }
      FileHandle.standardError.write(Data("confab: no input files found\n".utf8))
      throw ExitCode(1)
    }
    let noColor = !(ProcessInfo.processInfo.environment["NO_COLOR"] ?? "").isEmpty
    try ExploreLoop(
      files: files, problems: problems, noColor: noColor, analyzer: try analysis.analyzer(),
      dbPath: db ?? TagStore.defaultPath(), follow: follow
    ).run()
  }
}
