import ConfabModel
import CSimdjson

/// Plain OpenAI Chat Completions records read in one pass over their text instead of the DOM
/// (`chat_record.cpp`, `json_cursor.h`): no tape is built and fields nobody reads are only
/// checked.
/// - `transcripts`: the C++ side hands over each token entry as the file gave it, its spelling
///   an index into the record's distinct spellings, and the importer's own rules
///   (`TokenEntryParser`, `MessageContent`) make the tokens, all alternatives of a reply in one
///   `AlternativeStorage`: the same transcripts as `OpenAIChatImporter`.
/// - `summaries`: a scan's. Figures only: the token figures are summed while the record is
///   read, and no token is made at all. Otherwise from a digest: each token's statistics are
///   summed as it is read, and only the alternatives the analysis rules read are made.
/// Each equals what the importer and `Analyzer.summarize` make (`ChatRecordReaderTests`,
/// `ChatRecordDigestTests`).
/// Any other shape, and anything malformed, is declined (nil) and read the usual way, which
/// also words the error. Not thread-safe: one per thread (`JSONParser` owns one).
public final class ChatRecordReader {
  private let handle: OpaquePointer

  public init() {
    guard let reader = cj_chat_reader_new() else { fatalError("out of memory creating a JSON reader") }
    handle = reader
    let starters = StarterCues.starterWords
    cj_chat_reader_set_starters(reader, starters.follows, starters.hashes, starters.hashes.count)
  }

  deinit { cj_chat_reader_free(handle) }

  /// The transcripts of one record, or nil when it is not in the plain chat shape. `source`
  /// is the record's (format undetected, choice 0); `parser` reads the prompt's messages.
  public func transcripts(
    _ bytes: UnsafeRawBufferPointer, source: SourceRef, parser: JSONParser
  ) -> [Transcript]? {
    guard let record = read(bytes, mode: CJ_CHAT_ENTRIES, parser: parser) else { return nil }
    let spellings = record.spellings
    var alternatives = 0
    return record.choices.enumerated().map { position, choice in
      let tokens = Self.tokens(of: choice, record, spellings, alternatives: &alternatives, end: { Int(record.raw.tokens[$0].alternatives_end) }) { index, top in
        let entry = record.raw.tokens[index]
        return TokenEntryParser.token(
          bytes: spellings[Int(entry.spelling)].bytes, logprob: Logprob(raw: entry.known != 0 ? entry.raw : nil),
          id: entry.has_id != 0 ? Int(entry.id) : nil, top: top)
      }
      let messages = record.prompt + [Message(role: .assistant, text: TokenText.text(of: tokens), tokens: tokens)]
      return record.transcript(id: MessageContent.fingerprint(messages), messages: messages, choice, at: position, of: source)
    }
  }

  /// The summaries `analyzer` makes of one record's choices, or nil when it is not in the
  /// plain chat shape: what `analyzer.summarize` makes of the importer's transcripts, with
  /// far fewer alternatives made (`digest`), or none at all with `figuresOnly`.
  public func summaries(
    _ bytes: UnsafeRawBufferPointer, source: SourceRef, parser: JSONParser, analyzer: Analyzer
  ) -> [TranscriptSummary]? {
    analyzer.figuresOnly ? figures(bytes, source: source, parser: parser, analyzer: analyzer) : digest(bytes, source: source, parser: parser, analyzer: analyzer)
  }

