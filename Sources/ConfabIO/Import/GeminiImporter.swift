import ConfabModel

/// Google Gemini / Vertex: `candidates[].logprobsResult.{chosenCandidates, topCandidates}`.
/// The chosen token may be absent from its top list; `logProbability` may be missing
/// (unknown) or the -1.27e30 sentinel; there are no bytes.
public struct GeminiImporter: RecordImporter {
  public init() {}
  public var format: Format { .gemini }
  public var summary: String { "Google Gemini / Vertex candidates[].logprobsResult" }

  public func claim(_ root: JSONValue) -> Claim {
    .strong(if: Self.response(root)?.present("candidates")?.kind == .array)
  }

  static func response(_ root: JSONValue) -> JSONValue? {
    if root.present("candidates") != nil { return root }
    return root.present("response")
  }

  public func transcripts(from root: JSONValue, source: SourceRef) throws(RecordError) -> [Transcript] {
    guard let response = Self.response(root), let candidates = response.present("candidates") else {
      throw RecordError("missing candidates")
    }
    var prompt: [Message] = []
    if let contents = root.present("request")?.present("contents") {
      for item in contents.elements {
        let role: Role = item.present("role")?.string == "model" ? .assistant : .user
        prompt.append(Message(role: role, text: Self.text(item)))
      }
    }
    let model = response.present("modelVersion")?.string
    return try candidates.elements.enumerated().map { (position: Int, candidate: JSONValue) throws(RecordError) -> Transcript in
      let field = "candidates[\(position)]"
      var tokens: [Token]?
      if let result = candidate.present("logprobsResult") {
        guard let chosen = result.present("chosenCandidates") else {
          throw RecordError("logprobsResult without chosenCandidates: the sampled tokens are unknown", field: field + ".logprobsResult")
        }
        let tops = result.present("topCandidates")?.elements ?? []
        var parsed: [Token] = []
        for (index, entry) in chosen.elements.enumerated() {
          let top = index < tops.count ? tops[index].present("candidates") : nil
          parsed.append(try TokenEntryParser.token(entry, field: "\(field).logprobsResult.chosenCandidates[\(index)]", top: top))
        }
        tokens = parsed
      }
      let text = tokens.map(TokenText.text(of:)) ?? Self.text(candidate.present("content"))
      var located = source
      located.choice = position
      let messages = prompt + [Message(role: .assistant, text: text, tokens: tokens)]
      return Transcript(
        id: MessageContent.fingerprint(messages), source: located, model: model,
        sampleIndex: candidates.elements.count > 1 ? position : nil, messages: messages)
    }
  }

  static func text(_ content: JSONValue?) -> String {
    (content?.present("parts")?.elements ?? []).compactMap { $0.present("text")?.string }.joined()
  }
}
