import ConfabModel

/// Parses the per-token entry that most formats share in one of its spellings:
/// OpenAI/vLLM/Ollama/Inspect `{token, logprob, bytes?, top_logprobs?}`, llama.cpp's `id` and
/// `prob`/`top_probs` (post-sampling) or old `tok_str`/`probs`, TGI's `{id, text, logprob,
/// special}`, Gemini's `{token, tokenId, logProbability}`, Fireworks' `token_id`. Raw bytes win over token strings;
/// probabilities become logs; the chosen token is found by id, then by bytes and logprob,
/// never assumed to be `top[0]`.
enum TokenEntryParser {
  /// `field` names the entry in error messages; it is built only when something is wrong.
  static func token(_ entry: JSONValue, field: @autoclosure () -> String, top explicitTop: JSONValue? = nil) throws(RecordError) -> Token {
    guard entry.kind == .object else { throw RecordError("expected an object, found \(entry.kind)", field: field()) }
    let bytes = try tokenBytes(entry, field: field())
    var logprob = try logprobValue(entry, field: field())
    let id = (entry.present("id") ?? entry.present("tokenId") ?? entry.present("token_id"))?.int
    var top: [Alternative] = []
    if let list = explicitTop ?? entry.present("top_logprobs") ?? entry.present("top_probs") ?? entry.present("probs") {
      top = try alternatives(list, field: field() + ".top_logprobs")
    }
    var token = Token(bytes: bytes, logprob: logprob, id: id, special: entry.present("special")?.bool ?? false, top: top)
    token.chosenIndex = chosenIndex(of: token)
    // Old llama.cpp gives the chosen token's probability only inside its list.
    if logprob.raw == nil, let chosen = token.chosenIndex {
      logprob = top[chosen].logprob
      token.logprob = logprob
    }
    return token
  }

  static func alternatives(_ list: JSONValue, field: @autoclosure () -> String) throws(RecordError) -> [Alternative] {
    guard list.kind == .array else { throw RecordError("expected an array, found \(list.kind)", field: field()) }
    let items = list.elements
    var top: [Alternative] = []
    top.reserveCapacity(items.count)
    for (index, alternative) in items.enumerated() {
      guard alternative.kind == .object else {
        throw RecordError("expected an object, found \(alternative.kind)", field: "\(field())[\(index)]")
      }
      top.append(Alternative(
        bytes: try tokenBytes(alternative, field: "\(field())[\(index)]"),
        logprob: try logprobValue(alternative, field: "\(field())[\(index)]"),
        id: (alternative.present("id") ?? alternative.present("tokenId") ?? alternative.present("token_id"))?.int))
    }
    return top
  }

  static func tokens(_ list: JSONValue, field: @autoclosure () -> String) throws(RecordError) -> [Token] {
    guard list.kind == .array else { throw RecordError("expected an array, found \(list.kind)", field: field()) }
    let entries = list.elements
    var tokens: [Token] = []
    tokens.reserveCapacity(entries.count)
    for (index, entry) in entries.enumerated() {
      tokens.append(try token(entry, field: "\(field())[\(index)]"))
    }
    return tokens
  }

  static func tokenBytes(_ entry: JSONValue, field: @autoclosure () -> String) throws(RecordError) -> [UInt8] {
    if let raw = entry.present("bytes") {
      guard let bytes = raw.byteArray else {
        throw RecordError("bytes must be an array of integers 0-255", field: field() + ".bytes")
      }
      if !bytes.isEmpty { return bytes }
    }
    guard let text = entry["token"] ?? entry["tok_str"] ?? entry["text"] ?? entry["content"] else {
      throw RecordError("missing token", field: field())
    }
    guard let bytes = text.stringBytes else {
      throw RecordError("token must be a string, found \(text.kind)", field: field() + ".token")
    }
    return Array(bytes)
  }

  static func logprobValue(_ entry: JSONValue, field: @autoclosure () -> String) throws(RecordError) -> Logprob {
    if let value = entry["logprob"] ?? entry["logProbability"] {
      switch value.kind {
      case .null: return .unknown
      case .number: return Logprob(raw: value.double)
      default: throw RecordError("logprob must be a number, found \(value.kind)", field: field() + ".logprob")
      }
    }
    if let value = entry["prob"] {
      switch value.kind {
      case .null: return .unknown
      case .number: return Logprob(probability: value.double)
      default: throw RecordError("prob must be a number, found \(value.kind)", field: field() + ".prob")
      }
    }
    return .unknown
  }

  /// Finds the chosen token among the alternatives: by id when the file has ids, else by
  /// bytes and logprob, else by bytes when exactly one alternative has them.
  static func chosenIndex(of token: Token) -> Int? {
    if let id = token.id, token.top.contains(where: { $0.id != nil }) {
      return token.top.firstIndex { $0.id == id }
    }
    if token.logprob.raw != nil, let exact = token.top.firstIndex(where: { $0.bytes == token.bytes && sameValue($0.logprob, token.logprob) }) {
      return exact
    }
    return uniqueIndex(token.top) { $0.bytes == token.bytes }
  }

  private static func sameValue(_ a: Logprob, _ b: Logprob) -> Bool {
    switch (a.value, b.value) {
    case let (x?, y?): return abs(x - y) <= 1e-6 * max(1, abs(x))
    case (nil, nil): return true
    default: return false
    }
  }

  private static func uniqueIndex(_ top: [Alternative], _ predicate: (Alternative) -> Bool) -> Int? {
    let hits = top.indices.filter { predicate(top[$0]) }
    return hits.count == 1 ? hits[0] : nil
  }
}
