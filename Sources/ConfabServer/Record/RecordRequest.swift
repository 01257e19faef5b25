import ConfabIO
import ConfabModel
import Foundation

/// Which server API `confab record` speaks.
public enum RecordAPI: String, Sendable, CaseIterable {
  case openaiChat = "openai-chat"
  case openaiCompletions = "openai-completions"
  case llamacpp
  case ollama

  public var path: String {
    switch self {
    case .openaiChat: return "/v1/chat/completions"
    case .openaiCompletions: return "/v1/completions"
    case .llamacpp: return "/completion"
    case .ollama: return "/api/chat"
    }
  }
}

/// The sampler settings of one request, every one sent explicitly (llama-server otherwise
/// applies its own top_k 40, top_p 0.95, min_p 0.05) and stored with the transcript.
public struct SamplerSettings: Sendable, Equatable {
  public var temperature = 1.0
  public var topK: Int? = 0
  public var topP: Double? = 1.0
  public var minP: Double? = 0.0
  public var maxTokens = 256
  public var seed = 1000
  public var topLogprobs = 20
  public var model: String?
  /// Strings that end a sample (a base model sampled as a document runs on into the next
  /// "Question:" without one).
  public var stop: [String] = []

  /// `stop` as a JSON array.
  public var stopJSON: String {
    "[" + stop.map { text in
      var quoted = ""
      JSONWriter.string(text, into: &quoted)
      return quoted
    }.joined(separator: ",") + "]"
  }

  public init() {}

  /// Settings with a prompt's overrides (`temperature`, `max_tokens`, `seed`, `top_k`,
  /// `top_p`, `min_p`, `top_logprobs`, `model`, `stop`) applied.
  public func overridden(by settings: [String: String]) -> SamplerSettings {
    var copy = self
    if let value = settings["temperature"].flatMap(Double.init) { copy.temperature = value }
    if let value = settings["max_tokens"].flatMap({ Int($0) }) { copy.maxTokens = value }
    if let value = settings["seed"].flatMap({ Int($0) }) { copy.seed = value }
    if let value = settings["top_k"].flatMap({ Int($0) }) { copy.topK = value }
    if let value = settings["top_p"].flatMap(Double.init) { copy.topP = value }
    if let value = settings["min_p"].flatMap(Double.init) { copy.minP = value }
    if let value = settings["top_logprobs"].flatMap({ Int($0) }) { copy.topLogprobs = value }
    if let value = settings["model"], value.hasPrefix("\"") { copy.model = String(value.dropFirst().dropLast()) }
    if let value = settings["stop"], let stop = Self.strings(value) { copy.stop = stop }
    return copy
  }

  /// A JSON string or array of strings, as a prompt file gives `stop`.
  private static func strings(_ json: String) -> [String]? {
    try? JSONParser().parse(Array(json.utf8)) { root -> [String]? in
      if let text = root.string { return [text] }
      return root.kind == .array ? root.elements.compactMap(\.string) : nil
    }
  }
}

public enum RecordRequest {
  /// The JSON body for one sample. `sample` picks the seed (seed + sample), so a rerun of the
  /// same command asks for exactly the same samples.
  public static func body(
    api: RecordAPI, prompt: RecordPrompt, templated: String?, settings: SamplerSettings, sample: Int, includeSamplerExtras: Bool,
    stream: Bool = false
  ) -> String {
    var fields: [(String, String)] = []
    func number(_ value: Double) -> String { String(value) }
    if let model = settings.model {
      var quoted = ""
      JSONWriter.string(model, into: &quoted)
      fields.append(("model", quoted))
    }
    let seed = String(settings.seed + sample)
    switch api {
    case .openaiChat, .openaiCompletions:
      if api == .openaiChat {
        fields.append(("messages", messagesJSON(prompt)))
        fields.append(("logprobs", "true"))
        fields.append(("top_logprobs", String(settings.topLogprobs)))
      } else {
        var text = ""
        JSONWriter.string(prompt.prompt ?? templated ?? "", into: &text)
        fields.append(("prompt", text))
        fields.append(("logprobs", String(settings.topLogprobs)))
      }
      fields.append(("max_tokens", String(settings.maxTokens)))
      fields.append(("temperature", number(settings.temperature)))
      if let topP = settings.topP { fields.append(("top_p", number(topP))) }
      if includeSamplerExtras {
        if let topK = settings.topK { fields.append(("top_k", String(topK))) }
        if let minP = settings.minP { fields.append(("min_p", number(minP))) }
      }
      fields.append(("seed", seed))
      if !settings.stop.isEmpty { fields.append(("stop", settings.stopJSON)) }
      fields.append(("n", "1"))
      fields.append(("stream", stream ? "true" : "false"))
    case .llamacpp:
      var text = ""
      JSONWriter.string(prompt.prompt ?? templated ?? "", into: &text)
      fields.append(("prompt", text))
      fields.append(("n_predict", String(settings.maxTokens)))
      fields.append(("n_probs", String(settings.topLogprobs)))
      fields.append(("temperature", number(settings.temperature)))
      fields.append(("top_k", String(settings.topK ?? 0)))
      fields.append(("top_p", number(settings.topP ?? 1)))
      fields.append(("min_p", number(settings.minP ?? 0)))
      fields.append(("seed", seed))
      if !settings.stop.isEmpty { fields.append(("stop", settings.stopJSON)) }
      fields.append(("return_tokens", "true"))
      fields.append(("stream", stream ? "true" : "false"))
    case .ollama:
      fields.append(("messages", messagesJSON(prompt)))
      fields.append(("stream", stream ? "true" : "false"))
      fields.append(("logprobs", "true"))
      fields.append(("top_logprobs", String(settings.topLogprobs)))
      var options = "{\"temperature\":\(number(settings.temperature)),\"seed\":\(seed),\"num_predict\":\(settings.maxTokens)"
      if let topK = settings.topK { options += ",\"top_k\":\(topK)" }
      if let topP = settings.topP { options += ",\"top_p\":\(number(topP))" }
      if let minP = settings.minP { options += ",\"min_p\":\(number(minP))" }
      if !settings.stop.isEmpty { options += ",\"stop\":" + settings.stopJSON }
      fields.append(("options", options + "}"))
    }
    return "{" + fields.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}"
  }

  /// A prompt's messages as an OpenAI-style JSON array.
  public static func messagesJSON(_ prompt: RecordPrompt) -> String {
    let messages = prompt.messages ?? [Message(role: .user, text: prompt.prompt ?? "")]
    return "[" + messages.map { message in
      var text = ""
      JSONWriter.string(message.text, into: &text)
      return "{\"role\":\"\(message.role.rawValue)\",\"content\":\(text)}"
    }.joined(separator: ",") + "]"
  }

  /// A server URL fit to store: no user, password or query string.
  public static func redacted(_ server: String) -> String {
    guard var components = URLComponents(string: server) else { return server }
    components.user = nil
    components.password = nil
    components.query = nil
    return components.string ?? server
  }
}
