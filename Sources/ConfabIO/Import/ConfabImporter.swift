import ConfabModel

/// confab's own JSONL (docs/format.md): one transcript per line, lossless for everything
/// the importers keep (raw bytes, ids, prompt tokens, channels, raw sentinel values, the
/// chosen token's place in its list, settings), and compact: tokens are positional arrays.
public struct ConfabImporter: RecordImporter {
  public static let version = 1
  public init() {}
  public var format: Format { .confab }
  public var summary: String { "confab JSONL (confab convert, confab record): lossless, compact" }

  /// The `confab` key is ours alone; a wrong type there is a problem in our format, not another one.
  public func claim(_ root: JSONValue) -> Claim { .strong(if: root.present("confab") != nil) }

  public func transcripts(from root: JSONValue, source: SourceRef) throws(RecordError) -> [Transcript] {
    guard let marker = root.present("confab"), marker.kind == .number, let version = marker.int, version >= 1 else {
      throw RecordError("must be the format version, a whole number such as \(Self.version), not \(Self.shown(root.present("confab")))",
                        field: "confab")
    }
    guard version <= Self.version else {
      throw RecordError("confab format version \(version) is newer than this confab reads (\(Self.version))", field: "confab")
    }
    guard let list = root.present("messages") else { throw RecordError("missing messages", field: "messages") }
    guard list.kind == .array else { throw RecordError("must be a list of messages, not \(Self.shown(list))", field: "messages") }
    var messages: [Message] = []
    for (index, item) in list.elements.enumerated() {
      let field = "messages[\(index)]"
      // Wrong types are problems: a value the reader cannot use never becomes an empty default.
      guard item.kind == .object else { throw RecordError("a message is an object", field: field) }
      let role = try Self.named(Role.self, item.present("role"), default: .assistant, field: "\(field).role")
      let channel = try Self.named(Channel.self, item.present("channel"), default: .content, field: "\(field).channel")
      var tokens: [Token]?
      if let encoded = item.present("tokens"), !encoded.isNull {
        guard encoded.kind == .array else {
          throw RecordError("must be a list of [text, logprob, ...] tokens, not \(Self.shown(encoded))", field: "\(field).tokens")
        }
        // One pool per message, as the other importers keep: its spellings repeat thousands of
        // times over its alternatives.
        let pool = SpellingPool(tokens: encoded.count)
        tokens = try encoded.mapElements { (entry: JSONValue, position: Int) throws(RecordError) -> Token in
          try Self.token(entry, field: "\(field).tokens[\(position)]", pool: pool)
        }
      }
      let stated = item.present("text")
      if let stated, !stated.isNull, stated.kind != .string {
        throw RecordError("must be a string, not \(Self.shown(stated))", field: "\(field).text")
      }
      let text = tokens.map(TokenText.text(of:)) ?? stated?.string ?? ""
      messages.append(Message(role: role, channel: channel, text: text, tokens: tokens))
    }
    var params: String?
    if let value = root.present("params") {
      var out = ""
      JSONWriter.value(value, into: &out)
      params = out
    }
    let original = root.present("source")
    var located = source
    if let original, let label = original.present("format")?.string { located.origin = SourceRef.format(label: label).format }
    var transcript = Transcript(
      id: root.present("id")?.string ?? MessageContent.fingerprint(messages), source: located,
      model: root.present("model")?.string, promptID: root.present("prompt_id")?.string,
      sampleIndex: root.present("sample")?.int, params: params, messages: messages)
    if let branch = root.present("branch"), branch.kind == .object {
      var out = ""
      JSONWriter.value(branch, into: &out)
      transcript.branch = out
      if let index = branch.present("token_index")?.int, let token = branch.present("token")?.stringBytes {
        transcript.forkLabel = Transcript.forkLabel(at: index, token: Array(token))
      }
    }
    if let annotations = root.present("annotations") {
      transcript.annotations = try Self.annotations(annotations)
    }
    if let rescore = root.present("rescore"), rescore.kind == .object {
      transcript.rescoreParent = rescore.present("parent")?.string
      transcript.rescoreLabel = Transcript.rescoreLabel(frame: rescore.present("frame")?.string ?? "?", model: rescore.present("model")?.string)
      var out = ""
      JSONWriter.value(rescore, into: &out)
      transcript.rescore = out
    }
    if let original, let path = original.present("path")?.string {
      transcript.original = OriginalSource(
        path: path, line: original.present("line")?.int ?? source.line, choice: original.present("choice")?.int ?? 0,
        format: original.present("format")?.string ?? "confab")
    }
    return [transcript]
  }

