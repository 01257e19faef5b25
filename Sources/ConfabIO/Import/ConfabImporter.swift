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
    guard let version = root.present("confab")?.int, version <= Self.version else {
      throw RecordError("confab format version \(root.present("confab")?.int ?? -1) is newer than this confab reads (\(Self.version))", field: "confab")
    }
    guard let list = root.present("messages"), list.kind == .array else { throw RecordError("missing messages", field: "messages") }
    var messages: [Message] = []
    for (index, item) in list.elements.enumerated() {
      let field = "messages[\(index)]"
      let role = Role(rawValue: item.present("role")?.string ?? "") ?? .assistant
      let channel = Channel(rawValue: item.present("channel")?.string ?? "content") ?? .content
      var tokens: [Token]?
      if let encoded = item.present("tokens") {
        tokens = try encoded.elements.enumerated().map { (position: Int, entry: JSONValue) throws(RecordError) -> Token in
          try Self.token(entry, field: "\(field).tokens[\(position)]")
        }
      }
      let text = tokens.map(TokenText.text(of:)) ?? item.present("text")?.string ?? ""
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
    return [Transcript(
      id: root.present("id")?.string ?? MessageContent.fingerprint(messages), source: located,
      model: root.present("model")?.string, promptID: root.present("prompt_id")?.string,
      sampleIndex: root.present("sample")?.int, params: params, messages: messages)]
  }

  /// `[text, logprob, top?, chosen?, id?, special?]`; text is a string, or `{"b": [bytes]}`
  /// when not valid UTF-8; alternatives are `[text, logprob, id?]`.
  static func token(_ entry: JSONValue, field: @autoclosure () -> String) throws(RecordError) -> Token {
    let parts = entry.elements
    guard parts.count >= 2 else { throw RecordError("a token is [text, logprob, ...]", field: field()) }
    var token = Token(bytes: try bytes(parts[0], field: field()), logprob: logprob(parts[1]))
    if parts.count > 2, parts[2].kind == .array {
      token.top = try parts[2].elements.map { (alternative: JSONValue) throws(RecordError) -> Alternative in
        let fields = alternative.elements
        guard fields.count >= 2 else { throw RecordError("an alternative is [text, logprob, id?]", field: field()) }
        return Alternative(bytes: try bytes(fields[0], field: field()), logprob: logprob(fields[1]), id: fields.count > 2 ? fields[2].int : nil)
      }
    }
    if parts.count > 3 { token.chosenIndex = parts[3].int }
    if parts.count > 4 { token.id = parts[4].int }
    if parts.count > 5 { token.special = parts[5].int == 1 }
    return token
  }

  private static func bytes(_ value: JSONValue, field: @autoclosure () -> String) throws(RecordError) -> [UInt8] {
    if let text = value.stringBytes { return Array(text) }
    if let raw = value.present("b")?.byteArray { return raw }
    throw RecordError("token text must be a string or {\"b\": [bytes]}", field: field())
  }

  private static func logprob(_ value: JSONValue) -> Logprob {
    switch value.string {
    case "NaN": return Logprob(raw: .nan)
    case "-Infinity": return Logprob(raw: -.infinity)
    case "Infinity": return Logprob(raw: .infinity)
    default: return Logprob(raw: value.double)
    }
  }
}

/// Writes transcripts in confab's own format.
public enum ConfabWriter {
  public static func line(_ transcript: Transcript) -> String {
    var out = "{\"confab\":\(ConfabImporter.version),\"id\":"
    JSONWriter.string(transcript.id, into: &out)
    out += ",\"source\":{\"path\":"
    JSONWriter.string(transcript.source.path, into: &out)
    out += ",\"line\":\(transcript.source.line),\"choice\":\(transcript.source.choice),\"format\":"
    JSONWriter.string((transcript.source.origin ?? transcript.source.format).rawValue, into: &out)
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
    text(token.bytes, into: &out)
    out += ","
    JSONWriter.number(token.logprob.raw, into: &out)
    // Trailing defaults are left out: [text, lp] for a token without alternatives.
    let hasTop = !token.top.isEmpty
    let tail = token.special ? 3 : token.id != nil ? 2 : token.chosenIndex != nil ? 1 : hasTop ? 0 : -1
    if tail >= 0 {
      out += ",["
      for (index, alternative) in token.top.enumerated() {
        if index > 0 { out += "," }
        out += "["
        text(alternative.bytes, into: &out)
        out += ","
        JSONWriter.number(alternative.logprob.raw, into: &out)
        if let id = alternative.id { out += ",\(id)" }
        out += "]"
      }
      out += "]"
    }
    if tail >= 1 { out += "," + (token.chosenIndex.map(String.init) ?? "null") }
    if tail >= 2 { out += "," + (token.id.map(String.init) ?? "null") }
    if tail >= 3 { out += ",1" }
    out += "]"
  }
}
