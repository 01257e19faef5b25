import ConfabIO
import ConfabModel
import ArgumentParser
import ConfabTUI
import Foundation

@main
struct Bench: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "confab-bench", abstract: "Benchmark helpers for make bench.",
    subcommands: [Generate.self, Frame.self, FirstRecord.self, MarkerSpeed.self, Latency.self])
}

struct Generate: ParsableCommand {
  static let configuration = CommandConfiguration(abstract: "Write a seeded OpenAI-shaped JSONL corpus of about --megabytes MB.")
  @Argument var output: String
  @Option var megabytes: Int = 100
  @Option var seed: UInt64 = 42

  func run() throws {
    guard FileManager.default.createFile(atPath: output, contents: nil) else { throw ValidationError("cannot create \(output)") }
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
    defer { try? handle.close() }
    var generator = CorpusGenerator(seed: seed)
    var written = 0
    var index = 0
    while written < megabytes * 1_000_000 {
      var line = generator.record(index: index)
      line.append(0x0A)
      try handle.write(contentsOf: line)
      written += line.count
      index += 1
    }
    print("\(output): \(index) records, \(written) bytes")
  }
}

struct Frame: ParsableCommand {
  static let configuration = CommandConfiguration(abstract: "Time key -> update -> view on a 4,000-token transcript at 200x60.")
  @Option var iterations = 3000

  func run() throws {
    var generator = CorpusGenerator(seed: 7)
    let line = generator.record(index: 0, tokens: 4000)
    let source = SourceRef(path: "bench", line: 1, byteOffset: 0, byteLength: line.count, choice: 0, format: .undetected)
    let transcripts = try JSONParser().parse(line) { root in
      try Importers.transcripts(from: root, source: source)
    }
    let transcript = transcripts[0]
    var state = AppState(size: Size(width: 200, height: 60), colorMode: .full256, fileCount: 1)
    var scan = CorpusUpdate()
    scan.summaries = [TranscriptSummary(transcript)]
    scan.finished = true
    _ = update(&state, .corpus(scan))
    _ = update(&state, .loaded(index: 0, AnalyzedTranscript(transcript, analyzer: .builtIn)))
    let keys: [Key] = [.char("l"), .char("l"), .char("w"), .char("j"), .char("l"), .char("b"), .char("k"), .char("l")]
    var samples: [Double] = []
    samples.reserveCapacity(iterations)
    var checksum = 0
    for index in 0..<iterations {
      let start = DispatchTime.now().uptimeNanoseconds
      _ = update(&state, .key(keys[index % keys.count]))
      let buffer = view(state)
      samples.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
      checksum &+= buffer[0, 0].symbol.utf8.count
    }
    samples.sort()
    let median = samples[samples.count / 2]
    let p99 = samples[samples.count * 99 / 100]
    print(String(format: "frame (key -> update -> view, 4000 tokens, 200x60): median %.3f ms, p99 %.3f ms, n=%d (cursor at %d, checksum %d)",
                 median, p99, iterations, state.reader.cursor, checksum))
  }
}

struct FirstRecord: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "first", abstract: "Break down the first-screen path on FILE: read, parse+import, figures, layout+view.")
  @Argument var file: String

  func run() throws {
    func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e6 }
    for _ in 0..<3 {
      let t0 = now()
      var first: [Transcript] = []
      var tRead = 0.0
      RecordFile.scan(path: file, parser: JSONParser()) { outcome in
        tRead = now()
        if case .transcripts(let found) = outcome { first = found }
        return false
      }
      let t1 = now()
      let analyzer = Analyzer.builtIn
      let summaries = first.map(analyzer.summarize)
      let t2 = now()
      var state = AppState(size: Size(width: 120, height: 40), colorMode: .full256, fileCount: 1)
      var scan = CorpusUpdate()
      scan.summaries = summaries
      _ = update(&state, .corpus(scan))
      _ = update(&state, .loaded(index: 0, AnalyzedTranscript(first[0], analyzer: analyzer)))
      let buffer = view(state)
      let t3 = now()
      print(String(format: "read+parse+import %.1f ms (callback at %.1f), figures %.1f ms, state+layout+view %.1f ms (%d cells)",
                   t1 - t0, tRead - t0, t2 - t1, t3 - t2, buffer.size.width * buffer.size.height))
    }
  }
}

struct MarkerSpeed: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "markers", abstract: "Marker detection throughput on one core, over message-sized texts.")
  @Option var megabytes = 50

  static let sentences = [
    "The capital of Australia is probably Sydney, although many people think it is Canberra.",
    "Wait, that's not right. Let me recount the letters in the word strawberry.",
    "I am confident that the answer is definitely 408, because 17 times 24 is 408.",
    "The novel was first published in 1966, several decades after it was written.",
    "However, the museum is closed on Mondays and opens at nine on other days.",
    "It could be that the server was misconfigured; I'm not entirely sure.",
    "Here is the code:\n```\nwait(); // definitely not a marker\n```\nIt runs in O(n) time.",
    "日本の首都は東京です。 Actually, I made a mistake above: the answer is 55.",
  ]

  func run() {
    // Every command builds the built-in lexicon once, and the explorer's first screen waits for
    // it: the first build (cold caches and metadata) and the median of 20 more.
    func milliseconds(_ body: () -> Void) -> Double {
      let start = DispatchTime.now().uptimeNanoseconds
      body()
      return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
    }
    func build() { _ = try? Lexicon(text: Lexicon.builtInText, source: "bench") }
    let cold = milliseconds(build)
    let warm = (0..<20).map { _ in milliseconds(build) }.sorted()[10]
    let entries = ((try? Lexicon(text: Lexicon.builtInText, source: "bench"))?.entries.count) ?? 0
    let bytes = Lexicon.standard.encoded()
    let decode = (0..<20).map { _ in milliseconds { _ = Lexicon(decoding: bytes, sources: [Lexicon.builtInText]) } }.sorted()[10]
    print(String(format: "lexicon build: %.1f ms first, %.1f ms median of 20 after (%d phrases); from LexiconCache's bytes %.2f ms (%d KB)",
                 cold, warm, entries, decode, bytes.count / 1000))
    var generator = CorpusGenerator(seed: 3)
    var messages: [String] = []
    var total = 0
    while total < megabytes * 1_000_000 {
      var message = ""
      for _ in 0..<8 { message += Self.sentences[Int(generator.next() % UInt64(Self.sentences.count))] + " " }
      total += message.utf8.count
      messages.append(message)
    }
    let detector = MarkerDetector()
    var found = 0
    let start = DispatchTime.now().uptimeNanoseconds
    for message in messages { found += detector.markers(in: message).count }
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    print(String(format: "markers: %.1f MB in %.2f s = %.1f MB/s on one core (%d messages, %d markers)",
                 Double(total) / 1e6, seconds, Double(total) / 1e6 / seconds, messages.count, found))
  }
}
