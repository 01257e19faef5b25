import ConfabModel

/// SGLang native `/generate` with `return_logprob`: `{text, output_ids, meta_info}` where
/// `meta_info.output_token_logprobs` are `[logprob, token_id, text|null]` triples and
/// `meta_info.output_top_logprobs` per position null or a list of triples; the `input_` pair is
/// the prompt as scored (its first entry `[null, id, null]`). The text is null unless the
/// request set `return_text_in_logprobs`: such tokens show their ids. A batch is a JSON list.
public struct SGLangImporter: RecordImporter {
  public init() {}
  public var format: Format { .sglang }
  public var summary: String { "SGLang native /generate (meta_info input/output token logprobs, top logprobs, batches)" }

  public func claim(_ root: JSONValue) -> Claim {
    guard root.kind == .object, let meta = root.present("meta_info"), meta.kind == .object else { return .none }
    return .strong(if: root["text"] != nil || meta["output_token_logprobs"] != nil)
  }

  public func transcripts(from root: JSONValue, source: SourceRef) throws(RecordError) -> [Transcript] {
    guard let meta = root.present("meta_info") else { throw RecordError("missing meta_info") }
    var messages: [Message] = []
    if let input = meta.present("input_token_logprobs") {
      let tokens = try Self.tokens(input, top: meta.present("input_top_logprobs"), side: "input")
      messages.append(Message(role: .user, channel: .prompt, text: TokenText.text(of: tokens), tokens: tokens))
    }
    var tokens: [Token]?
    if let output = meta.present("output_token_logprobs") {
      tokens = try Self.tokens(output, top: meta.present("output_top_logprobs"), side: "output")
    }
    let text = tokens.map(TokenText.text(of:)) ?? root.present("text")?.string ?? ""
    messages.append(Message(role: .assistant, text: text, tokens: tokens))
    return [Transcript(
      id: MessageContent.fingerprint(messages), source: source, model: root.present("model")?.string,
      promptID: root.present("prompt_id")?.string, sampleIndex: root.present("index")?.int, messages: messages)]
  }

  /// `side` is input or output: the field names are `meta_info.{side}_token_logprobs` and
  /// `meta_info.{side}_top_logprobs`.
  static func tokens(_ list: JSONValue, top: JSONValue?, side: String) throws(RecordError) -> [Token] {
    let field = "meta_info.\(side)_token_logprobs"
    guard list.kind == .array else { throw RecordError("expected a list of [logprob, id, text] triples, found \(list.kind)", field: field) }
    let tops = top?.elements ?? []
    var tokens: [Token] = []
    tokens.reserveCapacity(list.elements.count)
    for (index, entry) in list.elements.enumerated() {
      let sampled = try triple(entry, field: "\(field)[\(index)]")
      var token = Token(bytes: sampled.bytes, logprob: sampled.logprob, id: sampled.id, textKnown: sampled.textKnown)
      if index < tops.count, tops[index].kind == .array {
        token.top = AlternativeList(try tops[index].elements.enumerated().map { (offset: Int, item: JSONValue) throws(RecordError) -> Alternative in
          try triple(item, field: "meta_info.\(side)_top_logprobs[\(index)][\(offset)]")
        })
        token.chosenIndex = TokenEntryParser.chosenIndex(of: token)
      }
      tokens.append(token)
    }
    return tokens
  }

  /// `[logprob, id, text|null]`; SGLang clamps -inf to -999999999.0 in some versions (a sentinel).
  static func triple(_ entry: JSONValue, field: @autoclosure () -> String) throws(RecordError) -> Alternative {
    let parts = entry.kind == .array ? entry.elements : []
    guard parts.count >= 2 else { throw RecordError("expected [logprob, token_id, text], found \(entry.kind)", field: field()) }
    guard parts[0].isNull || parts[0].kind == .number else {
      throw RecordError("logprob must be a number, found \(parts[0].kind)", field: field())
    }
    guard let id = parts[1].int else { throw RecordError("token id must be a whole number, found \(parts[1].kind)", field: field()) }
    let text = parts.count > 2 ? parts[2].stringBytes.map(Array.init) : nil
    return Alternative(bytes: text ?? [], logprob: Logprob(raw: parts[0].isNull ? nil : parts[0].double), id: id, textKnown: text != nil)
  }
}
