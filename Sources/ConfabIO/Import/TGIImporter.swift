import ConfabModel

/// Hugging Face TGI `/generate` with `details`: prefill (the prompt as scored, first logprob
/// null), tokens `{id, text, logprob, special}`, position-major `top_tokens`, and
/// `best_of_sequences` as further transcripts. No bytes: text is as TGI decoded it.
public struct TGIImporter: RecordImporter {
  public init() {}
  public var format: Format { .tgiGenerate }
  public var summary: String { "Hugging Face TGI /generate details (prefill, tokens, top_tokens, best_of)" }

  public func claim(_ root: JSONValue) -> Claim {
    .strong(if: root.present("details")?.present("tokens")?.kind == .array)
  }

  public func transcripts(from root: JSONValue, source: SourceRef) throws(RecordError) -> [Transcript] {
    guard let details = root.present("details") else { throw RecordError("missing details") }
    var result = [try Self.transcript(details, source: source, field: "details")]
    for (index, sequence) in (details.present("best_of_sequences")?.elements ?? []).enumerated() {
      var located = source
      located.choice = index + 1
      result.append(try Self.transcript(sequence, source: located, field: "details.best_of_sequences[\(index)]"))
    }
    if result.count > 1 { for index in result.indices { result[index].sampleIndex = index } }
    return result
  }

  static func transcript(_ details: JSONValue, source: SourceRef, field: String) throws(RecordError) -> Transcript {
    var messages: [Message] = []
    if let prefill = details.present("prefill"), !prefill.elements.isEmpty {
      let tokens = try TokenEntryParser.tokens(prefill, field: field + ".prefill")
      messages.append(Message(role: .user, channel: .prompt, text: TokenText.text(of: tokens), tokens: tokens))
    }
    guard let list = details.present("tokens") else { throw RecordError("missing tokens", field: field) }
    let tops = details.present("top_tokens")?.elements ?? []
    var tokens: [Token] = []
    for (index, entry) in list.elements.enumerated() {
      tokens.append(try TokenEntryParser.token(entry, field: "\(field).tokens[\(index)]", top: index < tops.count ? tops[index] : nil))
    }
    messages.append(Message(role: .assistant, text: TokenText.text(of: tokens), tokens: tokens))
    return Transcript(id: MessageContent.fingerprint(messages), source: source, messages: messages)
  }
}

/// TGI `/generate_stream`: `{index, token, top_tokens?, generated_text, details}` per event.
public struct TGIStreamImporter: StreamImporter {
  public init() {}
  public var format: Format { .tgiStream }
  public var summary: String { "Hugging Face TGI /generate_stream events" }

  public func isChunk(_ root: JSONValue, event: String?) -> Bool {
    root.present("token")?.kind == .object && root["generated_text"] != nil
  }

  public func makeAccumulator() -> any StreamAccumulator { Accumulator() }

  struct Accumulator: StreamAccumulator {
    var tokens: [Token] = []

    mutating func add(_ root: JSONValue, event: String?) throws(RecordError) -> Bool {
      if let entry = root.present("token") {
        tokens.append(try TokenEntryParser.token(entry, field: "token", top: root.present("top_tokens")))
      }
      return root.present("generated_text") != nil
    }

    func transcripts(source: SourceRef) throws(RecordError) -> [Transcript] {
      let messages = [Message(role: .assistant, text: TokenText.text(of: tokens), tokens: tokens)]
      return [Transcript(id: MessageContent.fingerprint(messages), source: source, messages: messages)]
    }
  }
}
