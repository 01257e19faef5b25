import ConfabModel

/// Plain chat transcripts without logprobs: `{"messages": [{role, content}, ...]}` per line.
/// Shown with markers but no distribution.
public struct PlainChatImporter: RecordImporter {
  public init() {}
  public var format: Format { .plainChat }
  public var summary: String { "plain chat transcripts (messages with role/content), no logprobs" }

  public func claim(_ root: JSONValue) -> Claim {
    // A bare message list is a shape many formats carry (confab JSONL, requests beside
    // responses): the fallback, never a strong claim.
    root.present("messages")?.kind == .array ? .weak : .none
  }

  public func transcripts(from root: JSONValue, source: SourceRef) throws(RecordError) -> [Transcript] {
    guard let list = root.present("messages") else { throw RecordError("missing messages", field: "messages") }
    let messages = try MessageContent.messages(list, field: "messages")
    let promptID = (root.present("prompt_id") ?? root.present("id"))?.string
    return [Transcript(
      id: MessageContent.fingerprint(messages), source: source,
      model: root.present("model")?.string, promptID: promptID, messages: messages)]
  }
}
