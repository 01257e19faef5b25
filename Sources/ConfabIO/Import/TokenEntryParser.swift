import ConfabModel
#if canImport(Glibc)
import Glibc
#endif

/// Parses the per-token entry that most formats share in one of its spellings:
/// OpenAI/vLLM/Ollama/Inspect `{token, logprob, bytes?, top_logprobs?}`, llama.cpp's `id` and
/// `prob`/`top_probs` (post-sampling) or old `tok_str`/`probs`, TGI's `{id, text, logprob,
/// special}`, Gemini's `{token, tokenId, logProbability}`, Fireworks' `token_id`. Raw bytes win over token strings;
/// probabilities become logs; the chosen token is found by id, then by bytes and logprob,
/// never assumed to be `top[0]`.
enum TokenEntryParser {
  /// An entry's members that any spelling uses, found in one pass over the object: looking
  /// each name up in turn walked every member up to a dozen times per alternative (absent
  /// `id`, `tokenId`, `token_id` included), the largest share of import time.
  struct Fields {
    var bytes: JSONValue?
    /// The first of token, tok_str, text, content present (null included: it is reported).
    var text: JSONValue?
    var logprob: JSONValue?
    var prob: JSONValue?
    var id: JSONValue?
    var top: JSONValue?
    var special: JSONValue?

    init(_ entry: JSONValue) {
      // Earlier spellings win, as `a ?? b ?? c` did; `rank` notes which one was taken.
      var rank = (text: Int.max, logprob: Int.max, id: Int.max, top: Int.max)
      entry.forEachMember { key, value in
        switch key.count {
        case 2: if Self.equals(key, "id"), !value.isNull, rank.id > 0 { (id, rank.id) = (value, 0) }
        case 4: if Self.equals(key, "text"), rank.text > 2 { (text, rank.text) = (value, 2) }
          else if Self.equals(key, "prob"), prob == nil { prob = value }
        case 5: if Self.equals(key, "token"), rank.text > 0 { (text, rank.text) = (value, 0) }
          else if Self.equals(key, "bytes"), bytes == nil, !value.isNull { bytes = value }
          else if Self.equals(key, "probs"), !value.isNull, rank.top > 2 { (top, rank.top) = (value, 2) }
        case 7: if Self.equals(key, "logprob"), rank.logprob > 0 { (logprob, rank.logprob) = (value, 0) }
          else if Self.equals(key, "tok_str"), rank.text > 1 { (text, rank.text) = (value, 1) }
          else if Self.equals(key, "content"), rank.text > 3 { (text, rank.text) = (value, 3) }
          else if Self.equals(key, "tokenId"), !value.isNull, rank.id > 1 { (id, rank.id) = (value, 1) }
          else if Self.equals(key, "special"), special == nil, !value.isNull { special = value }
        case 8: if Self.equals(key, "token_id"), !value.isNull, rank.id > 2 { (id, rank.id) = (value, 2) }
        case 9: if Self.equals(key, "top_probs"), !value.isNull, rank.top > 1 { (top, rank.top) = (value, 1) }
        case 12: if Self.equals(key, "top_logprobs"), !value.isNull, rank.top > 0 { (top, rank.top) = (value, 0) }
        case 14: if Self.equals(key, "logProbability"), rank.logprob > 1 { (logprob, rank.logprob) = (value, 1) }
        default: break
        }
        return true
      }
    }

    private static func equals(_ key: UnsafeBufferPointer<UInt8>, _ name: StaticString) -> Bool {
      memcmp(key.baseAddress!, name.utf8Start, name.utf8CodeUnitCount) == 0
    }
  }

  /// `field` names the entry in error messages; it is built only when something is wrong.
  static func token(
    _ entry: JSONValue, field: @autoclosure () -> String, top explicitTop: JSONValue? = nil, pool: SpellingPool? = nil
  ) throws(RecordError) -> Token {
    guard entry.kind == .object else { throw RecordError("expected an object, found \(entry.kind)", field: field()) }
    let fields = Fields(entry)
    let bytes = try tokenBytes(fields, field: field(), pool: pool)
    let logprob = try logprobValue(fields, field: field())
    var top: AlternativeList = []
    if let list = explicitTop ?? fields.top {
      top = AlternativeList(try alternatives(list, field: field() + ".top_logprobs", pool: pool))
    }
    return token(bytes: bytes, logprob: logprob, id: fields.id?.int, special: fields.special?.bool ?? false, top: top)
  }

