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
      if let prompt = choice.present("prompt_logprobs") ?? response.present("prompt_logprobs") {
        let scored = try VLLMPromptLogprobs.tokens(prompt, field: field + ".prompt_logprobs")
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

  /// The legacy parallel arrays. Alternatives come from a dict: ranked by logprob.
  static func parallel(_ logprobs: JSONValue, field: String) throws(RecordError) -> [Token] {
    guard let texts = logprobs.present("tokens")?.elements else { throw RecordError("missing tokens", field: field) }
    let values = logprobs.present("token_logprobs")?.elements ?? []
    let tops = logprobs.present("top_logprobs")?.elements ?? []
    var tokens: [Token] = []
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
          top.append(Alternative(bytes: Array(key), logprob: Logprob(raw: lp.double)))
          return true
        }
        top.sort { ($0.logprob.value ?? -.infinity) > ($1.logprob.value ?? -.infinity) }
      }
      var token = Token(bytes: Array(bytes), logprob: Logprob(raw: value?.double), top: top)
      token.chosenIndex = TokenEntryParser.chosenIndex(of: token)
      tokens.append(token)
    }
    return tokens
  }
}

/// vLLM `prompt_logprobs`: a list of null (the first prompt token) or dicts keyed by token-id
/// strings `{logprob, rank, decoded_token}`. The prompt token's own entry comes first in each
/// dict (vLLM inserts it first), then the top-k.
enum VLLMPromptLogprobs {
  static func tokens(_ list: JSONValue, field: String) throws(RecordError) -> [Token] {
    guard list.kind == .array else { throw RecordError("expected an array, found \(list.kind)", field: field) }
    var tokens: [Token] = []
    for (index, entry) in list.elements.enumerated() {
      if entry.isNull {
        tokens.append(Token(bytes: [], logprob: .unknown))
        continue
      }
      var alternatives: [(Alternative, rank: Int?)] = []
      entry.forEachMember { key, value in
        let text = value.present("decoded_token")?.stringBytes.map(Array.init) ?? Array(key)
        alternatives.append((Alternative(bytes: text, logprob: Logprob(raw: value.present("logprob")?.double),
                                         id: Int(String(decoding: key, as: UTF8.self))), value.present("rank")?.int))
        return true
      }
      guard let chosen = alternatives.first else { throw RecordError("empty prompt logprobs", field: "\(field)[\(index)]") }
      var token = Token(bytes: chosen.0.bytes, logprob: chosen.0.logprob, id: chosen.0.id, top: alternatives.map(\.0))
      token.chosenIndex = 0
      tokens.append(token)
    }
    return tokens
  }
}
