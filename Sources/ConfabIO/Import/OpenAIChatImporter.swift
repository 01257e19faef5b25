import ConfabModel

/// OpenAI Chat Completions with `logprobs` (and servers that copy it: llama.cpp, vLLM,
/// Ollama's /v1, TGI's chat, Fireworks; Together's legacy arrays inside a chat choice and its
/// echoed `prompt`). Accepts a bare response, a `{request, response}` pair and
/// OpenAI Batch output lines (`response.body`). Each choice becomes its own transcript.
public struct OpenAIChatImporter: RecordImporter {
  public init() {}
  public var format: Format { .openaiChat }
  public var summary: String {
    "OpenAI Chat Completions: choices[].logprobs.content[] and refusal[] (also llama.cpp, vLLM, Batch output)"
  }

  public func claim(_ root: JSONValue) -> Claim {
    guard let (response, _) = Self.response(in: root),
      let first = response.present("choices")?.elements.first
    else { return .none }
    // MLX-LM copies this shape with its own token entries: its importer reads those.
    if MLXImporter.isMLX(response) { return .weak }
    if first["message"] != nil { return .strong }
    // Logprobs beside `text` are a legacy completion's; without text they are a chat choice's.
    guard first["logprobs"] != nil else { return .none }
    return first["text"] == nil ? .strong : .weak
  }

  static func response(in root: JSONValue) -> (JSONValue, String)? {
    if root.present("choices")?.kind == .array { return (root, "") }
    if let response = root.present("response") {
      if let body = response.present("body"), body.present("choices")?.kind == .array {
        return (body, "response.body.")
      }
      if response.present("choices")?.kind == .array { return (response, "response.") }
    }
    return nil
  }

  public func transcripts(from root: JSONValue, source: SourceRef) throws(RecordError) -> [Transcript] {
    guard let (response, prefix) = Self.response(in: root), let choices = response.present("choices") else {
      throw RecordError("missing choices", field: "choices")
    }
    var prompt: [Message] = []
    if let list = root.present("request")?.present("messages") {
      prompt = try MessageContent.messages(list, field: "request.messages")
    } else if let list = root.present("messages") {
      prompt = try MessageContent.messages(list, field: "messages")
    }
    if let echoed = try CompletionsImporter.echoedPrompt(response) { prompt.append(echoed) }
    // vLLM puts the prompt as the model scored it at the top level of chat responses.
    if let scored = response.present("prompt_logprobs") {
      let tokens = try VLLMLogprobs.tokens(scored, sampled: nil, field: "prompt_logprobs")
      prompt.append(Message(role: .user, channel: .prompt, text: TokenText.text(of: tokens), tokens: tokens))
    }
    let model = response.present("model")?.string
    let promptID = (root.present("prompt_id") ?? root.present("custom_id"))?.string
    var result: [Transcript] = []
    for (position, choice) in choices.elements.enumerated() {
      let field = "\(prefix)choices[\(position)]"
      guard choice.kind == .object else { throw RecordError("expected an object, found \(choice.kind)", field: field) }
      let index = choice.present("index")?.int ?? position
      var messages = prompt
      messages += try Self.assistantMessages(choice, field: field)
      var located = source
      located.choice = position
      let sample = root.present("sample")?.int ?? (choices.elements.count > 1 ? index : nil)
      result.append(Transcript(
        id: MessageContent.fingerprint(messages), source: located, model: model,
        promptID: promptID, sampleIndex: sample, messages: messages))
    }
    return result
  }

  /// The assistant turn's channels: reasoning, content and refusal, each with its tokens.
  static func assistantMessages(_ choice: JSONValue, field: String) throws(RecordError) -> [Message] {
    let message = choice.present("message")
    let logprobs = choice.present("logprobs")
    var result: [Message] = []
    let channels: [(Channel, StaticString, StaticString)] = [
      (.reasoning, "reasoning_content", "reasoning"),
      (.content, "content", "content"),
      (.refusal, "refusal", "refusal"),
    ]
    for (channel, textKey, logprobKey) in channels {
      let text = MessageContent.text(message?.present(textKey))
      var tokens: [Token]?
      if let list = logprobs?.present(logprobKey) {
        tokens = try TokenEntryParser.tokens(list, field: "\(field).logprobs.\(logprobKey)")
      } else if channel == .content, let logprobs, logprobs.present("tokens") != nil {
        // Together and Fireworks: the legacy parallel arrays inside a chat choice.
        tokens = try CompletionsImporter.parallel(logprobs, field: field + ".logprobs")
      }
      guard text != nil || tokens != nil else { continue }
      // An empty logprobs list beside real text: the distribution was dropped, keep the text.
      if tokens?.isEmpty == true, text?.isEmpty == false { tokens = nil }
      // The token bytes are the exact text when present: markers and offsets need that.
      let body = tokens.map(TokenText.text(of:)) ?? text ?? ""
      if channel != .content && body.isEmpty { continue }
      result.append(Message(role: .assistant, channel: channel, text: body, tokens: tokens))
    }
    if result.isEmpty { result.append(Message(role: .assistant, text: "")) }
    return result
  }
}
