import ConfabModel

/// OpenAI Responses API: `output[type=message].content[type=output_text].logprobs[]`, several
/// parts concatenated in order.
public struct ResponsesImporter: RecordImporter {
  public init() {}
  public var format: Format { .openaiResponses }
  public var summary: String { "OpenAI Responses API output[].content[output_text].logprobs" }

  public func claim(_ root: JSONValue) -> Claim {
    .strong(if: (root.present("object")?.string == "response" || root.present("response")?.present("object")?.string == "response")
      && Self.response(root).present("output")?.kind == .array)
  }

  static func response(_ root: JSONValue) -> JSONValue {
    root.present("object")?.string == "response" ? root : (root.present("response") ?? root)
  }

  public func transcripts(from root: JSONValue, source: SourceRef) throws(RecordError) -> [Transcript] {
    let response = Self.response(root)
    var messages: [Message] = []
    if let input = root.present("request")?.present("input") {
      if input.kind == .string {
        messages.append(Message(role: .user, text: input.string ?? ""))
      } else {
        messages += try MessageContent.messages(input, field: "request.input")
      }
    }
    messages += try Self.outputMessages(response)
    return [Transcript(id: MessageContent.fingerprint(messages), source: source, model: response.present("model")?.string,
                       promptID: root.present("prompt_id")?.string, messages: messages)]
  }

  static func outputMessages(_ response: JSONValue) throws(RecordError) -> [Message] {
    var text = ""
    var tokens: [Token] = []
    var sawLogprobs = false
    for (itemIndex, item) in (response.present("output")?.elements ?? []).enumerated() where item.present("type")?.string == "message" {
      for (partIndex, part) in (item.present("content")?.elements ?? []).enumerated() where part.present("type")?.string == "output_text" {
        text += part.present("text")?.string ?? ""
        if let list = part.present("logprobs"), !list.elements.isEmpty {
          sawLogprobs = true
          tokens += try TokenEntryParser.tokens(list, field: "output[\(itemIndex)].content[\(partIndex)].logprobs")
        }
      }
    }
    return [Message(role: .assistant, text: sawLogprobs ? TokenText.text(of: tokens) : text, tokens: sawLogprobs ? tokens : nil)]
  }
}

/// Responses streaming events: `response.output_text.delta` carries logprobs (without bytes);
/// `response.completed` ends the stream and wins when its output holds logprobs.
public struct ResponsesStreamImporter: StreamImporter {
  public init() {}
  public var format: Format { .openaiResponsesStream }
  public var summary: String { "OpenAI Responses SSE events (output_text deltas, response.completed)" }

  public func isChunk(_ root: JSONValue, event: String?) -> Bool {
    (root.present("type")?.string ?? event ?? "").hasPrefix("response.")
  }

  public func makeAccumulator() -> any StreamAccumulator { Accumulator() }

  struct Accumulator: StreamAccumulator {
    var text = ""
    var tokens: [Token] = []
    var completed: [Message]?
    var model: String?

    mutating func add(_ root: JSONValue, event: String?) throws(RecordError) -> Bool {
      let type = root.present("type")?.string ?? event ?? ""
      switch type {
      case "response.output_text.delta":
        text += root.present("delta")?.string ?? ""
        if let list = root.present("logprobs") { tokens += try TokenEntryParser.tokens(list, field: "logprobs") }
      case "response.completed", "response.done":
        if let response = root.present("response") {
          model = response.present("model")?.string
          let messages = try ResponsesImporter.outputMessages(response)
          if messages.contains(where: { $0.tokens != nil }) { completed = messages }
        }
        return true
      default:
        break
      }
      return false
    }

    func transcripts(source: SourceRef) throws(RecordError) -> [Transcript] {
      let messages = completed ?? [Message(role: .assistant, text: tokens.isEmpty ? text : TokenText.text(of: tokens), tokens: tokens.isEmpty ? nil : tokens)]
      return [Transcript(id: MessageContent.fingerprint(messages), source: source, model: model, messages: messages)]
    }
  }
}
