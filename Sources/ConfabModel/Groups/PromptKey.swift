/// What makes transcripts samples of one prompt: the same model and the same messages before
/// the sampled assistant turn, or the same recorded prompt id. Titles never group.
public struct PromptKey: Hashable, Sendable {
  public var model: String
  /// "id:<prompt_id>" or "messages:<role and text of each prompt message>".
  public var prompt: String

  /// Model and prompt in one string, for a column that interns it.
  public var text: String { model + "\u{1D}" + prompt }

  /// Which of `count` shards (0-based) the prompt of `text` belongs to, the same on every
  /// machine (FNV-1a, not Swift's per-process seeded hash): `confab prompts --shard K/N`
  /// takes each prompt whole, so its samples are studied together.
  public static func shard(of text: String, count: Int) -> Int {
    Int(FNV1a.hash(text.utf8) % UInt64(max(count, 1)))
  }

  public init(_ transcript: Transcript) {
    model = transcript.model ?? ""
    if let promptID = transcript.promptID {
      prompt = "id:" + promptID
    } else if let end = transcript.sampledMessageIndex ?? Optional(transcript.messages.count), end > 0 {
      prompt = "messages:" + transcript.messages[..<end].map { "\($0.role.rawValue)\u{1F}\($0.text)" }.joined(separator: "\u{1E}")
    } else {
      // No prompt recorded (a bare completion): nothing says two such records share one, so
      // only the choices of one record group. By its byte offset, not its line: a scan's
      // worker knows the offset of each record it reads, but counts lines from its block.
      prompt = "record:\(transcript.source.path)\u{1F}@\(transcript.source.byteOffset)"
    }
  }
}

extension Transcript {
  /// The assistant turn that was sampled: the last assistant content message, preferring one
  /// with per-token data (a prompt's own assistant turns are given, not sampled).
  public var sampledMessageIndex: Int? {
    let replies = messages.indices.filter { messages[$0].role == .assistant && messages[$0].channel == .content }
    return replies.last { messages[$0].tokens != nil } ?? replies.last
  }

  /// The sampled turn's tokens (empty without per-token data).
  public var sampledTokens: [Token] { sampledMessageIndex.flatMap { messages[$0].tokens } ?? [] }

  /// The sampled turn's text ("" when there is none).
  public var sampledText: String { sampledMessageIndex.map { messages[$0].text } ?? "" }

  /// The sampled turn's answer by the default heuristic (`AnswerRule.heuristic`).
  public var defaultAnswer: String? { try? AnswerRule.heuristic.answer(in: sampledText, prompt: promptContext) }

  /// Every message before the sampled turn, as text (what an answer must not merely repeat).
  public var promptContext: String {
    let end = sampledMessageIndex ?? messages.count
    return TextJoin.join(messages[..<end].map(\.text), separator: "\n")
  }

  /// The last user message before the sampled turn: what a prompt is called.
  public var promptText: String {
    let end = sampledMessageIndex ?? messages.count
    return messages[..<end].last { $0.role == .user }?.text ?? ""
  }
}
