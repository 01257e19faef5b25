import ConfabIO
import ConfabModel
import Foundation
import Testing

/// The chat-record reader reads JSON text itself (json_cursor.h): a mutant it takes must be
/// one the DOM importer reads, and read the same, transcripts and figures alike. Mutations aim
/// at what a hand reader gets wrong: number grammar and rounding, escapes and surrogates,
/// control characters, broken UTF-8, structure, repeated and unknown members.
@Suite struct ChatRecordReaderFuzzTests {
  static let pieces: [[UInt8]] = [
    "0", "-0", "00", "-", ".", "1.", ".5", "1e", "1e400", "1e-400", "-1.1920928955078125e-07", "0.30000000000000004",
    "123456789012345678901234", "9223372036854775808", "-2.5E+3", "\"", "\\", "\\u00e9", "\\ud83d\\ude00", "\\udc00",
    "\\ud83d", "\\u12G4", "\\x", "\\/", "\\n", "null", "true", "false", "nul", "[", "]", "{", "}", ",", ":", " ", "\t",
    "\"bytes\": [97]", "\"id\": 3", "\"logprob\": -0.5", "\"top_logprobs\": []", "\"extra\": 1",
  ].map { Array($0.utf8) } + [[0x01], [0x7F], [0xC3], [0xC3, 0xA9], [0xED, 0xA0, 0x80], [0xF0, 0x9F, 0x98, 0x80], [0xFF]]

  static let alphabet = Array("0123456789-+.eE\"\\{}[],: ntrufalsx\t\n".utf8)

  static func mutate(_ input: [UInt8], _ random: inout FuzzTests.Random) -> [UInt8] {
    var bytes = input
    for _ in 0..<(1 + random.below(2)) {
      let at = random.below(bytes.count)
      switch random.below(5) {
      case 0: bytes[at] = alphabet[random.below(alphabet.count)]
      case 1: bytes.remove(at: at)
      case 2: bytes.insert(contentsOf: pieces[random.below(pieces.count)], at: at)
      case 3:
        // A number's digits changed where one is: the reader's fast path and its fallback.
        let digits = Array(String(random.next() >> UInt64(random.below(64))).utf8)
        if (0x30...0x39).contains(bytes[at]) { bytes.replaceSubrange(at..<at + 1, with: digits.prefix(1 + random.below(digits.count))) }
      default:
        let end = min(bytes.count, at + 1 + random.below(24))
        bytes.insert(contentsOf: bytes[at..<end], at: random.below(bytes.count))
      }
    }
    return bytes
  }

  @Test func mutantsTheReaderTakesReadAsTheImporterReadsThem() throws {
    let iterations = Int(ProcessInfo.processInfo.environment["CONFAB_FUZZ_ITERATIONS"] ?? "") ?? 4000
    var corpus = ChatRecordReaderTests.taken.map { Array($0.1.utf8) }
    let edge = try [UInt8](Data(contentsOf: URL(fileURLWithPath: Fixture.path("openai-chat-edge.jsonl"))))
    corpus += edge.split(separator: 0x0A).map(Array.init)
    var random = FuzzTests.Random(state: 20261206)
    let reader = ChatRecordReader()
    var taken = 0
    var wrong: [String] = []
    for _ in 0..<iterations {
      let line = Self.mutate(corpus[random.below(corpus.count)], &random)
      let source = ChatRecordReaderTests.source(length: line.count)
      let expected = ChatRecordReaderTests.importedTranscripts(line, source: source)
      if let read = ChatRecordReaderTests.readTranscripts(line, source: source, reader: reader) {
        taken += 1
        if read != expected { wrong.append(String(decoding: line, as: UTF8.self)) }
      }
      if let summaries = ChatRecordReaderTests.read(line, source: source, reader: reader),
         summaries != expected?.map(ChatRecordReaderTests.figuresOnly.summarize) {
        wrong.append("figures: " + String(decoding: line, as: UTF8.self))
      }
      if let differences = ChatRecordReaderTests.digestDifferences(line, source: source, reader: reader), !differences.isEmpty {
        wrong.append("digest (\(differences.joined(separator: ", "))): " + String(decoding: line, as: UTF8.self))
      }
    }
    #expect(wrong.isEmpty, "\(wrong.count) read otherwise than the importer reads them; first: \(wrong.first ?? "")")
    // Most mutants stay valid JSON of the plain shape: the reader must still take many.
    #expect(taken > iterations / 5, "taken \(taken) of \(iterations)")
  }
}
