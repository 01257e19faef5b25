import ConfabIO
import ConfabModel
import Foundation
import Testing

/// Plain chat records are read in one pass over their text (`ChatRecordReader`): its transcripts must be the
/// importer's, and the figures-only summaries it makes without tokens `Analyzer.summarize`'s,
/// bit for bit; whatever it is not sure of must go the usual way.
@Suite struct ChatRecordReaderTests {
  static let figuresOnly: Analyzer = {
    var analyzer = Analyzer.builtIn
    analyzer.figuresOnly = true
    return analyzer
  }()

  /// What the DOM importer makes of one record.
  static func importedTranscripts(_ line: [UInt8], source: SourceRef) -> [Transcript]? {
    let parser = JSONParser()
    return withPadding(line) { raw, capacity in
      do {
        return try parser.parse(raw, capacity: capacity) { root in try Importers.transcripts(from: root, source: source) }
      } catch {
        return nil
      }
    }
  }

  /// The summaries the usual path makes of one record: import, then summarize.
  static func imported(_ line: [UInt8], source: SourceRef) -> [TranscriptSummary]? {
    importedTranscripts(line, source: source)?.map(figuresOnly.summarize)
  }

  /// The reader's figures-only summaries of one record, nil when it declines it.
  static func read(_ line: [UInt8], source: SourceRef, reader: ChatRecordReader = ChatRecordReader()) -> [TranscriptSummary]? {
    followedByOtherBytes(line) { reader.summaries($0, source: source, parser: JSONParser(), analyzer: figuresOnly) }
  }

  /// Analyzers whose summaries the reader makes from its digest: the defaults, with answers,
  /// and competing-answer floors that keep every alternative (0: unusable logprobs too) or few.
  static let analyzers: [(String, Analyzer)] = {
    func floor(_ value: Double) -> Analyzer {
      var analyzer = Analyzer.builtIn
      analyzer.thresholds.competingAnswer = value
      return analyzer
    }
    return [("built-in", .builtIn), ("answers", Analyzer.builtIn.readingAnswers), ("floor 0", floor(0)), ("floor 0.6", floor(0.6))]
  }()

  /// The failures of the reader's digest summaries of one record against what each analyzer
  /// makes of the importer's transcripts (empty: all equal), or nil when it declines it.
  static func digestDifferences(_ line: [UInt8], source: SourceRef, reader: ChatRecordReader = ChatRecordReader()) -> [String]? {
    let expected = importedTranscripts(line, source: source)
    var differences: [String] = []
    for (name, analyzer) in analyzers {
      guard let read = followedByOtherBytes(line, { reader.summaries($0, source: source, parser: JSONParser(), analyzer: analyzer) }) else {
        return nil
      }
      if read != expected?.map(analyzer.summarize) { differences.append(name) }
    }
    return differences
  }

  /// The reader's transcripts of one record, nil when it declines it.
  static func readTranscripts(_ line: [UInt8], source: SourceRef, reader: ChatRecordReader = ChatRecordReader()) -> [Transcript]? {
    followedByOtherBytes(line) { reader.transcripts($0, source: source, parser: JSONParser()) }
  }

