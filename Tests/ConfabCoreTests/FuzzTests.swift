import ConfabIO
import ConfabModel
import ConfabServer
import Foundation
import Testing

/// A seeded mutator over our fixtures: every mutant is scanned in-process; a crash fails the
/// run. `make test` runs a few thousand inputs; `make fuzz` sets CONFAB_FUZZ_ITERATIONS higher.
@Suite struct FuzzTests {
  struct Random {
    var state: UInt64
    mutating func next() -> UInt64 {
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
    mutating func below(_ bound: Int) -> Int { bound <= 0 ? 0 : Int(next() % UInt64(bound)) }
  }

  static let interesting: [[UInt8]] = ["NaN", "-Infinity", "null", "[]", "{}", "\"", "\\", "data: ", "[DONE]", "\n", "-9999",
    "1e400", "\u{FFFD}", "\"bytes\":[256]", "\"top_logprobs\":3", "\"choices\":null"].map { Array($0.utf8) }

  static func mutate(_ input: [UInt8], _ random: inout Random) -> [UInt8] {
    var bytes = input
    for _ in 0..<(1 + random.below(4)) {
      guard !bytes.isEmpty else { return Self.interesting[random.below(Self.interesting.count)] }
      let at = random.below(bytes.count)
      switch random.below(6) {
      case 0: bytes[at] = UInt8(truncatingIfNeeded: random.next())
      case 1: bytes.remove(at: at)
      case 2: bytes.insert(contentsOf: Self.interesting[random.below(Self.interesting.count)], at: at)
      case 3: bytes = Array(bytes.prefix(at))
      case 4:
        let end = min(bytes.count, at + random.below(64))
        bytes.insert(contentsOf: bytes[at..<end], at: random.below(bytes.count))
      default:
        let end = min(bytes.count, at + random.below(32))
        bytes.removeSubrange(at..<end)
      }
    }
    return bytes
  }

  /// Damage of whole-file kinds: a byte order mark, a cut at the end, a zip header's size
  /// claims rewritten (zip64's 0xFFFFFFFF and random lies), a run of NUL bytes (a sparse
  /// file's hole, zero padding) inside or after the records.
  static func damage(_ input: [UInt8], _ random: inout Random) -> [UInt8] {
    var bytes = input
    switch random.below(5) {
    case 4:
      // Long runs (past a 2 MiB read buffer) at the end, short ones anywhere.
      if random.below(2) == 0 {
        bytes += [UInt8](repeating: 0, count: (2 << 20) + random.below(1 << 20))
      } else {
        bytes.insert(contentsOf: [UInt8](repeating: 0, count: 1 + random.below(4096)), at: random.below(bytes.count + 1))
      }
    case 0: bytes = [0xEF, 0xBB, 0xBF] + bytes
    case 1: bytes = Array(bytes.prefix(random.below(bytes.count + 1)))
    case 2:
      var index = 0
      while index + 46 <= bytes.count {
        if bytes[index..<index + 4].elementsEqual([0x50, 0x4B, 0x01, 0x02]) {
          let claim: UInt32 = random.below(2) == 0 ? 0xFFFF_FFFF : UInt32(truncatingIfNeeded: random.next())
          let field = index + (random.below(2) == 0 ? 20 : 24)
          bytes.replaceSubrange(field..<field + 4, with: withUnsafeBytes(of: claim.littleEndian, Array.init))
        }
        index += 1
      }
    default: break
    }
    return bytes
  }

  /// Each fixture gzipped too (documents included), so mutants cover cut and corrupt .gz.
  static func gzipped(_ corpus: [(String, [UInt8])], in folder: URL) throws -> [(String, [UInt8])] {
    try corpus.filter { !$0.0.hasSuffix(".gz") && !$0.0.hasSuffix(".eval") }.map { name, bytes in
      let plain = folder.appendingPathComponent("plain-" + name)
      try Data(bytes).write(to: plain)
      let gzip = Process()
      gzip.executableURL = URL(fileURLWithPath: "/usr/bin/env")
      gzip.arguments = ["gzip", "-nf", plain.path]
      try gzip.run()
      gzip.waitUntilExit()
      return (name + ".gz", try [UInt8](Data(contentsOf: URL(fileURLWithPath: plain.path + ".gz"))))
    }
  }

  @Test func mutatedFixturesNeverCrash() throws {
    let iterations = Int(ProcessInfo.processInfo.environment["CONFAB_FUZZ_ITERATIONS"] ?? "") ?? 3000
    let directory = Fixture.path("formats")
    var corpus: [(String, [UInt8])] = []
    for name in try FileManager.default.contentsOfDirectory(atPath: directory).sorted() where !name.hasSuffix(".py") {
      corpus.append((name, try [UInt8](Data(contentsOf: URL(fileURLWithPath: directory + "/" + name)))))
    }
    corpus.append(("edge.jsonl", try [UInt8](Data(contentsOf: URL(fileURLWithPath: Fixture.path("openai-chat-edge.jsonl"))))))
    var random = Random(state: 20261129)
    let parser = JSONParser()
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("confab-fuzz-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: scratch) }
    corpus += try Self.gzipped(corpus, in: scratch)
    var transcripts = 0
    var problems = 0
    let detector = MarkerDetector()
    for iteration in 0..<iterations {
      let (name, original) = corpus[random.below(corpus.count)]
      let mutant = random.below(3) == 0 ? Self.damage(original, &random) : Self.mutate(original, &random)
      let path = scratch.appendingPathComponent("\(iteration % 16)-\(name)").path
      try Data(mutant).write(to: URL(fileURLWithPath: path))
      RecordFile.scan(path: path, parser: parser) { outcome in
        switch outcome {
        case .transcripts(let found):
          transcripts += found.count
          for transcript in found {
            // Everything downstream of the importers must cope with what they produce.
            _ = Analyzer(detector: detector, thresholds: EventThresholds()).summarize(transcript)
            _ = try? RecordFile.load(transcript.source, parser: parser)
          }
        case .summaries: break
        case .problem(let problem):
          problems += 1
          #expect(problem.path == path)
        }
        return true
      }
      _ = detector.markers(in: String(decoding: mutant.prefix(1 << 16), as: UTF8.self))  // NUL runs add nothing here
    }
    print("fuzz: \(iterations) inputs, 0 crashes (\(transcripts) transcripts, \(problems) problems reported)")
  }
}
