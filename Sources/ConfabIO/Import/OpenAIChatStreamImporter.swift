import ConfabModel

/// Saved OpenAI Chat Completions streams (`chat.completion.chunk` events; also llama.cpp's,
/// vLLM's and Ollama's /v1 streams, and text_completion chunks): each choice's deltas and
/// logprobs are concatenated by `index`; the usage chunk and `[DONE]` are handled.
public struct OpenAIChatStreamImporter: StreamImporter {
  public init() {}
  public var format: Format { .openaiChatStream }
  public var summary: String { "OpenAI Chat Completions SSE stream (chunks merged per choice index)" }

  public func isChunk(_ root: JSONValue, event: String?) -> Bool {
    if let object = root.present("object")?.string, object == "chat.completion.chunk" { return true }
    guard let choices = root.present("choices"), choices.kind == .array else { return false }
    // The usage chunk has choices: [] and an object of chat.completion.chunk; a delta marks the rest.
    return choices.elements.first?["delta"] != nil
  }

  public func makeAccumulator() -> any StreamAccumulator { Accumulator() }

  struct Choice {
    var channels: [Channel: (text: String, tokens: [Token]?)] = [:]
  }

  struct Accumulator: StreamAccumulator {
    var choices: [Int: Choice] = [:]
    var model: String?
    var finishedChoices: Set<Int> = []

    var finished: Bool { !choices.isEmpty && choices.keys.allSatisfy(finishedChoices.contains) }

    mutating func add(_ root: JSONValue, event: String?) throws(RecordError) -> Bool {
      if model == nil { model = root.present("model")?.string }
      for (position, choice) in (root.present("choices")?.elements ?? []).enumerated() {
        let index = choice.present("index")?.int ?? position
        if choice.present("finish_reason")?.string != nil { finishedChoices.insert(index) }
        var merged = choices[index] ?? Choice()
        let delta = choice.present("delta")
        let logprobs = choice.present("logprobs")
        let parts: [(Channel, StaticString, StaticString)] = [
          (.reasoning, "reasoning_content", "reasoning"), (.content, "content", "content"), (.refusal, "refusal", "refusal"),
        ]
        for (channel, textKey, logprobKey) in parts {
          var entry = merged.channels[channel] ?? ("", nil)
          var touched = false
          if let text = delta?.present(textKey)?.string ?? (channel == .content ? choice.present("text")?.string : nil) {
            entry.text += text
            touched = true
          }
          if let list = logprobs?.present(logprobKey), list.kind == .array {
            let tokens = try TokenEntryParser.tokens(list, field: "choices[\(position)].logprobs.\(logprobKey)")
            entry.tokens = (entry.tokens ?? []) + tokens
            touched = true
          }
          if touched { merged.channels[channel] = entry }
        }
        choices[index] = merged
      }
      return false
    }

    func transcripts(source: SourceRef) throws(RecordError) -> [Transcript] {
      guard !choices.isEmpty else { throw RecordError("stream ended without any choice") }
      return choices.keys.sorted().enumerated().map { position, index in
        var messages: [Message] = []
        for channel in [Channel.reasoning, .content, .refusal] {
          guard let (text, listed) = choices[index]!.channels[channel] else { continue }
          var tokens = listed
          // An empty logprobs list beside real text: the distribution was dropped, keep the text.
          if tokens?.isEmpty == true && !text.isEmpty { tokens = nil }
          let body = tokens.map(TokenText.text(of:)) ?? text
          if channel != .content && body.isEmpty { continue }
          messages.append(Message(role: .assistant, channel: channel, text: body, tokens: tokens))
        }
        if messages.isEmpty { messages.append(Message(role: .assistant, text: "")) }
        var located = source
        located.choice = position
        return Transcript(
          id: MessageContent.fingerprint(messages), source: located, model: model,
          sampleIndex: choices.count > 1 ? index : nil, messages: messages)
      }
    }
  }
}