  /// `line` as a block holds it: other bytes follow (here closing brackets, a digit, a quote
  /// and a space), which the reader must never read as the record's.
  static func followedByOtherBytes<R>(_ line: [UInt8], _ body: (UnsafeRawBufferPointer) -> R) -> R {
    let block = line + Array(#"]}0" , 1]}"#.utf8)
    return block.withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0[0..<line.count])) }
  }

  static func withPadding<R>(_ line: [UInt8], _ body: (UnsafeRawBufferPointer, Int) -> R) -> R {
    var padded = line
    padded += [UInt8](repeating: 0, count: JSONParser.padding)
    return padded.withUnsafeBytes { raw in body(UnsafeRawBufferPointer(rebasing: raw[0..<line.count]), raw.count) }
  }

  static func source(line: Int = 3, length: Int) -> SourceRef {
    SourceRef(path: "records.jsonl", line: line, byteOffset: 100, byteLength: length, choice: 0, format: .undetected)
  }

  static func entry(_ token: String, _ logprob: String, bytes: String? = nil, top: [String]? = nil) -> String {
    var fields = [#""token": "# + token, #""logprob": "# + logprob]
    if let bytes { fields.append(#""bytes": "# + bytes) }
    if let top { fields.append(#""top_logprobs": ["# + top.joined(separator: ", ") + "]") }
    return "{" + fields.joined(separator: ", ") + "}"
  }

  static func alternative(_ token: String, _ logprob: String, bytes: String? = nil) -> String { entry(token, logprob, bytes: bytes) }

  static func record(_ entries: [String], extra: String = "", choiceExtra: String = "") -> String {
    #"{"id": "chatcmpl-1", "object": "chat.completion", "model": "m", "# + extra
      + #""choices": [{"index": 0, "message": {"role": "assistant", "content": "x", "refusal": null}, "# + choiceExtra
      + #""logprobs": {"content": ["# + entries.joined(separator: ", ") + #"], "refusal": null}, "finish_reason": "stop"}], "#
      + #""usage": {"prompt_tokens": 5, "completion_tokens": 2, "details": {"cached": [1, 2.5e-3, true, null]}}}"#
  }

  /// Records the reader takes, each with a rule of the importer in it.
  static let taken: [(String, String)] = {
    let paris = alternative(#"" Paris""#, "-0.1", bytes: "[32, 80, 97, 114, 105, 115]")
    let lyon = alternative(#"" Lyon""#, "-2.5", bytes: "[32, 76, 121, 111, 110]")
    let plain = entry(#"" Paris""#, "-0.1", bytes: "[32,80,97,114,105,115]", top: [paris, lyon])
    return [
      ("plain", record([plain, entry(#"".""#, "-0.01", bytes: "[46]", top: [alternative(#"".""#, "-0.01", bytes: "[46]")])])),
      ("outside the top-k", record([entry(#"" Nice""#, "-4.2", bytes: "[32, 78, 105, 99, 101]", top: [paris, lyon])])),
      ("a partial character: bytes win over the text", record([
        entry(#""\\xe2\\x80""#, "-0.3", bytes: "[226, 128]", top: [
          alternative(#""\\xe2\\x80""#, "-0.3", bytes: "[226, 129]"), alternative(#""\\xe2\\x80""#, "-0.3", bytes: "[226, 128]"),
        ]),
        entry(#""\\x94""#, "-0.001", bytes: "[148]", top: [alternative(#""\\x94""#, "-0.001", bytes: "[148]")]),
      ])),
      ("no logprob: the list's is taken", record([entry(#"" Paris""#, "null", bytes: "[32, 80, 97, 114, 105, 115]", top: [lyon, paris])])),
      ("sentinels", record([entry(#"" Lyon""#, "-9999", top: [alternative(#"" Paris""#, "-9999.0"), alternative(#"" Lyon""#, "-9999")])])),
      ("the same bytes twice, one with the logprob", record([
        entry(#""a""#, "-1.5", top: [alternative(#""a""#, "-0.5"), alternative(#""a""#, "-1.5")]),
      ])),
      ("the same bytes twice, neither with the logprob", record([
        entry(#""a""#, "-1.5", top: [alternative(#""a""#, "-0.5"), alternative(#""a""#, "-0.7")]),
      ])),
      ("empty and null byte lists: the token string", record([
        entry(#""é""#, "-0.2", bytes: "[]", top: [alternative(#""é""#, "-0.2", bytes: "null"), alternative(#""e""#, "-1.9", bytes: "[]")]),
      ])),
      ("no alternatives", record([entry(#""a""#, "-0.2", top: []), entry(#""b""#, "0"), entry(#""c""#, "-0", bytes: "null")])),
      ("top_logprobs null", record([#"{"token": "a", "logprob": -0.2, "top_logprobs": null, "bytes": [97]}"#])),
      ("the list before the token", record([
        #"{"top_logprobs": [{"logprob": -0.1, "token": "b"}, {"bytes": [97], "token": "a", "logprob": -0.4}], "logprob": -0.4, "token": "a"}"#,
        #"{"logprob": -0.4, "top_logprobs": [{"token": "a", "logprob": -0.4, "bytes": [97]}], "token": "z", "bytes": [97]}"#,
      ])),
      ("escapes in strings", record([
        entry(#""\n\"\u00e9\t""#, "-0.7", top: [alternative(#""\n\"\u00e9\t""#, "-0.7"), alternative(#""\\""#, "-1")]),
      ])),
      ("spaces in byte lists", record([entry(#""ab""#, "-0.2", bytes: "[ 97 ,98 ]", top: [alternative(#""ab""#, "-0.2", bytes: "[97, 98]")])])),
      ("byte lists of every width, empty, spaced and followed by spaces", record([
        entry(#""\u0000\t\nc""#, "-0.2", bytes: "[0, 9,10, 99]", top: [alternative(#""x""#, "-0.3", bytes: "[100,199 , 200,255]")]),
        #"{"token": "é", "logprob": -0.4, "bytes": [ ] , "top_logprobs": [{"token": "é", "logprob": -0.4, "bytes": []  }]}"#,
        #"{"token": "a", "logprob": -0.5, "bytes": [\#t97\#r ], "top_logprobs": [{"token": "a", "logprob": -0.5, "bytes": [97]}]}"#,
      ])),
      ("a prompt id and a sample", record([plain], extra: #""prompt_id": "capital", "sample": 4, "#)),
      ("custom_id", record([plain], extra: #""custom_id": "req-7", "#)),
      ("a prompt id that is not a string wins over custom_id", record([plain], extra: #""prompt_id": 12, "custom_id": "req-7", "#)),
      ("a model that is not a string", #"{"model": 7, "choices": [{"message": {"content": "x"}, "logprobs": {"content": ["# + plain + "]}}]}"),
      ("request messages win over messages", record([plain], extra:
        #""messages": [{"role": "user", "content": "ignored"}], "request": {"temperature": 0.7, "messages": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": [{"type": "text", "text": "Capital of "}, {"type": "text", "text": "France?"}]}]}, "#)),
      ("messages", record([plain], extra: #""messages": [{"role": "user", "content": "Capital of France?\nOne word."}], "#)),
      ("several choices", #"{"model": "m", "choices": [{"index": 1, "message": {"content": "x"}, "logprobs": {"content": ["# + plain
        + #"]}}, {"index": 0, "message": {"role": "assistant"}, "logprobs": {"content": ["# + entry(#"" Lyon""#, "-2.5", top: [paris, lyon])
        + "]}}]}"),
      ("a {request, response} pair", #"{"prompt_id": "p", "request": {"messages": [{"role": "user", "content": "Hi"}]}, "response": {"model": "m2", "choices": [{"message": {"content": "x"}, "logprobs": {"content": ["#
        + plain + "]}}]}}"),
      ("signed zeros", record([entry(#""a""#, "-0", top: [alternative(#""a""#, "-0.0"), alternative(#""b""#, "-0e0")])])),
      ("a logprob far past the sentinels", record([entry(#""a""#, "-1e300", top: [alternative(#""a""#, "-3.4028234663852886e+38")])])),
      ("llama.cpp: the chosen token by id, its bytes unlike the listed piece's", record([
        #"{"id": 128, "token": "河", "bytes": [230, 178, 179], "logprob": -0.08, "top_logprobs": [{"id": 128, "token": "\ufffd", "bytes": [179], "logprob": -0.08}, {"id": 134, "token": "\ufffd", "bytes": [185], "logprob": -4.2}]}"#,
        #"{"id": 7, "token": "a", "bytes": [97], "logprob": -1.5, "top_logprobs": [{"id": 9, "token": "a", "bytes": [97], "logprob": -1.5}, {"id": 8, "token": "b", "bytes": [98], "logprob": -0.4}]}"#,
        #"{"id": 3, "token": "c", "bytes": [99], "logprob": null, "top_logprobs": [{"id": 4, "token": "d", "bytes": [100], "logprob": -0.1}, {"id": 3, "token": "x", "bytes": [120], "logprob": -2.5}, {"id": 3, "token": "y", "bytes": [121], "logprob": -3}]}"#,
      ])),
      ("ids on one side only: bytes decide", record([
        #"{"id": 5, "token": "a", "bytes": [97], "logprob": -0.2, "top_logprobs": [{"token": "a", "bytes": [97], "logprob": -0.2}]}"#,
        #"{"token": "b", "bytes": [98], "logprob": -0.3, "top_logprobs": [{"id": 1, "token": "b", "bytes": [98], "logprob": -0.3}]}"#,
        #"{"id": null, "token": "c", "bytes": [99], "logprob": -0.4, "top_logprobs": [{"id": 2, "token": "c", "bytes": [99], "logprob": -0.4}]}"#,
      ])),
      ("an id before its list, in any order of the rest", record([
        #"{"top_logprobs": [{"logprob": -0.6, "id": 11, "bytes": [101], "token": "e"}], "id": 11, "logprob": -0.6, "token": "e", "bytes": [101]}"#,
        #"{"bytes": [102], "id": -0, "token": "f", "logprob": -0.7, "top_logprobs": [{"token": "g", "logprob": -0.1, "bytes": [103], "id": 0}]}"#,
      ])),
      ("a long reply", record((0..<300).map { entry(#""w\#($0 % 7)""#, "-0.\($0 % 9 + 1)", top: [paris, alternative(#""w\#($0 % 7)""#, "-0.\($0 % 9 + 1)")]) })),
    ]
  }()

  @Test(arguments: 0..<taken.count) func readsWhatTheImporterReadsTheSame(index: Int) throws {
    let (name, text) = Self.taken[index]
    let line = Array(text.utf8)
    let source = Self.source(length: line.count)
    let expected = try #require(Self.importedTranscripts(line, source: source), "\(name): the importer does not read it")
    let transcripts = try #require(Self.readTranscripts(line, source: source), "\(name): declined")
    #expect(transcripts == expected, "\(name)")
    let summaries = try #require(Self.read(line, source: source), "\(name): declined for figures")
    #expect(summaries == expected.map(Self.figuresOnly.summarize), "\(name)")
    #expect(Self.digestDifferences(line, source: source) == [], "\(name)")
  }

  /// The string reader looks eight bytes at a time for a quote, a backslash or a control
  /// character: each of them at every offset of strings of 0-20 bytes, in the token and in an
  /// alternative, reads as the importer reads it (a raw control character is declined).
  @Test func specialBytesAtEveryOffsetOfAStringReadAsTheImporterReadsThem() throws {
    let specials: [(String, Bool)] = [
      (#"\""#, true), (#"\\"#, true), (#"\u00e9"#, true), (#"\ud83d\ude00"#, true), ("é", true), ("\u{01}", false), ("\t", false),
    ]
    for length in 0...20 {
      for offset in 0...length {
        for (special, valid) in specials {
          let string = "\"" + String(repeating: "a", count: offset) + special + String(repeating: "b", count: length - offset) + "\""
          let line = Array(Self.record([Self.entry(string, "-0.5", top: [Self.alternative(string, "-0.5"), Self.alternative(#""x""#, "-1")])]).utf8)
          let source = Self.source(length: line.count)
          let read = Self.readTranscripts(line, source: source)
          if valid {
            let expected = try #require(Self.importedTranscripts(line, source: source), "\(string)")
            #expect(read == expected, "\(length) \(offset) \(string)")
            #expect(read?.first?.messages.last?.tokens?.first?.chosenIndex == 0, "\(length) \(offset) \(string)")
          } else {
            #expect(read == nil, "\(length) \(offset) \(string)")
          }
        }
      }
    }
  }

  /// Records the reader must leave to the importer: other formats, other rules, bad input.
  static let declined: [(String, String)] = [
    ("reasoning", record([entry(#""a""#, "-0.1")], choiceExtra: "").replacingOccurrences(of: #""refusal": null}, "#, with: #""reasoning_content": "hmm"}, "#)),
    ("a refusal channel", record([entry(#""a""#, "-0.1")]).replacingOccurrences(of: #"], "refusal": null}"#, with: #"], "refusal": [{"token": "No", "logprob": -1}]}"#)),
    ("an id and no byte list (MLX-LM's raw pieces)", record([#"{"id": 5, "token": "a", "logprob": -0.1, "top_logprobs": []}"#])),
    ("an id that is not a plain integer", record([#"{"id": 5.0, "token": "a", "bytes": [97], "logprob": -0.1}"#])),
    ("an id that is a string", record([#"{"id": "5", "token": "a", "bytes": [97], "logprob": -0.1}"#])),
    ("an alternative's id with an exponent", record([#"{"id": 5, "token": "a", "bytes": [97], "logprob": -0.1, "top_logprobs": [{"id": 5e0, "token": "a", "bytes": [97], "logprob": -0.1}]}"#])),
    ("a repeated id", record([#"{"id": 5, "id": 6, "token": "a", "bytes": [97], "logprob": -0.1}"#])),
    ("a byte over 255", record([entry(#""a""#, "-0.1", bytes: "[300]")])),
    ("a leading zero", record([entry(#""a""#, "-0.1", bytes: "[097]")])),
    ("a byte that is not an integer", record([entry(#""a""#, "-0.1", bytes: "[97.0]")])),
    ("a byte of 256", record([entry(#""a""#, "-0.1", bytes: "[97, 256]")])),
    ("a byte of four digits", record([entry(#""a""#, "-0.1", bytes: "[1000]")])),
    ("a zero twice over", record([entry(#""a""#, "-0.1", bytes: "[00]")])),
    ("a negative byte", record([entry(#""a""#, "-0.1", bytes: "[-1]")])),
    ("a byte with an exponent", record([entry(#""a""#, "-0.1", bytes: "[1e2]")])),
    ("a trailing comma in bytes", record([entry(#""a""#, "-0.1", bytes: "[97,]")])),
    ("a leading comma in bytes", record([entry(#""a""#, "-0.1", bytes: "[,97]")])),
    ("bytes without a comma", record([entry(#""a""#, "-0.1", bytes: "[97 98]")])),
    ("a string in bytes", record([entry(#""a""#, "-0.1", bytes: #"["a"]"#)])),
    ("a bad number where nothing is read", record([entry(#""a""#, "-0.1")]).replacingOccurrences(of: #""prompt_tokens": 5"#, with: #""prompt_tokens": 05"#)),
    ("trailing content", record([entry(#""a""#, "-0.1")]) + " x"),
    ("a stream chunk", record([entry(#""a""#, "-0.1")]).replacingOccurrences(of: "chat.completion", with: "chat.completion.chunk")),
    ("an empty token list", record([])),
    ("a token that is not a string", record([#"{"token": 5, "logprob": -0.1}"#])),
    ("a logprob that is a string", record([entry(#""a""#, #""-0.1""#)])),
    ("NaN (Python's json)", record([entry(#""a""#, "NaN")])),
    ("a repeated member", record([#"{"token": "a", "token": "b", "logprob": -0.1}"#])),
    ("an escaped member name", record([#"{"tok\u0065n": "a", "logprob": -0.1}"#])),
    ("Batch output", #"{"custom_id": "r", "response": {"body": {"choices": [{"message": {"content": "x"}, "logprobs": {"content": [{"token": "a", "logprob": -0.1}]}}]}}}"#),
    ("the prompt as scored", record([entry(#""a""#, "-0.1")], extra: #""prompt_logprobs": [null, {"1": {"logprob": -1}}], "#)),
    ("choices in two places", #"{"choices": [], "response": {"choices": []}}"#),
    ("a legacy completion", #"{"choices": [{"text": "a", "logprobs": {"tokens": ["a"], "token_logprobs": [-0.1]}}]}"#),
    ("a root array", "[" + record([entry(#""a""#, "-0.1")]) + "]"),
  ]

  @Test(arguments: 0..<declined.count) func leavesTheRestToTheImporter(index: Int) {
    let (name, text) = Self.declined[index]
    let line = Array(text.utf8)
    #expect(Self.read(line, source: Self.source(length: line.count)) == nil, "\(name)")
    #expect(Self.readTranscripts(line, source: Self.source(length: line.count)) == nil, "\(name)")
  }

  /// An id given after its token's list: the alternatives were matched as they came, before
  /// the id was known, so the figures leave the record to the importer; the entries (matched
  /// by the importer's rules in Swift) are taken.
  @Test func anIdAfterItsListIsMatchedByTheImporter() throws {
    let line = Array(Self.record([
      #"{"token": "a", "logprob": -0.3, "bytes": [97], "top_logprobs": [{"id": 2, "token": "a", "bytes": [97], "logprob": -0.3}, {"id": 1, "token": "b", "bytes": [98], "logprob": -1}], "id": 1}"#,
    ]).utf8)
    let source = Self.source(length: line.count)
    #expect(Self.read(line, source: source) == nil)
    let expected = try #require(Self.importedTranscripts(line, source: source))
    #expect(Self.readTranscripts(line, source: source) == expected)
    #expect(expected.first?.messages.last?.tokens?.first?.chosenIndex == 1)
  }

  /// The reader stores each distinct spelling of a record once and names it by index: a
  /// record with thousands of them (the table grows several times), spellings that differ only
  /// in their length or last byte, empty and long ones, and two choices that share spellings
  /// gives the importer's transcripts, twice from one reader; a spelling is one array, shared.
  @Test func aRecordWithThousandsOfSpellingsReadsAsTheImporterReadsIt() throws {
    func list(_ bytes: [UInt8]) -> String { "[" + bytes.map(String.init).joined(separator: ", ") + "]" }
    // (An empty byte list is no spelling: the token's text is, as other tests cover.)
    var spellings: [[UInt8]] = [[0x61], [0x61, 0x61], [0xE2, 0x80], [0xFF], Array(repeating: 0x62, count: 40), Array(repeating: 0x62, count: 41)]
    for number in 0..<1200 { spellings.append(Array(" w\(number)".utf8)) }
    var entries: [String] = []
    for (index, spelling) in spellings.enumerated() {
      let listed = (0..<5).map { spellings[(index + 1 + $0 * 613) % spellings.count] } + [spelling]
      entries.append(Self.entry(
        #""t""#, "-0.5", bytes: list(spelling), top: listed.enumerated().map { Self.alternative(#""t""#, "-\($0.offset + 1)", bytes: list($0.element)) }))
    }
    let choice = #"{"index": N, "message": {"role": "assistant", "content": "x"}, "logprobs": {"content": ["# + entries.joined(separator: ", ") + "]}}"
    let text = #"{"model": "m", "choices": ["# + choice.replacingOccurrences(of: "\"index\": N", with: "\"index\": 0") + ", "
      + choice.replacingOccurrences(of: "\"index\": N", with: "\"index\": 1") + "]}"
    let line = Array(text.utf8)
    let source = Self.source(length: line.count)
    let expected = try #require(Self.importedTranscripts(line, source: source))
    let reader = ChatRecordReader()
    for round in 0..<2 {
      let read = try #require(Self.readTranscripts(line, source: source, reader: reader), "round \(round)")
      #expect(read == expected, "round \(round)")
      let tokens = try #require(read.first?.messages.last?.tokens)
      #expect(tokens.count == spellings.count)
      let wrong = zip(tokens, spellings).enumerated().first { $0.element.0.bytes != $0.element.1 || $0.element.0.chosenIndex != 5 }
      #expect(wrong == nil, "first wrong token: \(wrong.map { "\($0.offset): \($0.element.0.bytes), chosen \(String(describing: $0.element.0.chosenIndex))" } ?? "")")
      // One array per spelling: the sampled token's bytes are its alternative's.
      for token in tokens.prefix(50) where !token.bytes.isEmpty {
        #expect(token.bytes.withUnsafeBufferPointer { $0.baseAddress } == token.top[5].bytes.withUnsafeBufferPointer { $0.baseAddress })
      }
    }
  }

  /// One reader serves every record of a worker: nothing of one record is left in the next.
  @Test func aReaderReusedGivesEachRecordItsOwnFigures() throws {
    let reader = ChatRecordReader()
    for (name, text) in Self.taken + Self.taken.reversed() {
      let line = Array(text.utf8)
      let source = Self.source(length: line.count)
      #expect(Self.read(line, source: source, reader: reader) == Self.imported(line, source: source), "\(name)")
      #expect(Self.readTranscripts(line, source: source, reader: reader) == Self.importedTranscripts(line, source: source), "\(name)")
      #expect(Self.digestDifferences(line, source: source, reader: reader) == [], "\(name)")
    }
  }

  /// The real files: every record the reader takes is read as the importer reads it.
  @Test func recordsOfTheFixturesReadTheSame() throws {
    var taken = 0
    for path in [Fixture.path("openai-chat-edge.jsonl"), Fixture.path("formats/vllm-chat.json"), Fixture.path("formats/together-chat.json"),
                 Fixture.path("formats/fireworks-chat.json")] {
      let data = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
      let lines = path.hasSuffix(".json") ? [data[...]] : data.split(separator: 0x0A)
      for (index, slice) in lines.enumerated() {
        let line = Array(slice)
        let source = Self.source(line: index + 1, length: line.count)
        guard let read = Self.read(line, source: source) else { continue }
        taken += 1
        #expect(read == Self.imported(line, source: source), "\(path):\(index + 1)")
        #expect(Self.readTranscripts(line, source: source) == Self.importedTranscripts(line, source: source), "\(path):\(index + 1)")
        #expect(Self.digestDifferences(line, source: source) == [], "\(path):\(index + 1)")
      }
    }
    // The edge file's first two records; the rest are a refusal, broken records, ids on
    // entries (llama.cpp), vLLM's scored prompt, Together's legacy arrays, Fireworks' ids.
    #expect(taken >= 2)
  }

  /// Through a whole scan: the same summaries and problems with the reader as without it
  /// (a scan's transcripts summarized one by one), figures only and in full.
  @Test func aScanReportsBadRecordsAsTheImporterDoes() throws {
    let good = Self.taken.map(\.1)
    func declined(_ name: String) -> String { Self.declined.first { $0.0 == name }!.1 }
    let bad = [declined("a leading zero"), "{not json", declined("a bad number where nothing is read")]
    let path = try temporaryFile("mixed.jsonl", (good.prefix(5) + bad + good.dropFirst(5)).joined(separator: "\n") + "\n")
    for analyzer in [Self.figuresOnly, Analyzer.builtIn] {
      var withReader: [String] = []
      ParallelScan.summarize(path: path, analyzer: analyzer, threads: 1) { item in
        switch item {
        case .summary(let summary): withReader.append("\(summary)")
        case .problem(let problem): withReader.append("\(problem)")
        }
      }
      var without: [String] = []
      ParallelScan.map(path: path, threads: 1, transform: { analyzer.summarize($0) }) { mapped in
        switch mapped {
        case .value(let summary): without.append("\(summary)")
        case .problem(let problem): without.append("\(problem)")
        }
      }
      #expect(withReader == without, "figures only: \(analyzer.figuresOnly)")
      #expect(withReader.filter { $0.contains("invalid JSON") || $0.contains("bytes must be") }.count == 3)
    }
  }
}