  /// `[text, logprob, top?, chosen?, id?, special?, vocab_rank?]`; text is a string, or `{"b": [bytes]}`
  /// when not valid UTF-8; alternatives are `[text, logprob, id?]`.
  static func token(_ entry: JSONValue, field: @autoclosure () -> String, pool: SpellingPool? = nil) throws(RecordError) -> Token {
    guard entry.kind == .array else { throw RecordError("a token is [text, logprob, ...]", field: field()) }
    // Its parts read in place: an array of them per token and per alternative was a fifth of a
    // confab JSONL scan (allocations and frees).
    let parts = Parts(entry)
    guard parts.count >= 2 else { throw RecordError("a token is [text, logprob, ...]", field: field()) }
    // A null text is a token the source named only by id.
    var token = Token(bytes: parts[0].isNull ? [] : try spelling(parts[0], pool: pool, field: field()).bytes,
                      logprob: try logprob(parts[1], field: field()), textKnown: !parts[0].isNull)
    if parts.count > 2, !parts[2].isNull {
      guard parts[2].kind == .array else { throw RecordError("alternatives must be a list, not \(shown(parts[2]))", field: field()) }
      token.top = AlternativeList(try parts[2].mapElements { (alternative: JSONValue, _) throws(RecordError) -> Alternative in
        let fields = Parts(alternative)
        guard fields.count >= 2 else { throw RecordError("an alternative is [text, logprob, id?]", field: field()) }
        return Alternative(
          spelling: fields[0].isNull ? Spelling([]) : try spelling(fields[0], pool: pool, field: field()),
          logprob: try logprob(fields[1], field: field()),
          id: fields.count > 2 ? try whole(fields[2], "an alternative's id", field: field()) : nil, textKnown: !fields[0].isNull)
      })
    }
    if parts.count > 3 { token.chosenIndex = try whole(parts[3], "the chosen index", field: field()) }
    if parts.count > 4 { token.id = try whole(parts[4], "the token id", field: field()) }
    if parts.count > 5 { token.special = try whole(parts[5], "the special flag", field: field()) == 1 }
    if parts.count > 6 { token.vocabRank = try whole(parts[6], "the vocabulary rank", field: field()) }
    return token
  }

  /// A short array's elements, each found in place when asked for (none for anything else).
  struct Parts {
    let array: JSONValue
    let count: Int

    init(_ value: JSONValue) {
      array = value
      count = value.kind == .array ? value.count : 0
    }

    subscript(position: Int) -> JSONValue { array.element(position)! }
  }

  /// `[{message, tokens: [start, end], label}]`: the file's own labelled spans.
  static func annotations(_ list: JSONValue) throws(RecordError) -> [SpanAnnotation] {
    guard list.kind == .array else { throw RecordError("annotations must be a list, not \(shown(list))", field: "annotations") }
    var result: [SpanAnnotation] = []
    for (index, item) in list.elements.enumerated() {
      let range = item.present("tokens")?.elements ?? []
      guard let message = item.present("message")?.int, range.count == 2, let start = range[0].int, let end = range[1].int,
        let label = item.present("label")?.string
      else { throw RecordError("an annotation is {message, tokens: [start, end], label}", field: "annotations[\(index)]") }
      result.append(SpanAnnotation(message: message, tokenStart: start, tokenEnd: end, label: label))
    }
    return result
  }

  /// A whole number or null.
  private static func whole(_ value: JSONValue, _ what: String, field: @autoclosure () -> String) throws(RecordError) -> Int? {
    if value.isNull { return nil }
    guard value.kind == .number, let number = value.int else { throw RecordError("\(what) must be a whole number, not \(shown(value))", field: field()) }
    return number
  }

  /// A string naming one of `T`'s cases, or `fallback` when absent.
  private static func named<T: RawRepresentable>(_ type: T.Type, _ value: JSONValue?, default fallback: T, field: String) throws(RecordError) -> T
  where T.RawValue == String {
    guard let value, !value.isNull else { return fallback }
    guard let name = value.string, let known = T(rawValue: name) else { throw RecordError("unknown value \(shown(value))", field: field) }
    return known
  }

  /// A value as the message shows it: short, in JSON.
  static func shown(_ value: JSONValue?) -> String {
    guard let value else { return "missing" }
    var out = ""
    JSONWriter.value(value, into: &out)
    return out.count > 40 ? String(out.prefix(40)) + "…" : out
  }

  private static func spelling(_ value: JSONValue, pool: SpellingPool?, field: @autoclosure () -> String) throws(RecordError) -> Spelling {
    if let text = value.stringBytes { return pool?.spelling(text) ?? Spelling(Array(text)) }
    if let raw = value.present("b")?.byteArray { return Spelling(raw) }
    throw RecordError("token text must be a string or {\"b\": [bytes]}", field: field())
  }

