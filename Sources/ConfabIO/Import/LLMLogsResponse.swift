import ConfabModel

/// One row of simonw/llm's `logs.db` as a transcript: the row's `system` and `prompt` as the
/// prompt, the assistant turn from `response_json` (verified against llm's
/// `default_plugins/openai_models.py`):
/// - a streamed completion (`combine_chunks`): `logprobs: [{text, top_logprobs: [{token: lp}]}]`,
///   one entry per chunk, no sampled logprob (it is read from the chunk's map, where OpenAI's
///   legacy API always lists the sampled token);
/// - a non-streamed completion (`completion.model_dump()`): the legacy parallel arrays;
/// - a chat completion dump (plugins that pass logprobs): `choices[].logprobs.content[]`.
/// Rows whose `response_json` holds none of these have no distribution: nil.
public enum LLMLogsResponse {
  public struct Row: Sendable {
    public var id: String
    public var model: String?
    public var system: String?
    public var prompt: String?

    public init(id: String, model: String?, system: String?, prompt: String?) {
      self.id = id
      self.model = model
      self.system = system
      self.prompt = prompt
    }
  }

  public static func transcript(_ row: Row, json: JSONValue, source: SourceRef) throws(RecordError) -> Transcript? {
    guard let reply = try assistant(json) else { return nil }
    var messages: [Message] = []
    if let system = row.system, !system.isEmpty { messages.append(Message(role: .system, text: system)) }
    if let prompt = row.prompt { messages.append(Message(role: .user, text: prompt)) }
    messages += reply
    // No prompt id: an llm conversation is a chain of turns, not samples of one prompt.
    return Transcript(id: MessageContent.fingerprint(messages), source: source, model: json.present("model")?.string ?? row.model,
                      messages: messages)
  }

  static func assistant(_ json: JSONValue) throws(RecordError) -> [Message]? {
    if let chunks = json.present("logprobs"), chunks.kind == .array {
      let tokens = try streamed(chunks)
      return [Message(role: .assistant, text: TokenText.text(of: tokens), tokens: tokens)]
    }
    guard let choice = json.present("choices")?.elements.first, choice.kind == .object else { return nil }
    if let logprobs = choice.present("logprobs"), logprobs.present("tokens") != nil {
      let tokens = try CompletionsImporter.parallel(logprobs, field: "response_json.choices[0].logprobs")
      return [Message(role: .assistant, text: TokenText.text(of: tokens), tokens: tokens)]
    }
    if choice.present("logprobs")?.present("content") != nil {
      return try OpenAIChatImporter.assistantMessages(choice, field: "response_json.choices[0]")
    }
    return nil
  }

  /// `combine_chunks`' list: a chunk's text with one `{token: logprob}` map per token in it.
  /// A chunk of one token (the usual case) is that token; a chunk of several is cut where the
  /// maps' likeliest listed keys spell it out, else kept whole with no distribution.
  static func streamed(_ chunks: JSONValue) throws(RecordError) -> [Token] {
    var tokens: [Token] = []
    for (index, chunk) in chunks.elements.enumerated() {
      let field = "response_json.logprobs[\(index)]"
      guard chunk.kind == .object, let text = chunk.present("text")?.stringBytes.map(Array.init) else {
        throw RecordError("a logprobs entry is {text, top_logprobs}", field: field)
      }
      let maps = try (chunk.present("top_logprobs")?.elements ?? []).enumerated().map {
        (position: Int, map: JSONValue) throws(RecordError) -> [Alternative] in
        guard map.kind == .object else {
          throw RecordError("top_logprobs entries are {token: logprob} maps, found \(map.kind)", field: "\(field).top_logprobs[\(position)]")
        }
        var top: [Alternative] = []
        map.forEachMember { key, value in
          top.append(Alternative(bytes: Array(key), logprob: Logprob(raw: value.double)))
          return true
        }
        return top.sorted { ($0.logprob.value ?? -.infinity) > ($1.logprob.value ?? -.infinity) }
      }
      if maps.count <= 1 {
        tokens.append(token(text, maps.first ?? []))
      } else if let pieces = split(text, maps) {
        for (piece, top) in zip(pieces, maps) { tokens.append(token(piece, top)) }
      } else {
        tokens.append(Token(bytes: text, logprob: .unknown))
      }
    }
    return tokens
  }

  private static func token(_ bytes: [UInt8], _ top: [Alternative]) -> Token {
    let chosen = top.firstIndex { $0.bytes == bytes }
    return Token(bytes: bytes, logprob: chosen.map { top[$0].logprob } ?? .unknown, top: top, chosenIndex: chosen)
  }

  /// The chunk's text cut into one listed key per map, in order; nil when no cut fits.
  private static func split(_ text: [UInt8], _ maps: [[Alternative]]) -> [[UInt8]]? {
    func search(_ at: Int, _ map: Int) -> [[UInt8]]? {
      if map == maps.count { return at == text.count ? [] : nil }
      for candidate in maps[map] where !candidate.bytes.isEmpty && text[at...].starts(with: candidate.bytes) {
        if let rest = search(at + candidate.bytes.count, map + 1) { return [candidate.bytes] + rest }
      }
      return nil
    }
    return search(0, 0)
  }
}