  /// Each choice made into a transcript whose tokens list only the alternatives the analysis
  /// rules read (the C++ side keeps them), with each token's statistics summed as it was
  /// read, then summarized: the importer's transcripts' summaries, with a few alternatives
  /// made a position instead of twenty. The transcripts are never handed out: their lists are
  /// not the file's.
  private func digest(
    _ bytes: UnsafeRawBufferPointer, source: SourceRef, parser: JSONParser, analyzer: Analyzer
  ) -> [TranscriptSummary]? {
    guard let record = read(bytes, mode: CJ_CHAT_DIGEST, floor: analyzer.thresholds.competingAnswer, parser: parser) else { return nil }
    let spellings = record.spellings
    var alternatives = 0
    return record.choices.enumerated().map { position, choice in
      var stats: [TokenStats] = []
      stats.reserveCapacity(Int(choice.end_token - choice.first_token))
      let tokens = Self.tokens(of: choice, record, spellings, alternatives: &alternatives, end: { Int(record.raw.positions[$0].kept_end) }) { index, top in
        let digest = record.raw.positions[index]
        let logprob = Logprob(raw: digest.known != 0 ? digest.raw : nil)
        stats.append(TokenStats(
          logprob: logprob, vocabRank: nil, k: Int(digest.k), rank: digest.rank > 0 ? Int(digest.rank) : nil,
          chosenListed: digest.chosen_listed != 0,
          listed: .init(covered: digest.covered, entropy: digest.entropy, smallest: digest.smallest, best: digest.best)))
        return Token(bytes: spellings[Int(digest.spelling)].bytes, logprob: logprob, id: digest.has_id != 0 ? Int(digest.id) : nil, top: top)
      }
      let messages = record.prompt + [Message(role: .assistant, text: TokenText.text(of: tokens), tokens: tokens)]
      let transcript = record.transcript(id: MessageContent.fingerprint(messages), messages: messages, choice, at: position, of: source)
      return analyzer.summarize(transcript, stats: record.prompt.map { _ in [] } + [stats])
    }
  }

  /// One choice's tokens, all the alternatives read for them in one storage with a window per
  /// token: token `index`'s end at `end(index)` in the record's alternatives, from where the
  /// choice before left off (`alternatives`, moved past this choice's), `make` making each
  /// token from its window.
  private static func tokens(
    of choice: cj_chat_choice, _ record: Record, _ spellings: [Spelling], alternatives start: inout Int, end: (Int) -> Int,
    make: (Int, AlternativeList) -> Token
  ) -> [Token] {
    let tokenRange = Int(choice.first_token)..<Int(choice.end_token)
    let first = start
    let last = tokenRange.isEmpty ? first : end(tokenRange.upperBound - 1)
    var builder = AlternativeStorage.Builder(capacity: last - first)
    for alternative in first..<last {
      let listed = record.raw.alternatives[alternative]
      builder.append(
        spelling: Int(listed.spelling), logprob: Logprob(raw: listed.known != 0 ? listed.raw : nil),
        id: listed.has_id != 0 ? Int(listed.id) : nil)
    }
    let storage = builder.finish(spellings: spellings)
    var tokens: [Token] = []
    tokens.reserveCapacity(tokenRange.count)
    var windowStart = first
    for index in tokenRange {
      let windowEnd = end(index)
      tokens.append(make(index, AlternativeList(storage, base: windowStart - first, count: windowEnd - windowStart)))
      windowStart = windowEnd
    }
    start = last
    return tokens
  }

  /// The figures-only summaries of one record's choices: the token figures summed while the
  /// record was read, and no token made at all.
  private func figures(
    _ bytes: UnsafeRawBufferPointer, source: SourceRef, parser: JSONParser, analyzer: Analyzer
  ) -> [TranscriptSummary]? {
    guard let record = read(bytes, mode: CJ_CHAT_FIGURES, parser: parser) else { return nil }
    var summaries: [TranscriptSummary] = []
    summaries.reserveCapacity(record.choices.count)
    for (position, choice) in record.choices.enumerated() {
      let tokenRange = Int(choice.first_token)..<Int(choice.end_token)
      let first = record.tokenStart(tokenRange.lowerBound)
      let text = String(decoding: record.bytes(first..<record.tokenStart(tokenRange.upperBound)), as: UTF8.self)
      var fingerprint = ContentFingerprint()
      for message in record.prompt { fingerprint.message(message.role, text: message.text) }
      fingerprint.message(.assistant, text: text)
      for index in tokenRange { fingerprint.token(record.tokenBytes(index)) }
      // The transcript the importer makes, but for its tokens: title and prompt key need
      // only its messages (an empty token list marks the sampled turn as a token list does).
      let transcript = record.transcript(
        id: fingerprint.hex, messages: record.prompt + [Message(role: .assistant, text: text, tokens: [])], choice, at: position, of: source)
      var summary = TranscriptSummary(transcript, figures: TranscriptFigures(Self.sums(choice)))
      if analyzer.readsAnswers { summary.answer = transcript.defaultAnswer }
      summaries.append(summary)
    }
    return summaries
  }

