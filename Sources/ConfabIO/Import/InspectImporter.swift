import ConfabModel

/// UK AISI Inspect AI eval logs (`.json`): every sample's conversation, with the output's
/// logprobs (`samples[].output.choices[].logprobs.content[]`, the OpenAI shape, which Inspect
/// also writes for the Responses API: no `bytes`, `top_logprobs` null or empty) and, from vLLM,
/// the prompt as scored (`choices[].prompt_logprobs.content[]`, inspect_ai PR #3731; the
/// first prompt token has none). `attachment://` references are resolved from the sample's
/// attachments.
public struct InspectImporter: RecordImporter {
  public init() {}
  public var format: Format { .inspectLog }
  public var summary: String { "Inspect AI eval logs (.json, and .eval zips with deflate or zstd entries)" }

  public func claim(_ root: JSONValue) -> Claim {
    guard root.present("eval") != nil else { return .none }
    return root.present("samples")?.kind == .array || root.present("status") != nil ? .strong : .weak
  }

  public func transcripts(from root: JSONValue, source: SourceRef) throws(RecordError) -> [Transcript] {
    let model = root.present("eval")?.present("model")?.string
    var result: [Transcript] = []
    for (index, sample) in (root.present("samples")?.elements ?? []).enumerated() {
      for var transcript in try Self.sample(sample, model: model, source: source, field: "samples[\(index)]") {
        transcript.source.choice = result.count
        result.append(transcript)
      }
    }
    return result
  }

  /// One sample's transcripts (one per output choice).
  static func sample(_ sample: JSONValue, model: String?, source: SourceRef, field: String) throws(RecordError) -> [Transcript] {
    var attachments: [String: String] = [:]
    sample.present("attachments")?.forEachMember { key, value in
      attachments[String(decoding: key, as: UTF8.self)] = value.string
      return true
    }
    func resolve(_ text: String) -> String {
      guard text.hasPrefix("attachment://") else { return text }
      return attachments[String(text.dropFirst("attachment://".count))] ?? text
    }
    var prompt: [Message] = []
    if let list = sample.present("messages") ?? sample.present("input").flatMap({ $0.kind == .array ? $0 : nil }) {
      prompt = try MessageContent.messages(list, field: field + ".messages")
    } else if let input = sample.present("input")?.string {
      prompt = [Message(role: .user, text: input)]
    }
    prompt = prompt.map { Message(role: $0.role, channel: $0.channel, text: resolve($0.text), tokens: nil) }
    let output = sample.present("output")
    // The conversation ends with the output itself: drop it, the choices below carry it.
    if output != nil, prompt.last?.role == .assistant { prompt.removeLast() }
    let id = sample.present("id").map { $0.string ?? $0.int.map(String.init) ?? "" }
    let epoch = sample.present("epoch")?.int
    let choices = output?.present("choices")?.elements ?? []
    var result: [Transcript] = []
    for (index, choice) in choices.enumerated() {
      var messages = prompt
      if let scored = choice.present("prompt_logprobs")?.present("content") {
        let tokens = try TokenEntryParser.tokens(scored, field: "\(field).output.choices[\(index)].prompt_logprobs.content")
        messages.append(Message(role: .user, channel: .prompt, text: TokenText.text(of: tokens), tokens: tokens))
      }
      let assistant = try OpenAIChatImporter.assistantMessages(choice, field: "\(field).output.choices[\(index)]")
      messages += assistant.map { Message(role: $0.role, channel: $0.channel, text: $0.tokens == nil ? resolve($0.text) : $0.text, tokens: $0.tokens) }
      var located = source
      located.choice = index
      result.append(Transcript(
        id: MessageContent.fingerprint(messages), source: located, model: output?.present("model")?.string ?? model,
        promptID: id, sampleIndex: epoch, messages: messages))
    }
    if result.isEmpty {
      result.append(Transcript(id: MessageContent.fingerprint(prompt), source: source, model: model, promptID: id,
                               sampleIndex: epoch, messages: prompt))
    }
    return result
  }
}
