import ConfabIO
import ConfabModel
import Foundation
import Testing

/// A full scan summarizes plain chat records from the reader's digest: each token's statistics
/// summed as it is read, and only the alternatives the rules read made. On real replies (the
/// recorded SmolLM2 samples, written back as the OpenAI records they came from) its summaries
/// must be the importer's, events and all.
@Suite struct ChatRecordDigestTests {
  static let samples = Fixture.directory.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("samples/smollm2-135m-instruct.jsonl.gz").path

  /// A transcript as the OpenAI API returns it: its prompt as `messages`, its reply as the one
  /// choice, each token with its byte list and its listed alternatives.
  static func chatRecord(_ transcript: Transcript) throws -> String? {
    guard let reply = transcript.messages.last, reply.role == .assistant, let tokens = reply.tokens else { return nil }
    func string(_ text: String) throws -> String { String(decoding: try JSONEncoder().encode(text), as: UTF8.self) }
    func entry(_ bytes: [UInt8], _ logprob: Logprob) throws -> String {
      let number = logprob.raw.flatMap { $0.isFinite ? "\($0)" : nil } ?? "null"
      return #"{"token": "# + (try string(String(decoding: bytes, as: UTF8.self))) + #", "logprob": "# + number
        + #", "bytes": ["# + bytes.map(String.init).joined(separator: ", ") + "]"
    }
    let entries = try tokens.map { token in
      try entry(token.bytes, token.logprob) + #", "top_logprobs": ["#
        + (try token.top.map { try entry($0.bytes, $0.logprob) + "}" }).joined(separator: ", ") + "]}"
    }
    let prompt = try transcript.messages.dropLast().map { #"{"role": "# + (try string($0.role.rawValue)) + #", "content": "# + (try string($0.text)) + "}" }
    return #"{"model": "# + (try string(transcript.model ?? "m")) + #", "messages": ["# + prompt.joined(separator: ", ")
      + #"], "choices": [{"index": 0, "message": {"role": "assistant", "content": "# + (try string(reply.text))
      + #"}, "logprobs": {"content": ["# + entries.joined(separator: ", ") + #"]}, "finish_reason": "stop"}]}"#
  }

  @Test func realRepliesSummarizeFromTheDigestAsFromTheirTranscripts() throws {
    let (transcripts, problems) = scanAll(Self.samples)
    #expect(problems.isEmpty)
    #expect(transcripts.count == 200)
    let reader = ChatRecordReader()
    var differing: [String] = []
    var declined = 0
    var counts = EventCounts()
    for (index, transcript) in transcripts.enumerated() {
      guard let text = try Self.chatRecord(transcript) else { continue }
      let line = Array(text.utf8)
      let source = ChatRecordReaderTests.source(line: index + 1, length: line.count)
      guard let differences = ChatRecordReaderTests.digestDifferences(line, source: source, reader: reader) else {
        declined += 1
        continue
      }
      if !differences.isEmpty { differing.append("\(index + 1) (\(differences.joined(separator: ", ")))") }
      for summary in ChatRecordReaderTests.importedTranscripts(line, source: source)?.map(Analyzer.builtIn.summarize) ?? [] {
        counts.add(summary.counts)
      }
    }
    #expect(declined == 0)
    #expect(differing.isEmpty, "records summarized otherwise: \(differing.prefix(5))")
    // The rules that read the alternatives the digest keeps fired on these replies.
    #expect(counts.nearMissCorrections > 20 && counts.competingAnswers > 20 && counts.hedges > 10 && counts.unbackedConfidence > 0,
            "\(counts)")
  }

  /// Starter words in every case and spacing, at every probability, before and after the
  /// sampled token's own entry, with rivals above and below the competing floor.
  @Test func startersAndRivalsAreKeptWhereverTheyAreListed() throws {
    typealias T = ChatRecordReaderTests
    let listed = [
      (#"" Wait""#, "-1.2"), (#""WAIT""#, "-2.5"), (#""\n\tactually""#, "-2.0"), (#"" not""#, "-0.9"), (#"" Probably""#, "-3.0"),
      (#"" Sydney""#, "-1.5"), (#"" Canberra""#, "-0.3"), (#"" Melbourne""#, "-2.2"), (#"" waiting""#, "-1.0"), (#"" no""#, "null"),
      (#""Wai""#, "-4.0"), (#"" 19""#, "-1.1"), (#"" 20""#, "-2.1"),
    ]
    var entries: [String] = []
    let words = [#""The""#, #"" capital""#, #"" is""#, #"" Canberra""#, #"".""#, #"" I""#, #"" think""#, #"" it""#, #"" was""#, #"" 19""#]
    for (position, word) in words.enumerated() {
      // The list rotated, so starters and rivals come before and after the sampled token's entry.
      let rotated = Array(listed[position...] + listed[..<position]) + [(word, "-0.4")]
      entries.append(T.entry(word, "-0.4", top: rotated.map { T.alternative($0.0, $0.1) }))
    }
    let line = Array(T.record(entries, extra: #""messages": [{"role": "user", "content": "The capital of Australia?"}], "#).utf8)
    let source = T.source(length: line.count)
    #expect(T.digestDifferences(line, source: source) == [])
    let summary = try #require(T.importedTranscripts(line, source: source)?.first.map(Analyzer.builtIn.summarize))
    #expect(summary.counts.nearMissCorrections > 0 && summary.counts.competingAnswers > 0, "\(summary.counts)")
  }
}