  /// One record as the C++ side read it; its buffers are valid until the reader's next read.
  private struct Record {
    var raw: cj_chat_record
    var choices: UnsafeBufferPointer<cj_chat_choice>
    var prompt: [Message]
    var model: String?
    var promptID: String?

    /// Where token `index` starts in the sampled bytes (one past the last token: their end).
    func tokenStart(_ index: Int) -> Int { index == 0 ? 0 : Int(raw.token_ends[index - 1]) }

    func bytes(_ range: Range<Int>) -> UnsafeBufferPointer<UInt8> {
      UnsafeBufferPointer(start: raw.token_bytes.map { $0 + range.lowerBound }, count: range.count)
    }

    func tokenBytes(_ index: Int) -> UnsafeBufferPointer<UInt8> { bytes(tokenStart(index)..<Int(raw.token_ends[index])) }

    /// The record's distinct spellings, one array each, shared by all its choices' tokens.
    var spellings: [Spelling] { (0..<raw.spelling_count).map { Spelling(Array(spelling($0))) } }

    func spelling(_ index: Int) -> UnsafeBufferPointer<UInt8> {
      let start = index == 0 ? 0 : Int(raw.spelling_ends[index - 1])
      return UnsafeBufferPointer(start: raw.spelling_bytes.map { $0 + start }, count: Int(raw.spelling_ends[index]) - start)
    }

    /// The transcript of the choice at `position`, as `OpenAIChatImporter` makes it: located at
    /// that choice, its sample number the record's `sample`, else the choice's index when
    /// there are several.
    func transcript(id: String, messages: [Message], _ choice: cj_chat_choice, at position: Int, of source: SourceRef) -> Transcript {
      var located = source
      located.choice = position
      located.format = .openaiChat
      let sample = raw.has_sample != 0 ? Int(raw.sample) : choices.count > 1 ? (choice.has_index != 0 ? Int(choice.index) : position) : nil
      return Transcript(id: id, source: located, model: model, promptID: promptID, sampleIndex: sample, messages: messages)
    }
  }

  /// `mode`: one of `CJ_CHAT_*`; `floor` the digest's competing-answer floor.
  private func read(_ bytes: UnsafeRawBufferPointer, mode: Int, floor: Double = 0, parser: JSONParser) -> Record? {
    guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return nil }
    var raw = cj_chat_record()
    guard cj_chat_read(handle, base, bytes.count, Int32(mode), floor, &raw) == 1 else { return nil }
    var prompt: [Message] = []
    if raw.has_messages != 0 {
      let json = UnsafeRawBufferPointer(start: raw.messages_json, count: raw.messages_length)
      // Its own copy: the prompt is a small part of the record, and the parser needs padding.
      guard let messages = try? parser.parse(Array(json), { list in try MessageContent.messages(list, field: "messages") }) else {
        return nil  // the importer words what is wrong
      }
      prompt = messages
    }
    return Record(
      raw: raw, choices: UnsafeBufferPointer(start: raw.choices, count: raw.choice_count), prompt: prompt,
      model: Self.string(raw.model, raw.model_length, present: raw.has_model),
      promptID: Self.string(raw.prompt_id, raw.prompt_id_length, present: raw.has_prompt_id))
  }

  private static func sums(_ choice: cj_chat_choice) -> TranscriptFigures.Sums {
    var sums = TranscriptFigures.Sums()
    sums.tokens = Int(choice.tokens)
    sums.logprobSum = choice.logprob_sum
    sums.logprobCount = Int(choice.logprob_count)
    sums.entropySum = choice.entropy_sum
    sums.entropyCount = Int(choice.entropy_count)
    sums.entropyMax = choice.entropy_count > 0 ? choice.entropy_max : nil
    sums.withTop = Int(choice.with_top)
    sums.outside = Int(choice.outside)
    return sums
  }

  private static func string(_ pointer: UnsafePointer<CChar>?, _ length: Int, present: Int32) -> String? {
    guard present != 0 else { return nil }
    guard let pointer else { return "" }
    return String(decoding: UnsafeRawBufferPointer(start: pointer, count: length), as: UTF8.self)
  }
}
