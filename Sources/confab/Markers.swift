import ConfabIO
import ConfabModel
import ArgumentParser
import Foundation

struct Markers: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "markers",
    abstract: "Find hedges, self-corrections and confident assertions in plain text.",
    discussion: """
      Offsets are Unicode scalar offsets (Python string indices). With --lines every input line
      is its own text and output is JSONL: {"line": N, "markers": [...], "decisiveness": D}, where
      D is how decisive the line's wording is, 0-1 (1 for plain text; `confab prompts` reads 0.8
      and above as sure).
      """)

  @Argument(help: "Text to scan (or use --file, or pipe text on stdin).")
  var text: [String] = []

  @Option(name: .long, help: "Read the text from this file ('-' for stdin).")
  var file: String?

  @Flag(help: "Write JSON.")
  var json = false

  @Flag(help: "Treat each input line as a separate text; write JSONL.")
  var lines = false

  @Option(name: .long, help: "Extra lexicon file(s) adding entries (see docs/lexicon.md).")
  var lexicon: [String] = []

  @Option(name: .customLong("replying-to"), help: ArgumentHelp(
    "The previous assistant turn the text answers (after a challenge such as \"Are you sure?\"): reply-only cues count and claims are compared with it.",
    valueName: "text"))
  var replyingTo: String?

  @Flag(help: "Print the built-in lexicon (a starting point for your own) and exit.")
  var printLexicon = false

  func run() throws {
    if printLexicon {
      print(Lexicon.builtInText)
      return
    }
    let loaded: Lexicon
    do {
      loaded = try LexiconLoader.load(extra: lexicon)
    } catch {
      warn("\(error)")
      throw ExitCode(1)
    }
    let detector = MarkerDetector(lexicon: loaded)
    let input: String
    if let file {
      guard let data = file == "-" ? FileHandle.standardInput.readDataToEndOfFile() : FileManager.default.contents(atPath: file) else {
        warn("\(file): cannot read")
        throw ExitCode(1)
      }
      input = String(decoding: data, as: UTF8.self)
    } else if !text.isEmpty {
      input = text.joined(separator: " ")
    } else {
      input = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
    }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    if lines {
      var output = ""
      // A final newline ends the last line; it does not start another (wc -l counts the same).
      var text = Substring(input)
      if text.hasSuffix("\n") { text = text.dropLast() }
      let rows = text.isEmpty && input.isEmpty ? [] : text.split(separator: "\n", omittingEmptySubsequences: false)
      for (number, line) in rows.enumerated() {
        let found = detector.markers(in: String(line), replyingTo: replyingTo)
        struct Row: Encodable { var line: Int; var markers: [Marker]; var decisiveness: Double }
        let row = Row(line: number + 1, markers: found, decisiveness: Decisiveness.of(found))
        output += String(decoding: try encoder.encode(row), as: UTF8.self) + "\n"
      }
      FileHandle.standardOutput.write(Data(output.utf8))
      return
    }
    let found = detector.markers(in: input, replyingTo: replyingTo)
    if json {
      encoder.outputFormatting.insert(.prettyPrinted)
      print(String(decoding: try encoder.encode(found), as: UTF8.self))
    } else {
      for marker in found {
        print("\(marker.kind.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0)) \(marker.start)-\(marker.end)  \(marker.text)  (\(marker.rule))")
      }
      print("decisiveness \(NumberText.fixed(Decisiveness.of(found), 3))")
    }
  }
}
