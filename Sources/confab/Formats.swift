import Foundation
import ConfabIO
import ConfabModel
import ArgumentParser

struct Formats: ParsableCommand {
  static let configuration = CommandConfiguration(commandName: "formats", abstract: "List the input formats confab detects by content.")

  func run() {
    for importer in Importers.all {
      print(importer.name.padding(toLength: 24, withPad: " ", startingAt: 0) + importer.summary)
    }
    for importer in StreamImporters.all {
      print(importer.name.padding(toLength: 24, withPad: " ", startingAt: 0) + importer.summary)
    }
    print("Containers: plain, gzip (.gz, by magic bytes), zip (Inspect .eval), SQLite (simonw/llm logs.db: llm-logs); layouts: JSONL, one JSON document, SSE, NDJSON.")
  }
}
