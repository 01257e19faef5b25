import ConfabModel

/// vLLM offline `LLM.generate` results (`RequestOutput`) as users dump them to JSON:
/// `{request_id, prompt, prompt_token_ids, prompt_logprobs, outputs: [{index, text, token_ids,
/// cumulative_logprob, logprobs, finish_reason}]}`, logprobs nested or flat (`VLLMLogprobs`).
/// Each output is a transcript; the prompt's own logprobs become a prompt message.
public struct VLLMOfflineImporter: RecordImporter {
  public init() {}
  public var format: Format { .vllmOffline }
  public var summary: String { "vLLM offline RequestOutput dumps (outputs[].logprobs nested or flat, prompt_logprobs, true ranks)" }

  public func claim(_ root: JSONValue) -> Claim {
    guard root.kind == .object, root["choices"] == nil, let first = root.present("outputs")?.elements.first,
      first.kind == .object
    else { return .none }
    return .strong(if: first["token_ids"] != nil || (first["text"] != nil && first["logprobs"] != nil))
  }

  public func transcripts(from root: JSONValue, source: SourceRef) throws(RecordError) -> [Transcript] {
    guard let outputs = root.present("outputs") else { throw RecordError("missing outputs") }
    var prompt: [Message] = []
    let promptIDs = Self.ids(root.present("prompt_token_ids"))
    if let scored = root.present("prompt_logprobs") {
      let tokens = try VLLMLogprobs.tokens(scored, sampled: promptIDs, field: "prompt_logprobs")
      prompt.append(Message(role: .user, channel: .prompt, text: TokenText.text(of: tokens), tokens: tokens))
    } else if let text = root.present("prompt")?.string {
      prompt.append(Message(role: .user, text: text))
    }
    var result: [Transcript] = []
    for (position, output) in outputs.elements.enumerated() {
      let field = "outputs[\(position)]"
      guard output.kind == .object else { throw RecordError("expected an object, found \(output.kind)", field: field) }
      var tokens: [Token]?
      if let logprobs = output.present("logprobs") {
        tokens = try VLLMLogprobs.tokens(logprobs, sampled: Self.ids(output.present("token_ids")), field: field + ".logprobs")
      }
      // The tokens' bytes are the text (markers map onto them); ids without text show as ids.
      let text = tokens.map(TokenText.text(of:)) ?? output.present("text")?.string ?? ""
      var located = source
      located.choice = position
      let messages = prompt + [Message(role: .assistant, text: text, tokens: tokens)]
      result.append(Transcript(
        id: MessageContent.fingerprint(messages), source: located, model: root.present("model")?.string,
        promptID: root.present("prompt_id")?.string,
        sampleIndex: outputs.elements.count > 1 ? (output.present("index")?.int ?? position) : nil, messages: messages))
    }
    return result
  }

  static func ids(_ list: JSONValue?) -> [Int]? {
    guard let list, list.kind == .array else { return nil }
    return list.elements.map { $0.int ?? -1 }
  }
}