  /// A number, null (not reported) or one of the writer's spellings of non-finite values.
  private static func logprob(_ value: JSONValue, field: @autoclosure () -> String) throws(RecordError) -> Logprob {
    switch value.kind {
    case .number: return Logprob(raw: value.double)
    case .null: return Logprob(raw: nil)
    default:
      switch value.string {
      case "NaN": return Logprob(raw: .nan)
      case "-Infinity": return Logprob(raw: -.infinity)
      case "Infinity": return Logprob(raw: .infinity)
      default: throw RecordError("a logprob must be a number, not \(shown(value))", field: field())
      }
    }
  }
}

/// Writes transcripts in confab's own format.
public enum ConfabWriter {
  public static func line(_ transcript: Transcript) -> String {
    var out = "{\"confab\":\(ConfabImporter.version),\"id\":"
    JSONWriter.string(transcript.id, into: &out)
    // Where it was first read, kept through every later conversion.
    let first = transcript.original
    out += ",\"source\":{\"path\":"
    JSONWriter.string(first?.path ?? transcript.source.path, into: &out)
    out += ",\"line\":\(first?.line ?? transcript.source.line),\"choice\":\(first?.choice ?? transcript.source.choice),\"format\":"
    JSONWriter.string(first?.format ?? (transcript.source.origin ?? transcript.source.format).rawValue, into: &out)
    out += "}"
    if let model = transcript.model {
      out += ",\"model\":"
      JSONWriter.string(model, into: &out)
    }
    if let promptID = transcript.promptID {
      out += ",\"prompt_id\":"
      JSONWriter.string(promptID, into: &out)
    }
    if let sample = transcript.sampleIndex { out += ",\"sample\":\(sample)" }
    if let params = transcript.params { out += ",\"params\":" + params }
    if let branch = transcript.branch { out += ",\"branch\":" + branch }
    if let rescore = transcript.rescore { out += ",\"rescore\":" + rescore }
    if !transcript.annotations.isEmpty {
      out += ",\"annotations\":[" + transcript.annotations.map { annotation in
        var label = ""
        JSONWriter.string(annotation.label, into: &label)
        return "{\"message\":\(annotation.message),\"tokens\":[\(annotation.tokenStart),\(annotation.tokenEnd)],\"label\":\(label)}"
      }.joined(separator: ",") + "]"
    }
    out += ",\"messages\":["
    for (index, message) in transcript.messages.enumerated() {
      if index > 0 { out += "," }
      out += "{\"role\":\"\(message.role.rawValue)\""
      if message.channel != .content { out += ",\"channel\":\"\(message.channel.rawValue)\"" }
      if let tokens = message.tokens {
        out += ",\"tokens\":["
        for (position, token) in tokens.enumerated() {
          if position > 0 { out += "," }
          write(token, into: &out)
        }
        out += "]"
      } else {
        out += ",\"text\":"
        JSONWriter.string(message.text, into: &out)
      }
      out += "}"
    }
    out += "]}"
    return out
  }

  private static func text(_ bytes: [UInt8], into out: inout String) {
    if TokenText.isValidUTF8(bytes) {
      JSONWriter.string(String(decoding: bytes, as: UTF8.self), into: &out)
    } else {
      out += "{\"b\":[" + bytes.map(String.init).joined(separator: ",") + "]}"
    }
  }

  private static func write(_ token: Token, into out: inout String) {
    out += "["
    if token.textKnown { text(token.bytes, into: &out) } else { out += "null" }
    out += ","
    JSONWriter.number(token.logprob.raw, into: &out)
    // Trailing defaults are left out: [text, lp] for a token without alternatives.
    let hasTop = !token.top.isEmpty
    let tail = token.vocabRank != nil ? 4 : token.special ? 3 : token.id != nil ? 2 : token.chosenIndex != nil ? 1 : hasTop ? 0 : -1
    if tail >= 0 {
      out += ",["
      for (index, alternative) in token.top.enumerated() {
        if index > 0 { out += "," }
        out += "["
        if alternative.textKnown { text(alternative.bytes, into: &out) } else { out += "null" }
        out += ","
        JSONWriter.number(alternative.logprob.raw, into: &out)
        if let id = alternative.id { out += ",\(id)" }
        out += "]"
      }
      out += "]"
    }
    if tail >= 1 { out += "," + (token.chosenIndex.map(String.init) ?? "null") }
    if tail >= 2 { out += "," + (token.id.map(String.init) ?? "null") }
    if tail >= 3 { out += token.special ? ",1" : ",0" }
    if tail >= 4, let rank = token.vocabRank { out += ",\(rank)" }
    out += "]"
  }
}
