import ArgumentParser
import ConfabIO
import ConfabModel

@main
struct Confab: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "confab",
    abstract: "Explore sampled LLM transcripts with their per-token distributions.",
    discussion: """
      confab PATHS opens the explorer on files and folders (any supported format, by content).
      Headless commands for scripts: scan, markers, convert, export, record, formats.
      """,
    version: Release.version,
    subcommands: [Explore.self, Scan.self, Prompts.self, Events.self, Markers.self, Convert.self, Export.self, Record.self, Branch.self, Rescore.self, Formats.self, TagLoop.self],
    defaultSubcommand: Explore.self
  )

  /// Names that select a subcommand rather than name a path. Spelled out: reading them from
  /// `configuration` set up every subcommand's configuration, ~0.5 ms before the first screen
  /// (a test keeps the two the same).
  static let subcommandNames = [
    "explore", "scan", "prompts", "events", "markers", "convert", "export", "record", "branch", "rescore", "formats",
    "debug-tag-loop", "help",
  ]

  static func main() async {
    StartupTrace.mark("main")
    MemoryPolicy.apply()
    // `confab FILE`, the commonest run, opens without parsing the command tree: that took a
    // few milliseconds of the first screen. Anything else goes through the parser. It builds
    // the lexicon on the main thread once the terminal is set up, not on a thread of its own:
    // a third busy thread on two cores slowed the first record's read by more than the
    // lexicon's overlap gained.
    if let request = ExploreRequest.plain(CommandLine.arguments) {
      do {
        try request.validate()
        try request.run()
      } catch {
        exit(withError: error)
      }
      return
    }
    LexiconWarmUp.start()
    await main(nil)
  }
}
