import ArgumentParser
import ConfabCore

struct Formats: ParsableCommand {
  static let configuration = CommandConfiguration(abstract: "List the input formats confab detects by content.")

  func run() {
    for importer in Importers.all {
      print(importer.name.padding(toLength: 14, withPad: " ", startingAt: 0) + importer.summary)
    }
  }
}
