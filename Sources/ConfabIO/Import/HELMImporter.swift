import ConfabModel

/// HELM `scenario_state.json`: `request_states[]` with the instance (its `id` is the prompt
/// id), the request (`prompt` or `messages`, sampler settings, `echo_prompt`) and
/// `result.completions[]` of `{text, logprob, tokens: [{text, logprob, top_logprobs?}]}`.
/// `top_logprobs` (a text→logprob map) is in HELM releases before February 2024 only. One
/// transcript per completion.
public struct HELMImporter: RecordImporter {
  public init() {}
  public var format: Format { .helm }
  public var summary: String { "HELM scenario_state.json (request_states[].result.completions[].tokens[])" }

  public func claim(_ root: JSONValue) -> Claim {
    .strong(if: root.kind == .object && root.present("request_states")?.kind == .array)
  }

  public func transcripts(from root: JSONValue, source: SourceRef) throws(RecordError) -> [Transcript] {
    guard let states = root.present("request_states") else { throw RecordError("missing request_states") }
    var result: [Transcript] = []
    for (stateIndex, state) in states.elements.enumerated() {
      let field = "request_states[\(stateIndex)]"
      guard state.kind == .object else { throw RecordError("expected an object, found \(state.kind)", field: field) }
      let request = state.present("request")
      let promptText = request?.present("prompt")?.string ?? ""
      var prompt: [Message] = []
      if let list = request?.present("messages"), !list.elements.isEmpty {
        prompt = try MessageContent.messages(list, field: field + ".request.messages")
      } else {
        prompt = [Message(role: .user, text: promptText)]
      }
      let completions = state.present("result")?.present("completions")?.elements ?? []
      for (index, completion) in completions.enumerated() {
        let completionField = "\(field).result.completions[\(index)]"
        var messages = prompt
        var tokens: [Token]?
        if let list = completion.present("tokens") {
          tokens = try Self.tokens(list, field: completionField + ".tokens")
        }
        // echo_prompt: the prompt's tokens come first, scored; they become the prompt message.
        if var all = tokens, request?.present("echo_prompt")?.bool == true, let split = Self.promptLength(all, prompt: promptText) {
          let scored = Array(all[..<split])
          all.removeFirst(split)
          messages = [Message(role: .user, channel: .prompt, text: TokenText.text(of: scored), tokens: scored)]
          tokens = all
        }
        let text = tokens.map(TokenText.text(of:)) ?? completion.present("text")?.string ?? ""
        messages.append(Message(role: .assistant, text: text, tokens: tokens))
        var located = source
        located.choice = result.count
        var transcript = Transcript(
          id: MessageContent.fingerprint(messages), source: located,
          model: request?.present("model")?.string ?? request?.present("model_deployment")?.string,
          promptID: state.present("instance")?.present("id")?.string,
          sampleIndex: completions.count > 1 ? index : nil, messages: messages)
        transcript.params = Self.params(request)
        result.append(transcript)
      }
    }
    return result
  }

  static func tokens(_ list: JSONValue, field: String) throws(RecordError) -> [Token] {
    guard list.kind == .array else { throw RecordError("expected a list of tokens, found \(list.kind)", field: field) }
    var tokens: [Token] = []
    tokens.reserveCapacity(list.elements.count)
    for (index, entry) in list.elements.enumerated() {
      guard entry.kind == .object, let text = entry.present("text")?.stringBytes else {
        throw RecordError("a token is {text, logprob, top_logprobs?}", field: "\(field)[\(index)]")
      }
      var top: [Alternative] = []
      entry.present("top_logprobs")?.forEachMember { key, value in
        top.append(Alternative(bytes: Array(key), logprob: Logprob(raw: value.double)))
        return true
      }
      top.sort { ($0.logprob.value ?? -.infinity) > ($1.logprob.value ?? -.infinity) }
      var token = Token(bytes: Array(text), logprob: Logprob(raw: entry.present("logprob")?.double), top: top)
      token.chosenIndex = TokenEntryParser.chosenIndex(of: token)
      tokens.append(token)
    }
    return tokens
  }

  /// How many leading tokens spell the prompt exactly, or nil when no prefix does.
  static func promptLength(_ tokens: [Token], prompt: String) -> Int? {
    let target = Array(prompt.utf8)
    var length = 0
    for (index, token) in tokens.enumerated() {
      if length == target.count { return index }
      length += token.bytes.count
      if length > target.count { return nil }
    }
    return length == target.count ? tokens.count : nil
  }

  /// The sampler settings HELM sent, as a params object.
  static func params(_ request: JSONValue?) -> String? {
    guard let request else { return nil }
    var parts: [String] = []
    if let value = request.present("temperature")?.double { parts.append("\"temperature\":\(value)") }
    if let value = request.present("top_p")?.double { parts.append("\"top_p\":\(value)") }
    if let value = request.present("max_tokens")?.int { parts.append("\"max_tokens\":\(value)") }
    if let value = request.present("top_k_per_token")?.int { parts.append("\"top_logprobs\":\(value)") }
    if let value = request.present("random")?.string {
      var quoted = ""
      JSONWriter.string(value, into: &quoted)
      parts.append("\"random\":" + quoted)
    }
    return parts.isEmpty ? nil : "{" + parts.joined(separator: ",") + "}"
  }
}
