import ConfabIO
import ConfabModel
import ArgumentParser
import ConfabRuntime
import ConfabTUI
import ConfabTerminal
import Foundation

struct Explore: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "explore", abstract: "Open the explorer (the default command).",
    discussion: """
      Headless: --keys runs the real explorer on an in-memory screen, types KEYS (vim notation \
      for special keys: <Tab> <S-Tab> <Esc> <Enter> <Space> <BS> <Up> <Down> <Left> <Right> \
      <PageUp> <PageDown> <Home> <End> <F1> <C-x>, <lt> for a literal <), waits after each key \
      until nothing is pending, and prints the final screen as text. No terminal needed.

      Example: confab samples/ --keys 'lll' --screen 100x30
      """)

  @Argument(help: ArgumentHelp(InputPaths.helpText))
  var paths: [String] = []

  @OptionGroup var analysis: AnalysisOptions

  @Option(help: "Tag store (SQLite). Default: $CONFAB_DB, else $XDG_DATA_HOME/confab/tags.sqlite.")
  var db: String?

  @Flag(help: "Follow the files as they grow (a recording in progress); F toggles it in the explorer.")
  var follow = false

  @Option(help: "Headless: keys to type (see below); prints the screen instead of opening a terminal.")
  var keys: String?

  @Option(help: "Headless screen size, WIDTHxHEIGHT.")
  var screen = "120x40"

  @Flag(help: "Headless: print the screen after every key, frames separated by a form-feed line.")
  var frames = false

  @Option(help: "A running llama.cpp server B branches and R rescores on (default: $CONFAB_SERVER), e.g. http://127.0.0.1:8080.")
  var server: String?

  @Option(help: "Where B and R append their branches and rescorings (confab JSONL; never an input). Default: $XDG_DATA_HOME/confab/branches.jsonl. Listed beside the inputs when it holds some of theirs.")
  var branches: String?

  /// The options as plain values: what the explorer runs on.
  var request: ExploreRequest {
    ExploreRequest(
      paths: paths, analysis: analysis.settings, db: db, follow: follow, keys: keys, screen: screen, frames: frames,
      server: server, branches: branches)
  }

  func validate() throws { try request.validate() }

  func run() throws { try request.run() }
}