  /// A token from its entry's parts: the chosen token found among the alternatives, and its
  /// logprob taken from there when the entry has none (old llama.cpp gives the chosen
  /// token's probability only inside its list). The one-pass chat reader makes its tokens here too.
  static func token(bytes: [UInt8], logprob: Logprob, id: Int? = nil, special: Bool = false, top: AlternativeList) -> Token {
    var token = Token(bytes: bytes, logprob: logprob, id: id, special: special, top: top)
    token.chosenIndex = chosenIndex(of: token)
    if logprob.raw == nil, let chosen = token.chosenIndex { token.logprob = top.logprob(at: chosen) }
    return token
  }

  static func alternatives(_ list: JSONValue, field: @autoclosure () -> String, pool: SpellingPool? = nil) throws(RecordError) -> [Alternative] {
    guard list.kind == .array else { throw RecordError("expected an array, found \(list.kind)", field: field()) }
    return try list.mapElements { (alternative, index) throws(RecordError) in
      guard alternative.kind == .object else {
        throw RecordError("expected an object, found \(alternative.kind)", field: "\(field())[\(index)]")
      }
      let fields = Fields(alternative)
      return Alternative(
        spelling: try tokenSpelling(fields, field: "\(field())[\(index)]", pool: pool),
        logprob: try logprobValue(fields, field: "\(field())[\(index)]"),
        id: fields.id?.int)
    }
  }

  static func tokens(_ list: JSONValue, field: @autoclosure () -> String) throws(RecordError) -> [Token] {
    guard list.kind == .array else { throw RecordError("expected an array, found \(list.kind)", field: field()) }
    let pool = SpellingPool(tokens: list.count)
    return try list.mapElements { (entry, index) throws(RecordError) in try token(entry, field: "\(field())[\(index)]", pool: pool) }
  }

  static func tokenBytes(_ fields: Fields, field: @autoclosure () -> String, pool: SpellingPool? = nil) throws(RecordError) -> [UInt8] {
    try tokenSpelling(fields, field: field(), pool: pool).bytes
  }

  /// The entry's bytes (its `bytes` when they are a non-empty list, else its `token` text),
  /// pooled when a pool is given.
  static func tokenSpelling(_ fields: Fields, field: @autoclosure () -> String, pool: SpellingPool? = nil) throws(RecordError) -> Spelling {
    if let raw = fields.bytes {
      let spelling: Spelling?
      if let pool {
        spelling = raw.withByteArray { pool.spelling($0) }
      } else {
        spelling = raw.byteArray.map(Spelling.init)
      }
      guard let spelling else {
        throw RecordError("bytes must be an array of integers 0-255", field: field() + ".bytes")
      }
      if !spelling.bytes.isEmpty { return spelling }
    }
    guard let text = fields.text else {
      throw RecordError("missing token", field: field())
    }
    guard let bytes = text.stringBytes else {
      throw RecordError("token must be a string, found \(text.kind)", field: field() + ".token")
    }
    return pool?.spelling(bytes) ?? Spelling(Array(bytes))
  }

  static func logprobValue(_ entry: JSONValue, field: @autoclosure () -> String) throws(RecordError) -> Logprob {
    try logprobValue(Fields(entry), field: field())
  }

  static func logprobValue(_ fields: Fields, field: @autoclosure () -> String) throws(RecordError) -> Logprob {
    if let value = fields.logprob {
      switch value.kind {
      case .null: return .unknown
      case .number: return Logprob(raw: value.double)
      default: throw RecordError("logprob must be a number, found \(value.kind)", field: field() + ".logprob")
      }
    }
    if let value = fields.prob {
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
    let top = token.top
    if let id = token.id, top.indices.contains(where: { top.id(at: $0) != nil }) {
      return top.indices.first { top.id(at: $0) == id }
    }
    // Read field by field: making each alternative would retain its spelling. One pass, no
    // list of the same-spelled (an array per token was 4% of a full scan): the first of them
    // with the token's logprob, else the only one.
    var only: Int?
    var sameSpelled = 0
    for index in top.indices where top.isSpelled(token.bytes, at: index) {
      if token.logprob.raw != nil && sameValue(top.logprob(at: index), token.logprob) { return index }
      sameSpelled += 1
      only = index
    }
    return sameSpelled == 1 ? only : nil
  }

  private static func sameValue(_ a: Logprob, _ b: Logprob) -> Bool {
    switch (a.value, b.value) {
    case let (x?, y?): return abs(x - y) <= 1e-6 * max(1, abs(x))
    case (nil, nil): return true
    default: return false
    }
  }
}
