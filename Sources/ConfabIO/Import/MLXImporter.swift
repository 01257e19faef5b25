import ConfabModel

/// MLX-LM's server (`mlx_lm/server.py`), chat and text completions. Its logprobs differ from
/// OpenAI's in three ways, checked against the source:
/// - with `top_logprobs`, each entry is `dict(top[0], top_logprobs=top)`: the outer id, token
///   and logprob are the first of an unsorted `argpartition`, not the sampled token, and the
///   sampled token's own logprob is not sent;
/// - token strings are raw tokenizer pieces (`convert_ids_to_tokens`: `Ġ`, `▁`, `<0x0A>`);
/// - without `top_logprobs`, entries are `{id, logprob}`: the sampled token, by id only.
/// So the pieces are decoded to bytes and the sampled token at each position is found by
/// aligning the alternatives with the reply's text; where no alignment exists the position's
/// token is unknown (shown by the list alone).
public struct MLXImporter: RecordImporter {
  public init() {}
  public var format: Format { .mlx }
  public var summary: String { "MLX-LM server chat/text completions (raw BPE pieces, sampled token found by alignment)" }

  /// An entry with an `id` and no `bytes`: MLX's, not OpenAI's or llama.cpp's (both send bytes).
  static func isMLX(_ response: JSONValue) -> Bool {
    guard let choice = response.present("choices")?.elements.first,
      let entry = choice.present("logprobs")?.present("content")?.elements.first(where: { $0.kind == .object && !$0.keys.isEmpty })
    else { return false }
    return entry["id"] != nil && entry["bytes"] == nil
  }

  public func claim(_ root: JSONValue) -> Claim {
    guard let (response, _) = OpenAIChatImporter.response(in: root) else { return .none }
    return .strong(if: Self.isMLX(response))
  }

  public func transcripts(from root: JSONValue, source: SourceRef) throws(RecordError) -> [Transcript] {
    guard let (response, prefix) = OpenAIChatImporter.response(in: root), let choices = response.present("choices") else {
      throw RecordError("missing choices")
    }
    var prompt: [Message] = []
    if let list = root.present("request")?.present("messages") ?? root.present("messages") {
      prompt = try MessageContent.messages(list, field: "messages")
    } else if let text = root.present("request")?.present("prompt")?.string {
      prompt = [Message(role: .user, text: text)]
    }
    var result: [Transcript] = []
    for (position, choice) in choices.elements.enumerated() {
      let field = "\(prefix)choices[\(position)].logprobs.content"
      let text = Array((MessageContent.text(choice.present("message")?.present("content")) ?? choice.present("text")?.string ?? "").utf8)
      var tokens: [Token]?
      if let entries = choice.present("logprobs")?.present("content") {
        tokens = try Self.tokens(entries, text: text, field: field)
      }
      let body = tokens.map(TokenText.text(of:)) ?? String(decoding: text, as: UTF8.self)
      let messages = prompt + [Message(role: .assistant, text: body, tokens: tokens)]
      var located = source
      located.choice = position
      result.append(Transcript(
        id: MessageContent.fingerprint(messages), source: located, model: response.present("model")?.string,
        promptID: root.present("prompt_id")?.string, sampleIndex: choices.elements.count > 1 ? position : nil, messages: messages))
    }
    return result
  }

  static func tokens(_ entries: JSONValue, text: [UInt8], field: String) throws(RecordError) -> [Token] {
    guard entries.kind == .array else { throw RecordError("expected a list, found \(entries.kind)", field: field) }
    var lists: [[Alternative]] = []
    var idsOnly: [(Int?, Logprob)] = []
    for (index, entry) in entries.elements.enumerated() {
      guard entry.kind == .object else { throw RecordError("expected an object, found \(entry.kind)", field: "\(field)[\(index)]") }
      if let top = entry.present("top_logprobs") {
        lists.append(try TokenEntryParser.alternatives(top, field: "\(field)[\(index)].top_logprobs"))
      } else if entry["token"] == nil {
        idsOnly.append((entry.present("id")?.int, try TokenEntryParser.logprobValue(entry, field: "\(field)[\(index)]")))
      } else {
        lists.append([])
      }
    }
    if lists.isEmpty {
      return idsOnly.map { Token(bytes: [], logprob: $0.1, id: $0.0, textKnown: false) }
    }
    let scheme = BPEPieces.scheme(of: lists.flatMap { $0.map(\.bytes) })
    for index in lists.indices {
      for alternative in lists[index].indices { lists[index][alternative].bytes = BPEPieces.decode(lists[index][alternative].bytes, scheme) }
      lists[index].sort { ($0.logprob.value ?? -.infinity) > ($1.logprob.value ?? -.infinity) }
    }
    let chosen = TextAlignment.choose(lists, spelling: text)
    return zip(lists, chosen).map { top, pick in
      guard let pick else { return Token(bytes: [], logprob: .unknown, top: top, textKnown: false) }
      let sampled = top[pick]
      return Token(bytes: sampled.bytes, logprob: sampled.logprob, id: sampled.id, special: TextAlignment.isSpecial(sampled.bytes),
                   top: top, chosenIndex: pick)
    }
  }
}

/// Finds which alternative was sampled at each position when a file lists alternatives but not
/// the sampled token: the choices whose bytes, in order, spell the text. A depth-first search,
/// likelier alternatives first, with a step budget; past the budget (or where nothing fits)
/// a greedy longest match, and positions nothing explains stay unknown.
enum TextAlignment {
  static func choose(_ lists: [[Alternative]], spelling text: [UInt8]) -> [Int?] {
    if let exact = search(lists, text) { return exact }
    return greedy(lists, text)
  }

  /// A token the text does not show (end of turn): `<…>` or empty, accepted once the text is spelled.
  static func isSpecial(_ bytes: [UInt8]) -> Bool {
    bytes.isEmpty || (bytes.count > 2 && bytes.first == 0x3C && bytes.last == 0x3E)
  }

  private static func fits(_ bytes: [UInt8], _ text: [UInt8], at offset: Int) -> Bool {
    if offset == text.count { return isSpecial(bytes) }
    guard !bytes.isEmpty, offset + bytes.count <= text.count else { return false }
    return text[offset..<(offset + bytes.count)].elementsEqual(bytes)
  }

  private static func search(_ lists: [[Alternative]], _ text: [UInt8]) -> [Int?]? {
    var picks: [Int] = []
    var offsets: [Int] = [0]
    var next = 0
    var budget = 64 * lists.count + 1_000
    while budget > 0 {
      budget -= 1
      let position = picks.count
      if position == lists.count {
        if offsets[position] == text.count { return picks }
      } else {
        let offset = offsets[position]
        if let found = lists[position].indices.dropFirst(next).first(where: { fits(lists[position][$0].bytes, text, at: offset) }) {
          picks.append(found)
          offsets.append(offset == text.count ? offset : offset + lists[position][found].bytes.count)
          next = 0
          continue
        }
      }
      // Backtrack: try the previous position's next alternative.
      guard let last = picks.popLast() else { return nil }
      offsets.removeLast()
      next = last + 1
    }
    return nil
  }

  private static func greedy(_ lists: [[Alternative]], _ text: [UInt8]) -> [Int?] {
    var offset = 0
    return lists.map { top in
      let found = top.indices.filter { fits(top[$0].bytes, text, at: offset) }.max { top[$0].bytes.count < top[$1].bytes.count }
      if let found, offset < text.count { offset += top[found].bytes.count }
      return found
    }
  }
}
