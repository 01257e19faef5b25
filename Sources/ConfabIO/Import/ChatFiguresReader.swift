import ConfabModel
import CSimdjson

/// `scan --figures-only`'s reader for OpenAI Chat Completions records: simdjson On-Demand
/// adds up the token figures while it reads (no DOM tape, no token or alternative arrays),
/// and this makes the summaries the importer and `Analyzer.summarize` would make, equal to
/// them (`ChatFiguresReaderTests`). Records in any other shape are declined (nil) and read
/// the usual way. Not thread-safe: one per thread.
public final class ChatFiguresReader {
  private let handle: OpaquePointer

  public init() {
    guard let reader = cj_chat_reader_new() else { fatalError("out of memory creating a JSON reader") }
    handle = reader
  }

  deinit { cj_chat_reader_free(handle) }

  /// The figures-only summaries of one record's choices, or nil when it is not in the plain
  /// chat shape. `source` is the record's (format undetected, choice 0); `parser` reads the
  /// prompt's messages when the record has them.
  public func summaries(
    _ bytes: UnsafeRawBufferPointer, capacity: Int, source: SourceRef, parser: JSONParser
  ) -> [TranscriptSummary]? {
    guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return nil }
    var record = cj_chat_record()
    guard cj_chat_read(handle, base, bytes.count, capacity, &record) == 1 else { return nil }
    var prompt: [Message] = []
    if record.has_messages != 0 {
      let json = UnsafeRawBufferPointer(start: record.messages_json, count: record.messages_length)
      // Its own copy: the prompt is a small part of the record, and the parser needs padding.
      guard let messages = try? parser.parse(Array(json), { list in try MessageContent.messages(list, field: "messages") }) else {
        return nil  // the importer words what is wrong
      }
      prompt = messages
    }
    let model = Self.string(record.model, record.model_length, present: record.has_model)
    let promptID = Self.string(record.prompt_id, record.prompt_id_length, present: record.has_prompt_id)
    let choices = UnsafeBufferPointer(start: record.choices, count: record.choice_count)
    let ends = UnsafeBufferPointer(start: record.token_ends, count: choices.last.map { Int($0.end_token) } ?? 0)
    var summaries: [TranscriptSummary] = []
    summaries.reserveCapacity(choices.count)
    for (position, choice) in choices.enumerated() {
      let first = choice.first_token == 0 ? 0 : Int(ends[Int(choice.first_token) - 1])
      let bytes = UnsafeBufferPointer(start: record.token_bytes.map { $0 + first }, count: Int(ends[Int(choice.end_token) - 1]) - first)
      let text = String(decoding: bytes, as: UTF8.self)
      var fingerprint = ContentFingerprint()
      for message in prompt { fingerprint.message(message.role, text: message.text) }
      fingerprint.message(.assistant, text: text)
      var start = first
      for index in Int(choice.first_token)..<Int(choice.end_token) {
        let end = Int(ends[index])
        fingerprint.token(UnsafeBufferPointer(rebasing: bytes[(start - first)..<(end - first)]))
        start = end
      }
      var located = source
      located.choice = position
      located.format = .openaiChat
      let index = choice.has_index != 0 ? Int(choice.index) : position
      // The transcript the importer makes, but for its tokens: title and prompt key need
      // only its messages (an empty token list marks the sampled turn as a token list does).
      let transcript = Transcript(
        id: fingerprint.hex, source: located, model: model, promptID: promptID,
        sampleIndex: record.has_sample != 0 ? Int(record.sample) : (choices.count > 1 ? index : nil),
        messages: prompt + [Message(role: .assistant, text: text, tokens: [])])
      summaries.append(TranscriptSummary(transcript, figures: TranscriptFigures(Self.sums(choice))))
    }
    return summaries
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
