/// Where a transcript came from: enough to find the record again without rescanning.
public struct SourceRef: Sendable, Equatable, Hashable, Codable {
  public var path: String
  /// 1-based line (record) number in a JSONL file; 1 for a whole-file document.
  public var line: Int
  public var byteOffset: Int
  public var byteLength: Int
  /// Which transcript of the record (choice index for n > 1).
  public var choice: Int
  public var format: Format
  /// For confab JSONL: the format the transcript was first read from, when it says.
  public var origin: Format?

  public init(path: String, line: Int, byteOffset: Int, byteLength: Int, choice: Int, format: Format, origin: Format? = nil) {
    self.path = path
    self.line = line
    self.byteOffset = byteOffset
    self.byteLength = byteLength
    self.choice = choice
    self.format = format
    self.origin = origin
  }

  /// The format as scan output and the tag store spell it: `confab:openai-chat` for a
  /// transcript read from confab JSONL that came from the OpenAI API.
  public var formatLabel: String { origin.map { "confab:" + $0.rawValue } ?? format.rawValue }

  /// Reads `formatLabel` back (an unknown name is undetected: it will be claimed anew).
  public static func format(label: String) -> (format: Format, origin: Format?) {
    if label.hasPrefix("confab:") { return (.confab, Format(rawValue: String(label.dropFirst(7)))) }
    return (Format(rawValue: label) ?? .undetected, nil)
  }
}

public enum Role: String, Sendable, Equatable, Codable {
  case system, user, assistant, tool
}

/// Which stream of an assistant turn the tokens belong to.
public enum Channel: String, Sendable, Equatable, Codable {
  case content, refusal, reasoning
  /// The prompt as the model scored it (echo, vLLM prompt_logprobs, TGI prefill).
  case prompt
}

/// One alternative from the file's top-k list, kept in the file's order.
public struct Alternative: Sendable, Equatable {
  public var bytes: [UInt8] {
    didSet { starterCues = StarterCues(bytes) }
  }
  public var logprob: Logprob
  public var id: Int?
  /// False when the file gave only the id (SGLang without `return_text_in_logprobs`, vLLM
  /// without detokenizing): `bytes` is then empty and the id is what is shown.
  public var textKnown: Bool
  /// What its first word could begin (a correction, a hedge), read from `bytes`.
  public private(set) var starterCues: StarterCues

  public init(bytes: [UInt8], logprob: Logprob, id: Int? = nil, textKnown: Bool = true) {
    self.init(spelling: Spelling(bytes), logprob: logprob, id: id, textKnown: textKnown)
  }

  public init(spelling: Spelling, logprob: Logprob, id: Int? = nil, textKnown: Bool = true) {
    bytes = spelling.bytes
    starterCues = spelling.starterCues
    self.logprob = logprob
    self.id = id
    self.textKnown = textKnown
  }
}

/// One sampled token with the distribution the file recorded for its position.
public struct Token: Sendable, Equatable {
  public var bytes: [UInt8]
  public var logprob: Logprob
  public var id: Int?
  public var special: Bool
  public var top: AlternativeList
  /// Where the chosen token is in `top` (file order), nil when the file did not list it.
  public var chosenIndex: Int?
  /// The sampled token's 1-based rank in the whole vocabulary, when the file says (vLLM's
  /// `rank`): true even when the token is far outside the recorded alternatives.
  public var vocabRank: Int?
  /// False when the file gave only the token id: `bytes` is empty, the id is shown.
  public var textKnown: Bool

  public init(
    bytes: [UInt8], logprob: Logprob, id: Int? = nil, special: Bool = false,
    top: AlternativeList = [], chosenIndex: Int? = nil, vocabRank: Int? = nil, textKnown: Bool = true
  ) {
    self.textKnown = textKnown
    self.bytes = bytes
    self.logprob = logprob
    self.id = id
    self.special = special
    self.top = top
    self.chosenIndex = chosenIndex
    self.vocabRank = vocabRank
  }

  /// A token whose alternatives come as an array (importers that read one position at a time).
  public init(
    bytes: [UInt8], logprob: Logprob, id: Int? = nil, special: Bool = false,
    top: [Alternative], chosenIndex: Int? = nil, vocabRank: Int? = nil, textKnown: Bool = true
  ) {
    self.init(
      bytes: bytes, logprob: logprob, id: id, special: special, top: AlternativeList(top), chosenIndex: chosenIndex,
      vocabRank: vocabRank, textKnown: textKnown)
  }

