/// Every input format confab reads, by the stable name `confab formats` prints and files store.
public enum Format: String, Sendable, Hashable, Codable, CaseIterable {
  /// Not detected yet (a record is being read again and will be claimed anew).
  case undetected = ""
  case confab
  case inspectLog = "inspect-log"
  /// An Inspect `.eval` zip: one sample per entry.
  case inspectEval = "inspect-eval"
  case openaiChat = "openai-chat"
  case openaiChatStream = "openai-chat-stream"
  case openaiCompletions = "openai-completions"
  case openaiResponses = "openai-responses"
  case openaiResponsesStream = "openai-responses-stream"
  case llamacppCompletion = "llamacpp-completion"
  case llamacppStream = "llamacpp-stream"
  case tgiGenerate = "tgi-generate"
  case tgiStream = "tgi-stream"
  case ollama
  case ollamaStream = "ollama-stream"
  case gemini
  case plainChat = "plain-chat"
  case vllmOffline = "vllm-offline"
  case sglang
  case helm
  case mlx
  case rolloutViz = "rollout-viz"
  case llmLogs = "llm-logs"

  /// Streams span several lines (SSE events, NDJSON chunks): a record is replayed through the
  /// line engine to be read again.
  public var isStream: Bool {
    switch self {
    case .openaiChatStream, .openaiResponsesStream, .llamacppStream, .tgiStream, .ollamaStream: return true
    case .undetected, .confab, .inspectLog, .inspectEval, .openaiChat, .openaiCompletions, .openaiResponses, .llamacppCompletion,
      .tgiGenerate, .ollama, .gemini, .plainChat, .vllmOffline, .sglang, .helm, .mlx, .rolloutViz, .llmLogs:
      return false
    }
  }
}
