import ConfabModel
import Foundation
import Testing

@testable import ConfabTUI

/// A small transcript with the shapes the screen must handle: a text-only user turn, an
/// assistant turn with a wrong answer at rank 2, a newline token, wide characters, a partial
/// UTF-8 token shown as hex, and a token outside its top-k.
enum Demo {
  static func alt(_ text: String, _ p: Double) -> Alternative {
    Alternative(bytes: Array(text.utf8), logprob: Logprob(raw: log(p)))
  }

  static func token(_ text: String, _ p: Double, _ top: [(String, Double)]) -> Token {
    tokenBytes(Array(text.utf8), p, top)
  }

  static func tokenBytes(_ bytes: [UInt8], _ p: Double, _ top: [(String, Double)]) -> Token {
    var token = Token(bytes: bytes, logprob: Logprob(raw: log(p)), top: top.map { alt($0.0, $0.1) })
    token.chosenIndex = token.top.firstIndex { $0.bytes == bytes && abs($0.logprob.probability - p) < 1e-9 }
    return token
  }

  static let transcript: Transcript = {
    let tokens: [Token] = [
      token("The", 0.82, [("The", 0.82), ("Australia", 0.05), ("In", 0.02)]),
      token(" capital", 0.9, [(" capital", 0.9), (" city", 0.05)]),
      token(" is", 0.95, [(" is", 0.95), (",", 0.04)]),
      token(" Sydney", 0.31, [(" Canberra", 0.42), (" Sydney", 0.31), (" Melbourne", 0.1)]),
      token(".", 0.99, [(".", 0.99)]),
      token("\n", 0.6, [("\n", 0.6), (" It", 0.3)]),
      token("日本", 0.4, [("日本", 0.4), ("東京", 0.2)]),
      tokenBytes([0xE2, 0x80], 0.2, [("—", 0.5)]),
      token(" maybe", 0.01, [(" definitely", 0.7), (" surely", 0.2)]),
    ]
    let source = SourceRef(path: "demo.jsonl", line: 1, byteOffset: 0, byteLength: 0, choice: 0, format: .openaiChat)
    return Transcript(
      id: "demo", source: source, model: "SmolLM2-135M-Instruct", promptID: "capital-australia", sampleIndex: 3,
      messages: [
        Message(role: .user, text: "What is the capital of Australia?"),
        Message(role: .assistant, text: TokenText.text(of: tokens), tokens: tokens),
      ])
  }()

  static let plain: Transcript = Transcript(
    id: "plain", source: SourceRef(path: "plain.jsonl", line: 1, byteOffset: 0, byteLength: 0, choice: 0, format: .plainChat),
    messages: [Message(role: .user, text: "Hi"), Message(role: .assistant, text: "Hello there. I think this has no logprobs.")])

  /// What the load effect hands `update`: the transcript analysed with the built-in lexicon.
  static func analyzed(_ transcript: Transcript) -> AnalyzedTranscript {
    AnalyzedTranscript(transcript, analyzer: .builtIn)
  }

  /// A state with `Demo.transcript` (and a second entry) loaded, as after start-up.
  static func state(width: Int = 80, height: Int = 24, colors: ColorMode = .full256) -> AppState {
    var state = AppState(size: Size(width: width, height: height), colorMode: colors, fileCount: 1)
    var scan = CorpusUpdate()
    scan.summaries = [TranscriptSummary(transcript), TranscriptSummary(plain)]
    scan.finished = true
    let effects = update(&state, .corpus(scan))
    #expect(effects == [.load(index: 0, transcript.source)])
    _ = update(&state, .loaded(index: 0, Demo.analyzed(transcript)))
    return state
  }

  static func press(_ state: inout AppState, _ keys: Key...) {
    for key in keys { _ = update(&state, .key(key)) }
  }
}

/// Compares the buffer's text with Snapshots/NAME.txt; CONFAB_UPDATE_SNAPSHOTS=1 rewrites it.
func expectSnapshot(_ buffer: Buffer, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
  let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots/\(name).txt")
  let actual = buffer.text + "\n"
  if ProcessInfo.processInfo.environment["CONFAB_UPDATE_SNAPSHOTS"] == "1" {
    try actual.write(to: url, atomically: true, encoding: .utf8)
    return
  }
  let expected = try String(contentsOf: url, encoding: .utf8)
  #expect(actual == expected, "snapshot \(name) differs", sourceLocation: sourceLocation)
}

/// The first cell whose row text contains `needle` at that column.
func cell(_ buffer: Buffer, containing needle: String) -> (x: Int, y: Int)? {
  for (y, line) in buffer.lines.enumerated() {
    guard let range = line.range(of: needle) else { continue }
    let prefix = String(line[line.startIndex..<range.lowerBound])
    // Map characters to columns (wide characters take two cells).
    return (DisplayWidth.of(prefix), y)
  }
  return nil
}

/// Like `cell(_:containing:)` but the last row that contains `needle`.
func lastCell(_ buffer: Buffer, containing needle: String) -> (x: Int, y: Int)? {
  for (y, line) in buffer.lines.enumerated().reversed() {
    guard let range = line.range(of: needle) else { continue }
    return (DisplayWidth.of(String(line[line.startIndex..<range.lowerBound])), y)
  }
  return nil
}
