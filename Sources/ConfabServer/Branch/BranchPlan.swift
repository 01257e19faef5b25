import ConfabIO
import ConfabModel

/// Why a branch cannot be made, said so a user can fix the call.
public struct BranchError: Error, Sendable, CustomStringConvertible {
  public var description: String
  public init(_ description: String) { self.description = description }
}

/// A branch of one transcript before any server is asked: the sampled turn, the position,
/// the alternative chosen there, and the parent's own sampler settings. `transcript(new:)`
/// builds the branch from the tokens the server continued with.
public struct BranchPlan: Sendable {
  public var parent: Transcript
  /// The sampled assistant message.
  public var message: Int
  /// Tokens of that message kept as they were: the first `position`.
  public var position: Int
  /// Index into the distribution at `position` of the token chosen instead.
  public var alternative: Int
  public var settings: ParentSettings

  public var tokens: [Token] { parent.messages[message].tokens ?? [] }
  public var chosen: Alternative { tokens[position].top[alternative] }

  /// Checks the position and the token: it must be one of the alternatives listed there.
  public init(parent: Transcript, position: Int, token text: String?, tokenID: Int?) throws(BranchError) {
    let top = try Self.checked(parent, position).top
    let found = top.firstIndex { alternative in
      if let tokenID { return alternative.id == tokenID }
      return text.map { Array($0.utf8) == alternative.bytes } ?? false
    }
    guard let found else {
      let listed = top.map { "\(TokenText.quoted($0.bytes))\($0.id.map { " (id \($0))" } ?? "") p \(NumberText.probability($0.logprob.probability))" }
      let asked = tokenID.map { "id \($0)" } ?? text.map { TokenText.quoted(Array($0.utf8)) } ?? "no token"
      throw BranchError("\(asked) is not an alternative at token \(position); listed there: " + listed.joined(separator: ", "))
    }
    try self.init(parent: parent, position: position, alternative: found)
  }

  /// A branch at `position` to the listed alternative `alternative`.
  public init(parent: Transcript, position: Int, alternative: Int) throws(BranchError) {
    let token = try Self.checked(parent, position)
    guard token.top.indices.contains(alternative), let message = parent.sampledMessageIndex else {
      throw BranchError("no alternative \(alternative) at token \(position)")
    }
    self.parent = parent
    self.message = message
    self.position = position
    self.alternative = alternative
    settings = ParentSettings(params: parent.params)
  }

  /// The token at `position` of the sampled reply, when a branch can start there.
  private static func checked(_ parent: Transcript, _ position: Int) throws(BranchError) -> Token {
    guard let message = parent.sampledMessageIndex, let tokens = parent.messages[message].tokens, !tokens.isEmpty else {
      throw BranchError("transcript \(parent.id) has no sampled tokens to branch from")
    }
    guard tokens.contains(where: { !$0.top.isEmpty }) else {
      throw BranchError("transcript \(parent.id) records no alternatives (no top-k): nothing to branch to")
    }
    guard (0..<tokens.count).contains(position) else {
      throw BranchError("--at \(position) is out of range: the reply has tokens 0 to \(tokens.count - 1)")
    }
    guard !tokens[position].top.isEmpty else { throw BranchError("token \(position) has no recorded alternatives") }
    return tokens[position]
  }

  /// The parent's messages before the sampled turn, then the sampled turn: the first
  /// `position` tokens as they were, the chosen token with the distribution at `position`,
  /// then `new`.
  public func transcript(new: [Token], params: String, sample: Int, seed: Int) -> Transcript {
    var forced = tokens[position]
    forced.bytes = chosen.bytes
    forced.logprob = chosen.logprob
    forced.id = chosen.id
    forced.chosenIndex = alternative
    forced.special = false
    let branchTokens = Array(tokens[..<position]) + [forced] + new
    var messages = Array(parent.messages[..<message])
    messages.append(Message(role: .assistant, channel: parent.messages[message].channel, text: TokenText.text(of: branchTokens), tokens: branchTokens))
    var transcript = Transcript(
      id: MessageContent.fingerprint(messages), source: parent.source, model: parent.model,
      promptID: parent.promptID, sampleIndex: sample, params: params, messages: messages)
    transcript.branch = branchJSON
    transcript.forkLabel = Transcript.forkLabel(at: position, token: chosen.bytes)
    return transcript
  }

  /// `{"parent", "token_index", "token", "token_id", "parent_source"}`.
  public var branchJSON: String {
    var out = "{\"parent\":"
    JSONWriter.string(parent.id, into: &out)
    out += ",\"token_index\":\(position),\"token\":"
    JSONWriter.string(String(decoding: chosen.bytes, as: UTF8.self), into: &out)
    if let id = chosen.id { out += ",\"token_id\":\(id)" }
    let source = parent.original ?? OriginalSource(path: parent.source.path, line: parent.source.line, choice: parent.source.choice,
                                                   format: parent.source.formatLabel)
    out += ",\"parent_source\":{\"path\":"
    JSONWriter.string(source.path, into: &out)
    out += ",\"line\":\(source.line),\"choice\":\(source.choice),\"format\":"
    JSONWriter.string(source.format, into: &out)
    return out + "}}"
  }
}

/// The sampler settings a transcript was recorded with (its `params`), where known.
public struct ParentSettings: Sendable, Equatable {
  public var api: String?
  public var temperature: Double?
  public var topK: Int?
  public var topP: Double?
  public var minP: Double?
  public var topLogprobs: Int?
  public var maxTokens: Int?
  public var seed: Int?
  public var stop: [String] = []

  public init(params: String?) {
    guard let params else { return }
    _ = try? JSONParser().parse(Array(params.utf8)) { root -> Bool in
      api = root.present("api")?.string
      temperature = root.present("temperature")?.double
      topK = root.present("top_k")?.int
      topP = root.present("top_p")?.double
      minP = root.present("min_p")?.double
      topLogprobs = root.present("top_logprobs")?.int
      maxTokens = root.present("max_tokens")?.int
      seed = root.present("seed")?.int
      stop = root.present("stop").map { $0.kind == .array ? $0.elements.compactMap(\.string) : [] } ?? []
      return true
    }
  }
}
