import ConfabIO
import ConfabModel

/// Turns one server response into the transcript `confab record` writes: the prompt's
/// messages, the model's tokens (through the same importers as any file), and a `params`
/// object saying exactly what was asked and what the server reported.
public enum RecordedSample {
  public struct Result: Sendable {
    public var transcript: Transcript
    /// Tokens the server says it generated (llama-server merges the entries of tokens that
    /// end inside a UTF-8 character, so this can exceed the entry count).
    public var serverTokens: Int?
    /// The server's own generation speed, when it reports one.
    public var serverTokensPerSecond: Double?
  }

  public static func make(
    response: [UInt8], api: RecordAPI, prompt: RecordPrompt, sample: Int, settings: SamplerSettings, server: String
  ) throws(RecordError) -> Result {
    if isStream(response) { return try fromStream(response, api: api, prompt: prompt, sample: sample, settings: settings, server: server) }
    let parser = JSONParser()
    let source = SourceRef(path: server, line: 1, byteOffset: 0, byteLength: response.count, choice: 0, format: .undetected)
    do {
      return try parser.parse(response) { root throws(RecordError) -> Result in
        if let message = root.present("error").flatMap({ $0.present("message")?.string ?? $0.string }) {
          throw RecordError("server error: \(message)")
        }
        let imported = try Importers.transcripts(from: root, source: source)
        guard let first = imported.first else { throw RecordError("response holds no choice") }
        let assistant = first.messages.filter { $0.role == .assistant }
        guard assistant.contains(where: { $0.tokens != nil }), !Self.textWithoutTokens(assistant) else {
          throw RecordError("server returned no logprobs (it may not support them for this API, or ignored the request fields)")
        }
        var serverTokens: Int?
        var speed: Double?
        if let usage = root.present("usage") { serverTokens = usage.present("completion_tokens")?.int }
        serverTokens = serverTokens ?? root.present("tokens_predicted")?.int ?? root.present("eval_count")?.int
        if let timings = root.present("timings") { speed = timings.present("predicted_per_second")?.double }
        if speed == nil, let count = root.present("eval_count")?.double, let nanos = root.present("eval_duration")?.double, nanos > 0 {
          speed = count / (nanos / 1e9)
        }
        let params = Self.params(
          api: api, stream: false, server: server, settings: settings, sample: sample, entries: assistant,
          serverTokens: serverTokens, speed: speed, serverModel: first.model)
        let messages = (prompt.messages ?? [Message(role: .user, text: prompt.prompt ?? "")]) + assistant
        // The format the server's answer was detected as (openai-chat, llamacpp-completion, ollama ...).
        let recordSource = first.source
        let transcript = Transcript(
          id: MessageContent.fingerprint(messages), source: recordSource,
          model: settings.model ?? first.model.map(Transcript.displayModel), promptID: prompt.id, sampleIndex: sample,
          params: params, messages: messages)
        return Result(transcript: transcript, serverTokens: serverTokens, serverTokensPerSecond: speed)
      }
    } catch let error as RecordError {
      throw error
    } catch {
      throw RecordError("malformed response: \(error)")
    }
  }

  /// An SSE body (`data:` lines) or an NDJSON stream (several JSON lines).
  static func isStream(_ bytes: [UInt8]) -> Bool {
    let start = bytes.prefix(64).drop { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D }
    if start.starts(with: Array("data:".utf8)) || start.starts(with: Array("event:".utf8)) { return true }
    guard let newline = bytes.firstIndex(of: 0x0A) else { return false }
    return bytes[(newline + 1)...].contains { $0 == UInt8(ascii: "{") }
  }

  /// A streamed response: merged by the stream importers, then described like any sample.
  static func fromStream(
    _ bytes: [UInt8], api: RecordAPI, prompt: RecordPrompt, sample: Int, settings: SamplerSettings, server: String
  ) throws(RecordError) -> Result {
    var transcripts: [Transcript] = []
    for outcome in RecordFile.outcomes(streamed: bytes, name: server) {
      switch outcome {
      case .transcripts(let found): transcripts += found
      case .problem(let problem):
        throw RecordError(problem.message.hasPrefix("incomplete") ? problem.message : "malformed stream: \(problem.message)", field: problem.field)
      case .summaries: break
      }
    }
    guard let first = transcripts.first else { throw RecordError("the stream held no response") }
    let assistant = first.messages.filter { $0.role == .assistant }
    guard assistant.contains(where: { $0.tokens != nil }), !Self.textWithoutTokens(assistant) else {
      throw RecordError("server returned no logprobs in its stream")
    }
    let params = Self.params(
      api: api, stream: true, server: server, settings: settings, sample: sample, entries: assistant,
      serverTokens: nil, speed: nil, serverModel: first.model)
    let messages = (prompt.messages ?? [Message(role: .user, text: prompt.prompt ?? "")]) + assistant
    let source = first.source  // the stream format it was merged as
    let transcript = Transcript(
      id: MessageContent.fingerprint(messages), source: source, model: settings.model ?? first.model.map(Transcript.displayModel),
      promptID: prompt.id, sampleIndex: sample, params: params, messages: messages)
    return Result(transcript: transcript, serverTokens: nil, serverTokensPerSecond: nil)
  }

  /// Text the server wrote with an empty logprobs list: the distribution was dropped.
  static func textWithoutTokens(_ messages: [Message]) -> Bool {
    messages.contains { $0.tokens?.isEmpty == true && !$0.text.isEmpty }
  }

  /// What was asked and what the server reported, as the stored `params` object.
  static func params(
    api: RecordAPI, stream: Bool, server: String, settings: SamplerSettings, sample: Int, entries messages: [Message],
    serverTokens: Int?, speed: Double?, serverModel: String?
  ) -> String {
    let entries = messages.reduce(0) { $0 + ($1.tokens?.count ?? 0) }
    var params = "{\"api\":\"\(api.rawValue)\",\"stream\":\(stream),\"server\":"
    JSONWriter.string(RecordRequest.redacted(server), into: &params)
    params += ",\"temperature\":\(settings.temperature),\"top_k\":\(settings.topK.map(String.init) ?? "null")"
    params += ",\"top_p\":\(settings.topP.map { String($0) } ?? "null"),\"min_p\":\(settings.minP.map { String($0) } ?? "null")"
    params += ",\"max_tokens\":\(settings.maxTokens),\"seed\":\(settings.seed + sample),\"top_logprobs\":\(settings.topLogprobs)"
    if !settings.stop.isEmpty { params += ",\"stop\":" + settings.stopJSON }
    params += ",\"entries\":\(entries),\"server_tokens\":\(serverTokens.map(String.init) ?? "null")"
    if let speed { params += ",\"server_tokens_per_second\":\(speed)" }
    if let serverModel {
      params += ",\"server_model\":"
      JSONWriter.string(serverModel, into: &params)
    }
    return params + "}"
  }

}