  /// 1-based rank among `top` by strictly higher logprobs (robust to unsorted lists), or
  /// nil when the chosen token is outside the recorded alternatives.
  public var chosenRank: Int? {
    guard let chosenIndex, top.indices.contains(chosenIndex) else { return nil }
    let chosen = top.logprob(at: chosenIndex).value ?? -.infinity
    var higher = 0
    for index in top.indices where (top.logprob(at: index).value ?? -.infinity) > chosen { higher += 1 }
    return 1 + higher
  }
}

public struct Message: Sendable, Equatable {
  public var role: Role
  public var channel: Channel
  public var text: String
  /// nil when the file carries no per-token data for this message.
  public var tokens: [Token]?

  public init(role: Role, channel: Channel = .content, text: String, tokens: [Token]? = nil) {
    self.role = role
    self.channel = channel
    self.text = text
    self.tokens = tokens
  }
}

/// Where a transcript was first read, before any `confab convert`: kept through conversions
/// (a converted file's own path and line are its `SourceRef`).
public struct OriginalSource: Sendable, Equatable, Hashable, Codable {
  public var path: String
  public var line: Int
  public var choice: Int
  /// The format label it was read as (openai-chat, vllm-completions ...).
  public var format: String

  public init(path: String, line: Int, choice: Int, format: String) {
    self.path = path
    self.line = line
    self.choice = choice
    self.format = format
  }
}

/// A normalized transcript, whatever format it came from. Immutable once imported.
public struct Transcript: Sendable, Equatable {
  public var id: String
  public var source: SourceRef
  public var model: String?
  public var promptID: String?
  public var sampleIndex: Int?
  /// Request settings as a JSON object text (temperature, top_k, seed, server...), when known.
  public var params: String?
  public var messages: [Message]
  /// Where it was first read, when that was another file than `source` (a converted file
  /// says so in its `source` object).
  public var original: OriginalSource?
  /// For a branch made by `confab branch`: the JSON object saying where it forks from its
  /// parent (`parent`, `token_index`, `token`, `parent_source`), as written.
  public var branch: String?
  /// For a branch: where it forks, as the list shows it (`⑂5 " Canberra"`).
  public var forkLabel: String?
  /// For a rescoring made by `confab rescore`: `{parent, model, frame, server}`, as written.
  public var rescore: String?
  /// For a rescoring: the parent's id, and how the list labels it (`↺ document gemma-3-270m`).
  public var rescoreParent: String?
  public var rescoreLabel: String?
  /// Spans the file itself labels (rollout_viz), drawn read-only beside the user's tags.
  public var annotations: [SpanAnnotation] = []

  public init(
    id: String, source: SourceRef, model: String? = nil, promptID: String? = nil,
    sampleIndex: Int? = nil, params: String? = nil, messages: [Message]
  ) {
    self.params = params
    self.id = id
    self.source = source
    self.model = model
    self.promptID = promptID
    self.sampleIndex = sampleIndex
    self.messages = messages
  }

  /// All tokens of all messages, in order, with the message each belongs to.
  public var tokenCount: Int { messages.reduce(0) { $0 + ($1.tokens?.count ?? 0) } }

  /// llama-server names the model by its file path: show the file name without `.gguf`.
  public static func displayModel(_ model: String) -> String {
    let name = model.split(separator: "/").last.map(String.init) ?? model
    return name.hasSuffix(".gguf") ? String(name.dropLast(5)) : name
  }

  /// How a branch's fork is labelled: the token index and the token put there.
  public static func forkLabel(at index: Int, token: [UInt8]) -> String { "⑂\(index) " + TokenText.quoted(token) }

  /// A short human title: the prompt id, or the start of the last user message; a branch
  /// says where it forks.
  public var title: String {
    guard let label = forkLabel ?? rescoreLabel else { return baseTitle }
    return baseTitle + " " + label
  }

  /// How a rescoring is labelled: its frame and the model that scored it.
  public static func rescoreLabel(frame: String, model: String?) -> String {
    "↺ " + frame + (model.map { " " + displayModel($0) } ?? "")
  }

  private var baseTitle: String {
    if let promptID { return promptID }
    let user = messages.last { $0.role == .user }?.text
      ?? messages.first { $0.role == .assistant && $0.channel == .content }?.text ?? messages.first?.text ?? id
    return String(Self.firstLine(of: user))
  }

  /// The first non-empty line: what `split(whereSeparator: \.isNewline).first` gives, without
  /// splitting all of a long reply (2% of a scan, for a title).
  static func firstLine(of text: String) -> Substring {
    text.drop(while: \.isNewline).prefix { !$0.isNewline }
  }
}
