import ConfabModel

/// Chat message fields shared by several formats.
public enum MessageContent {
  /// `content` as a string, or the concatenated text parts of a content array.
  public static func text(_ value: JSONValue?) -> String? {
    guard let value else { return nil }
    switch value.kind {
    case .string: return value.string
    case .array:
      let parts = value.elements.compactMap { part -> String? in
        if part.kind == .string { return part.string }
        return part.present("text")?.string
      }
      return parts.joined()
    default: return nil
    }
  }

  public static func role(_ value: JSONValue?) -> Role {
    switch value?.string?.lowercased() {
    case "system", "developer": return .system
    case "user", "human": return .user
    case "tool", "function", "ipython": return .tool
    default: return .assistant
    }
  }

  /// Prompt turns from a `messages` array; malformed turns are reported with their index.
  public static func messages(_ list: JSONValue, field: String) throws(RecordError) -> [Message] {
    guard list.kind == .array else { throw RecordError("expected an array, found \(list.kind)", field: field) }
    var result: [Message] = []
    for (index, item) in list.elements.enumerated() {
      guard item.kind == .object else {
        throw RecordError("expected an object, found \(item.kind)", field: "\(field)[\(index)]")
      }
      result.append(Message(role: role(item["role"]), text: text(item["content"]) ?? ""))
    }
    return result
  }

  /// A stable content fingerprint (FNV-1a, 64 bit) so tags survive moves and renames.
  /// `salt` sets apart transcripts of the same text that are not the same record (a
  /// rescoring of a reply under another frame or model).
  public static func fingerprint(_ messages: [Message], salt: String = "") -> String {
    var fingerprint = ContentFingerprint(salt: salt)
    for message in messages {
      fingerprint.message(message.role, text: message.text)
      for token in message.tokens ?? [] {
        // A token known only by id: the id tells two such replies apart.
        fingerprint.token(token.bytes, id: token.textKnown ? nil : token.id)
      }
    }
    return fingerprint.hex
  }
}
