import ConfabIO
import ConfabModel

/// A branch's continuation on an OpenAI-compatible server (vLLM, llama.cpp's `/v1`, others)
/// that takes text, not token ids: the kept prefix and the chosen token go back as text, so
/// the server tokenizes them itself and its tokens may differ from the recorded ids (the
/// branch's params say so). A chat transcript continues its assistant turn through
/// `/v1/chat/completions` (the final assistant message as a prefill: `continue_final_message`
/// for vLLM, a trailing assistant message for llama.cpp); a document through `/v1/completions`.
public struct OpenAIContinuation: Sendable {
  public let client: ServerClient

  public init(client: ServerClient) { self.client = client }

  /// The new tokens after `plan`'s prefix and chosen token, for one sample.
  public func newTokens(after plan: BranchPlan, settings: SamplerSettings, seed: Int) async throws(BranchError) -> [Token] {
    let kept = TokenText.text(of: Array(plan.tokens[..<plan.position])) + String(decoding: plan.chosen.bytes, as: UTF8.self)
    let document = plan.settings.api == RecordAPI.llamacpp.rawValue
    var body: String
    let path: String
    if document {
      path = "/v1/completions"
      body = "{\"prompt\":"
      JSONWriter.string((plan.parent.messages[..<plan.message].last { $0.role == .user }?.text ?? "") + kept, into: &body)
      body += ",\"logprobs\":\(min(settings.topLogprobs, 20))"
    } else {
      path = "/v1/chat/completions"
      var messages = Array(plan.parent.messages[..<plan.message])
      messages.append(Message(role: .assistant, text: kept))
      body = "{\"messages\":" + RecordRequest.messagesJSON(RecordPrompt(id: "", messages: messages, prompt: nil, settings: [:]))
      body += ",\"continue_final_message\":true,\"add_generation_prompt\":false,\"logprobs\":true,\"top_logprobs\":\(min(settings.topLogprobs, 20))"
    }
    body += ",\"max_tokens\":\(settings.maxTokens),\"temperature\":\(settings.temperature),\"top_p\":\(settings.topP ?? 1),\"seed\":\(seed)"
    if let topK = settings.topK { body += ",\"top_k\":\(topK)" }
    if !settings.stop.isEmpty { body += ",\"stop\":" + settings.stopJSON }
    body += ",\"stream\":false}"
    let answer = try await LlamaCppSession(client: client).answer(path, body)
    return answer?.messages.last { $0.role == .assistant }?.tokens ?? []
  }
}
