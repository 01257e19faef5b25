import ConfabModel

/// vLLM's per-position logprobs as Python dumps them to JSON, in either layout:
/// - nested: a list of dicts keyed by token-id strings, `{logprob, rank, decoded_token}`, the
///   sampled (or prompt) token inserted first, then the top-k; a null entry is a position
///   nothing scored (the first prompt token);
/// - flat (`FlatLogprobs`): `start_indices`/`end_indices` into the columns `token_ids`,
///   `logprobs`, `ranks`, `decoded_tokens` (not deduplicated).
/// `rank` is the token's rank in the whole vocabulary: it becomes `Token.vocabRank`.
enum VLLMLogprobs {
  struct Entry {
    var id: Int?
    var logprob: Logprob
    var rank: Int?
    var text: [UInt8]?
  }

  /// The tokens of one sequence. `sampled` are the ids the sequence holds (an output's
  /// `token_ids`, the `prompt_token_ids`), when the dump has them; else each position's first
  /// entry is its token, as vLLM inserts it.
  static func tokens(_ value: JSONValue, sampled: [Int]?, field: String) throws(RecordError) -> [Token] {
    let positions: [[Entry]?]
    switch value.kind {
    case .array: positions = try nested(value, field: field)
    case .object: positions = try flat(value, field: field)
    default: throw RecordError("expected a list of dicts or a FlatLogprobs object, found \(value.kind)", field: field)
    }
    var tokens: [Token] = []
    tokens.reserveCapacity(positions.count)
    for (index, entries) in positions.enumerated() {
      let id = sampled.flatMap { index < $0.count ? $0[index] : nil }
      guard let entries, !entries.isEmpty else {
        tokens.append(Token(bytes: [], logprob: .unknown, id: id, textKnown: false))
        continue
      }
      tokens.append(try token(entries, sampledID: id ?? entries[0].id, field: "\(field)[\(index)]"))
    }
    return tokens
  }

  /// One position: the alternatives in vocabulary-rank order (ties keep the file's order), the
  /// sampled token among them with its stated rank.
  static func token(_ entries: [Entry], sampledID: Int?, field: @autoclosure () -> String) throws(RecordError) -> Token {
    var seen = Set<Int>()
    var unique: [Entry] = []
    for entry in entries {
      if let id = entry.id, !seen.insert(id).inserted { continue }
      unique.append(entry)
    }
    let ranked = unique.enumerated().sorted { a, b in
      let (ra, rb) = (a.element.rank ?? Int.max, b.element.rank ?? Int.max)
      return ra != rb ? ra < rb : a.offset < b.offset
    }.map(\.element)
    guard let chosen = ranked.firstIndex(where: { $0.id == sampledID }) else {
      throw RecordError("the sampled token id \(sampledID.map(String.init) ?? "?") is not in this position's logprobs", field: field())
    }
    let sampled = ranked[chosen]
    return Token(
      bytes: sampled.text ?? [], logprob: sampled.logprob, id: sampled.id,
      top: ranked.map { Alternative(bytes: $0.text ?? [], logprob: $0.logprob, id: $0.id, textKnown: $0.text != nil) },
      chosenIndex: chosen, vocabRank: sampled.rank, textKnown: sampled.text != nil)
  }

  private static func nested(_ list: JSONValue, field: String) throws(RecordError) -> [[Entry]?] {
    var positions: [[Entry]?] = []
    for (index, position) in list.elements.enumerated() {
      if position.isNull { positions.append(nil); continue }
      guard position.kind == .object else {
        throw RecordError("expected a dict of token ids, found \(position.kind)", field: "\(field)[\(index)]")
      }
      var entries: [Entry] = []
      var failure: RecordError?
      position.forEachMember { key, value in
        let name = String(decoding: key, as: UTF8.self)
        guard let id = Int(name) else {
          failure = RecordError("a key must be a token id, not \"\(name)\"", field: "\(field)[\(index)]")
          return false
        }
        if value.kind == .number {
          entries.append(Entry(id: id, logprob: Logprob(raw: value.double)))
          return true
        }
        guard value.kind == .object else {
          failure = RecordError("expected {logprob, rank, decoded_token}, found \(value.kind)", field: "\(field)[\(index)].\(name)")
          return false
        }
        entries.append(Entry(
          id: id, logprob: Logprob(raw: value.present("logprob")?.double), rank: value.present("rank")?.int,
          text: value.present("decoded_token")?.stringBytes.map(Array.init)))
        return true
      }
      if let failure { throw failure }
      positions.append(entries)
    }
    return positions
  }

  private static func flat(_ object: JSONValue, field: String) throws(RecordError) -> [[Entry]?] {
    guard let starts = object.present("start_indices")?.elements, let ends = object.present("end_indices")?.elements,
      let ids = object.present("token_ids")?.elements, let logprobs = object.present("logprobs")?.elements
    else {
      throw RecordError("a FlatLogprobs object needs start_indices, end_indices, token_ids and logprobs", field: field)
    }
    guard starts.count == ends.count, ids.count == logprobs.count else {
      throw RecordError("FlatLogprobs columns differ in length (\(starts.count) starts, \(ends.count) ends, \(ids.count) ids, \(logprobs.count) logprobs)", field: field)
    }
    let ranks = object.present("ranks")?.elements ?? []
    let texts = object.present("decoded_tokens")?.elements ?? []
    var positions: [[Entry]?] = []
    positions.reserveCapacity(starts.count)
    for index in starts.indices {
      guard let start = starts[index].int, let end = ends[index].int, start >= 0, start <= end, end <= ids.count else {
        throw RecordError("position \(index) has an index range outside the columns", field: "\(field).start_indices")
      }
      if start == end { positions.append(nil); continue }
      positions.append((start..<end).map { entry in
        Entry(id: ids[entry].int, logprob: Logprob(raw: logprobs[entry].double),
              rank: entry < ranks.count ? ranks[entry].int : nil,
              text: entry < texts.count ? texts[entry].stringBytes.map(Array.init) : nil)
      })
    }
    return positions
  }
}
