import ConfabModel

/// llama.cpp's native `/completion`: the new shape (`completion_probabilities` entries with
/// id, token, bytes, logprob, top_logprobs), post-sampling probabilities (`prob`,
/// `top_probs`) and the old shape (`content` + `probs[{tok_str, prob}]`). The chosen entry may
/// carry the merged bytes of several tokens; `token` may be cut at invalid UTF-8 while
/// `bytes` is raw; probability 0 appears as FLT_LOWEST.
public struct LlamaCppImporter: RecordImporter {
  public init() {}
  public var format: Format { .llamacppCompletion }
  public var summary: String { "llama.cpp /completion: completion_probabilities (new, post-sampling and old shapes)" }

  public func claim(_ root: JSONValue) -> Claim {
    // llama-server leaves `completion_probabilities` out when no token was kept: a sample
    // that met a stop string at once ("\n\n" first) has content "" and none (its
    // `to_json_non_oaicompat` adds them only `if (!stream && !probs_output.empty())`).
    if root.present("completion_probabilities") == nil, root.present("content")?.kind == .string,
       root.present("stop")?.kind == .bool, root.present("id_slot") != nil || root.present("tokens_predicted") != nil {
      return root["choices"] == nil ? .strong : .none
    }
    guard root.present("completion_probabilities")?.kind == .array else { return .none }
    // An OpenAI-compatible response that also carries them is the OpenAI importer's.
    return root["choices"] == nil ? .strong : .weak
  }

  public func transcripts(from root: JSONValue, source: SourceRef) throws(RecordError) -> [Transcript] {
    let tokens = try root.present("completion_probabilities").map { list throws(RecordError) in
      try TokenEntryParser.tokens(list, field: "completion_probabilities")
    } ?? []
    var messages: [Message] = []
    if let prompt = root.present("prompt")?.string { messages.append(Message(role: .user, text: prompt)) }
    // `content` is the text; the token bytes are exact and win when present.
    let text = tokens.isEmpty ? (root.present("content")?.string ?? "") : TokenText.text(of: tokens)
    // No list and no text: a sample of zero tokens. No list but text: no per-token data.
    let listed = root.present("completion_probabilities") != nil || text.isEmpty
    messages.append(Message(role: .assistant, text: text, tokens: listed ? tokens : nil))
    return [Transcript(
      id: MessageContent.fingerprint(messages), source: source, model: root.present("model")?.string,
      promptID: root.present("prompt_id")?.string, messages: messages)]
  }
}

/// llama.cpp's native stream: one `completion_probabilities` entry per event, `stop: true` last.
public struct LlamaCppStreamImporter: StreamImporter {
  public init() {}
  public var format: Format { .llamacppStream }
  public var summary: String { "llama.cpp /completion stream (NDJSON or SSE, stop: true ends it)" }

  public func isChunk(_ root: JSONValue, event: String?) -> Bool {
    guard root["choices"] == nil, let stop = root.present("stop")?.bool, root["content"] != nil else { return false }
    // A whole non-streamed response also says stop: true, with all its entries at once.
    return !(stop && (root.present("completion_probabilities")?.elements.count ?? 0) > 1)
  }

  public func makeAccumulator() -> any StreamAccumulator { Accumulator() }

  struct Accumulator: StreamAccumulator {
    var text = ""
    var tokens: [Token] = []
    var model: String?
    var prompt: String?

    mutating func add(_ root: JSONValue, event: String?) throws(RecordError) -> Bool {
      text += root.present("content")?.string ?? ""
      if let list = root.present("completion_probabilities") {
        tokens += try TokenEntryParser.tokens(list, field: "completion_probabilities")
      }
      model = model ?? root.present("model")?.string
      prompt = prompt ?? root.present("prompt")?.string
      return root.present("stop")?.bool == true
    }

    func transcripts(source: SourceRef) throws(RecordError) -> [Transcript] {
      var messages: [Message] = []
      if let prompt { messages.append(Message(role: .user, text: prompt)) }
      messages.append(Message(role: .assistant, text: tokens.isEmpty ? text : TokenText.text(of: tokens), tokens: tokens.isEmpty ? nil : tokens))
      return [Transcript(id: MessageContent.fingerprint(messages), source: source, model: model, messages: messages)]
    }
  }
}
