import ConfabModel

/// OpenAI legacy Completions (`object: text_completion`): parallel arrays `tokens`,
/// `token_logprobs`, `top_logprobs` (dicts, so duplicate strings collapse and order is not
/// rank order), `text_offset`. With `echo` the prompt's tokens come first (the first logprob
/// is null) and are kept as a prompt message. llama.cpp's and Ollama's /v1/completions use the
/// chat shape (`logprobs.content`) instead; vLLM adds `prompt_logprobs` per choice.
public struct CompletionsImporter: RecordImporter {
  public init() {}
  public var format: Format { .openaiCompletions }
  public var summary: String { "OpenAI legacy Completions (parallel arrays, echo) and /v1/completions variants" }

  public func claim(_ root: JSONValue) -> Claim {
    guard let response = OpenAIChatImporter.response(in: root)?.0, let first = response.present("choices")?.elements.first else {
      return .none
    }
    if MLXImporter.isMLX(response) { return .weak }
    return .strong(if: first["text"] != nil && first["message"] == nil)
  }

  public func transcripts(from root: JSONValue, source: SourceRef) throws(RecordError) -> [Transcript] {
    guard let (response, prefix) = OpenAIChatImporter.response(in: root), let choices = response.present("choices") else {
      throw RecordError("missing choices")
    }
    let promptText = root.present("request")?.present("prompt")?.string
    let promptTokensCount = response.present("usage")?.present("prompt_tokens")?.int
    var result: [Transcript] = []
    for (position, choice) in choices.elements.enumerated() {
      let field = "\(prefix)choices[\(position)]"
      var messages: [Message] = []
      var tokens: [Token]?
      if let logprobs = choice.present("logprobs") {
        if let content = logprobs.present("content") {
          tokens = try TokenEntryParser.tokens(content, field: field + ".logprobs.content")
        } else if logprobs.present("tokens") != nil {
          tokens = try Self.parallel(logprobs, field: field + ".logprobs")
        }
      }
      if let echoed = try Self.echoedPrompt(response) {
        messages.append(echoed)
      } else if let prompt = choice.present("prompt_logprobs") ?? response.present("prompt_logprobs") {
        let scored = try VLLMLogprobs.tokens(prompt, sampled: nil, field: field + ".prompt_logprobs")
        messages.append(Message(role: .user, channel: .prompt, text: TokenText.text(of: scored), tokens: scored))
      } else if let promptText {
        messages.append(Message(role: .user, text: promptText))
      }
      // echo: a null first logprob marks prompt tokens at the front.
      if var all = tokens, all.first?.logprob.raw == nil, let count = promptTokensCount, count < all.count, count > 0 {
        let prompt = Array(all[..<count])
        all.removeFirst(count)
        messages.removeAll { $0.role == .user }
        messages.append(Message(role: .user, channel: .prompt, text: TokenText.text(of: prompt), tokens: prompt))
        tokens = all
      }
      let text = tokens.map(TokenText.text(of:)) ?? choice.present("text")?.string ?? ""
      messages.append(Message(role: .assistant, text: text, tokens: tokens))
      var located = source
      located.choice = position
      result.append(Transcript(
        id: MessageContent.fingerprint(messages), source: located, model: response.present("model")?.string,
        promptID: (root.present("prompt_id") ?? root.present("custom_id"))?.string,
        sampleIndex: root.present("sample")?.int ?? (choices.elements.count > 1 ? (choice.present("index")?.int ?? position) : nil),
        messages: messages))
    }
    return result
  }

  /// Together's `echo`: a top-level `prompt: [{text, logprobs: {tokens, token_logprobs, ...}}]`
  /// beside the choices, the prompt as the model scored it.
  static func echoedPrompt(_ response: JSONValue) throws(RecordError) -> Message? {
    guard let parts = response.present("prompt")?.elements, !parts.isEmpty, parts[0].kind == .object else { return nil }
    var tokens: [Token] = []
    var text = ""
    for (index, part) in parts.enumerated() {
      if let logprobs = part.present("logprobs"), logprobs.present("tokens") != nil {
        tokens += try parallel(logprobs, field: "prompt[\(index)].logprobs")
      }
      text += part.present("text")?.string ?? ""
    }
    if tokens.isEmpty { return Message(role: .user, text: text) }
    return Message(role: .user, channel: .prompt, text: TokenText.text(of: tokens), tokens: tokens)
  }

  /// The legacy parallel arrays. Alternatives come from a dict: ranked by logprob. Together
  /// and Fireworks add `token_ids`.
  static func parallel(_ logprobs: JSONValue, field: String) throws(RecordError) -> [Token] {
    guard let texts = logprobs.present("tokens")?.elements else { throw RecordError("missing tokens", field: field) }
    let values = logprobs.present("token_logprobs")?.elements ?? []
    let tops = logprobs.present("top_logprobs")?.elements ?? []
    let ids = logprobs.present("token_ids")?.elements ?? []
    var tokens: [Token] = []
    let pool = SpellingPool(tokens: texts.count)
    for (index, text) in texts.enumerated() {
      guard let bytes = text.stringBytes else {
        throw RecordError("token must be a string, found \(text.kind)", field: "\(field).tokens[\(index)]")
      }
      let value = index < values.count ? values[index] : nil
      if let value, value.kind != .number && value.kind != .null {
        throw RecordError("logprob must be a number, found \(value.kind)", field: "\(field).token_logprobs[\(index)]")
      }
      var top: [Alternative] = []
      if index < tops.count {
        tops[index].forEachMember { key, lp in
          top.append(Alternative(spelling: pool.spelling(key), logprob: Logprob(raw: lp.double)))
          return true
        }
        top.sort { ($0.logprob.value ?? -.infinity) > ($1.logprob.value ?? -.infinity) }
      }
      var token = Token(bytes: pool.array(bytes), logprob: Logprob(raw: value?.double), id: index < ids.count ? ids[index].int : nil, top: top)
      token.chosenIndex = TokenEntryParser.chosenIndex(of: token)
      tokens.append(token)
    }
    return tokens
  }
}
