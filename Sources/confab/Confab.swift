import ArgumentParser
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

  static func main() async {
    MemoryPolicy.apply()
    LexiconWarmUp.start()
    await main(nil)
  }
}
