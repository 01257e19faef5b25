import ConfabIO
import ConfabModel
import ConfabServer
import Foundation
import Testing

/// Broken input never crashes or hangs: each bad record is a problem naming path:line, and
/// the good records around it still load.
@Suite struct BadInputTests {
  /// One good single-line record per format.
  static let good: [String: String] = [
    "openai-chat": #"{"model":"m","choices":[{"index":0,"message":{"content":"Yes"},"logprobs":{"content":[{"token":"Yes","logprob":-0.1,"bytes":[89,101,115],"top_logprobs":[{"token":"Yes","logprob":-0.1,"bytes":[89,101,115]},{"token":"No","logprob":-2.5,"bytes":[78,111]}]}]}}]}"#,
    "llamacpp": #"{"content":"A","stop":true,"completion_probabilities":[{"id":1,"token":"A","bytes":[65],"logprob":-0.1,"top_logprobs":[{"id":1,"token":"A","bytes":[65],"logprob":-0.1}]},{"id":2,"token":"B","bytes":[66],"logprob":-0.2,"top_logprobs":[]}]}"#,
    "tgi": #"{"generated_text":"x","details":{"tokens":[{"id":1,"text":"x","logprob":-0.5,"special":false}],"top_tokens":[[{"id":1,"text":"x","logprob":-0.5,"special":false}]]}}"#,
    "ollama": #"{"model":"o","done":true,"response":"x","logprobs":[{"token":"x","logprob":-0.4,"top_logprobs":[{"token":"x","logprob":-0.4}]}]}"#,
    "gemini": #"{"candidates":[{"content":{"parts":[{"text":"x"}]},"logprobsResult":{"chosenCandidates":[{"token":"x","logProbability":-0.3}],"topCandidates":[{"candidates":[{"token":"x","logProbability":-0.3}]}]}}]}"#,
    "completions": #"{"object":"text_completion","choices":[{"text":"x","logprobs":{"tokens":["x"],"token_logprobs":[-0.3],"top_logprobs":[{"x":-0.3}]}}]}"#,
    "responses": #"{"object":"response","output":[{"type":"message","content":[{"type":"output_text","text":"x","logprobs":[{"token":"x","logprob":-0.3,"bytes":[120],"top_logprobs":[]}]}]}]}"#,
    "plain": #"{"messages":[{"role":"user","content":"hi"},{"role":"assistant","content":"I think so."}]}"#,
  ]

  /// Variants that must each be a reported problem.
  static func broken(_ line: String) -> [String] {
    [
      String(line.prefix(line.count / 2)),  // truncated
      line.replacingOccurrences(of: #""logprob":-"#, with: #""logprob":"high",""#, options: [], range: nil).replacingOccurrences(of: #""high","#, with: #""high""#),
      line.replacingOccurrences(of: #""bytes":["#, with: #""bytes":[999,"#),  // bytes out of range
      "[" + line,  // unbalanced
      String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000),  // deep nesting
      "\u{1}\u{2}garbage",  // not JSON
      "42",
      #"{"choices": 3}"#,  // wrong type
      #"{"details": {"tokens": "nope"}}"#,
    ]
  }

  /// Odd but valid variants that must load without problems.
  static func odd(_ line: String) -> [String] {
    [
      line.replacingOccurrences(of: "-0.1", with: "NaN"),
      line.replacingOccurrences(of: "-0.1", with: "-Infinity"),
      line.replacingOccurrences(of: "-0.1", with: "-9999"),
      line.replacingOccurrences(of: "-0.1", with: "-3.4028234663852886e38"),
      line.replacingOccurrences(of: #"[{"token":"Yes","logprob":-0.1,"bytes":[89,101,115]},{"token":"No","logprob":-2.5,"bytes":[78,111]}]"#, with: "[]"),
      line.replacingOccurrences(of: #"{"token":"No","logprob":-2.5,"bytes":[78,111]}"#, with: #"{"token":"Yes","logprob":-2.5,"bytes":[89,101,115]}"#),
      line.replacingOccurrences(of: "[89,101,115],\"top", with: "[255,254],\"top"),  // not UTF-8
    ]
  }

  @Test func brokenRecordsAreProblemsWithPathAndLineAndNeighboursLoad() throws {
    for (format, line) in Self.good.sorted(by: { $0.key < $1.key }) {
      // A mutation that does not apply to this format leaves the line as it was: skip it.
      for (index, bad) in Self.broken(line).enumerated() where bad != line {
        let path = try temporaryFile("\(format)-\(index).jsonl", line + "\n" + bad + "\n" + line + "\n")
        let (transcripts, problems) = scanAll(path)
        #expect(transcripts.count == 2 * (Self.transcriptsPerRecord[format] ?? 1), "\(format) variant \(index): good records around a bad one: \(bad.prefix(80))")
        #expect(problems.count == 1, "\(format) variant \(index): \(problems)")
        #expect(problems.first?.line == 2, "\(format) variant \(index)")
        #expect(problems.first?.description.hasPrefix("\(path):2: ") == true)
      }
    }
  }

  static let transcriptsPerRecord: [String: Int] = [:]

  @Test func oddButValidRecordsLoad() throws {
    let line = Self.good["openai-chat"]!
    for (index, variant) in Self.odd(line).enumerated() {
      let path = try temporaryFile("odd-\(index).jsonl", variant + "\n")
      let (transcripts, problems) = scanAll(path)
      #expect(problems.isEmpty, "variant \(index): \(problems)")
      #expect(transcripts.count == 1, "variant \(index)")
    }
  }

  @Test func aTenMegabyteTokenLoads() throws {
    let big = String(repeating: "x", count: 10 << 20)
    let line = #"{"choices":[{"index":0,"logprobs":{"content":[{"token":"\#(big)","logprob":-0.1,"top_logprobs":[]}]}}]}"#
    let path = try temporaryFile("big.jsonl", line + "\n")
    let (transcripts, problems) = scanAll(path)
    #expect(problems.isEmpty)
    #expect(transcripts.first?.messages.last?.tokens?.first?.bytes.count == 10 << 20)
  }

  @Test func binaryEmptyAndCorruptContainersAreNamed() throws {
    #expect(scanAll(try temporaryFile("e.json", "")).problems.map(\.message) == ["empty file"])
    #expect(scanAll(try temporaryFile("b.bin", [0x00, 0xFF, 0x13, 0x37])).problems.map(\.message) == ["binary data, not JSON text"])
    let zip = scanAll(try temporaryFile("z.eval", [0x50, 0x4B, 0x03, 0x04, 1, 2, 3])).problems
    #expect(zip.count == 1 && zip[0].message.contains("zip"))
    let gz = scanAll(try temporaryFile("g.jsonl.gz", [0x1F, 0x8B, 0x08, 0x00, 9, 9, 9])).problems
    #expect(gz.count == 1)
  }
}
