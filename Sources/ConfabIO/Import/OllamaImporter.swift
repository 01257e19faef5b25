import ConfabModel

/// Ollama's native `/api/generate` and `/api/chat` responses with top-level `logprobs[]`
/// (bytes and top_logprobs may be absent). Thinking tokens are kept as their own channel: the
/// logprobs cover thinking then content, split by the thinking text's byte length.
public struct OllamaImporter: RecordImporter {
  public init() {}
  public var format: Format { .ollama }
  public var summary: String { "Ollama /api/generate and /api/chat with logprobs (thinking kept apart)" }

  public func claim(_ root: JSONValue) -> Claim {
    guard root.present("done")?.bool != nil, root["response"] != nil || root["message"] != nil else { return .none }
    // Ollama's OpenAI-compatible endpoint answers with choices: that shape is OpenAI's.
    return root["choices"] == nil ? .strong : .weak
  }

  public func transcripts(from root: JSONValue, source: SourceRef) throws(RecordError) -> [Transcript] {
    var accumulator = OllamaStreamImporter.Accumulator()
    _ = try accumulator.add(root, event: nil)
    var located = source
    located.format = format
    return try accumulator.transcripts(source: located)
  }
}

/// Ollama's NDJSON stream: one object per line until `done: true`.
public struct OllamaStreamImporter: StreamImporter {
  public init() {}
  public var format: Format { .ollamaStream }
  public var summary: String { "Ollama NDJSON stream (done: true ends it)" }

  public func isChunk(_ root: JSONValue, event: String?) -> Bool {
    // A lone final object is a whole response: the non-stream importer takes it.
    root["choices"] == nil && root.present("done")?.bool == false && (root["response"] != nil || root["message"] != nil)
  }

  public func continues(_ root: JSONValue, event: String?) -> Bool {
    root["choices"] == nil && root.present("done")?.bool != nil && (root["response"] != nil || root["message"] != nil)
  }

  public func makeAccumulator() -> any StreamAccumulator { Accumulator() }

  struct Accumulator: StreamAccumulator {
    var content = ""
    var thinking = ""
    var tokens: [Token] = []
    var model: String?
    var prompt: [Message] = []

    mutating func add(_ root: JSONValue, event: String?) throws(RecordError) -> Bool {
      model = model ?? root.present("model")?.string
      if let message = root.present("message") {
        content += message.present("content")?.string ?? ""
        thinking += message.present("thinking")?.string ?? ""
      } else {
        content += root.present("response")?.string ?? ""
        thinking += root.present("thinking")?.string ?? ""
      }
      if let list = root.present("logprobs") { tokens += try TokenEntryParser.tokens(list, field: "logprobs") }
      if prompt.isEmpty, let messages = root.present("messages") { prompt = try MessageContent.messages(messages, field: "messages") }
      return root.present("done")?.bool == true
    }

    func transcripts(source: SourceRef) throws(RecordError) -> [Transcript] {
      var messages = prompt
      if tokens.isEmpty {
        if !thinking.isEmpty { messages.append(Message(role: .assistant, channel: .reasoning, text: thinking)) }
        messages.append(Message(role: .assistant, text: content))
      } else {
        // Thinking comes first in the token stream.
        let thinkingBytes = thinking.utf8.count
        var split = 0
        var seen = 0
        while split < tokens.count && seen < thinkingBytes {
          seen += tokens[split].bytes.count
          split += 1
        }
        if split > 0 {
          let part = Array(tokens[..<split])
          messages.append(Message(role: .assistant, channel: .reasoning, text: TokenText.text(of: part), tokens: part))
        }
        let rest = Array(tokens[split...])
        messages.append(Message(role: .assistant, text: TokenText.text(of: rest), tokens: rest))
      }
      return [Transcript(id: MessageContent.fingerprint(messages), source: source, model: model, messages: messages)]
    }
  }
}
