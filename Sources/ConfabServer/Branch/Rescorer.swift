import ConfabIO
import ConfabModel

/// How a transcript's reply is put before the model when it is rescored.
public enum RescoreFrame: String, Sendable, CaseIterable {
  /// The transcript's own messages and template, the text as the assistant's turn.
  case chat
  /// The text alone, no template: how a base model scores it.
  case document
  /// The same text quoted inside a user turn ("Someone wrote: …"), scored there.
  case user
}

/// Teacher-forces a transcript's sampled reply under the server's model: per token, the
/// forced token's exact logprob and the top-k there (`LlamaCppSession.force`).
public struct Rescorer: Sendable {
  public let session: LlamaCppSession

  public init(session: LlamaCppSession) { self.session = session }

  /// The rescored transcript: the same messages, the reply's tokens carrying the server's
  /// figures, and a `rescore` object naming the parent, model, frame and server.
  public func rescore(
    _ parent: Transcript, frame: RescoreFrame, topK: Int, progress: (Int, Int) -> Void = { _, _ in }
  ) async throws(BranchError) -> Transcript {
    guard let message = parent.sampledMessageIndex, let tokens = parent.messages[message].tokens, !tokens.isEmpty else {
      throw BranchError("transcript \(parent.id) has no sampled tokens to rescore")
    }
    let text = TokenText.text(of: tokens)
    // The parent's own ids when the server's vocabulary spells them as the file does;
    // another model's tokenizer: its own tokens of the same text.
    var groups = try await session.idGroups(of: tokens)
    var entries = tokens
    // Empty entries (an end of text llama-server records without its text) are left out of
    // the spelling check: the vocabulary spells them as their special names.
    let sameVocabulary = (try? await session.spelling(of: tokens, groups: groups)).map { $0.server == $0.file } ?? false
    if !sameVocabulary {
      // Its pieces grouped as llama-server merges them: a character split over tokens is one
      // entry, so every entry's text is whole and the entries spell the text.
      let ids = try await session.tokenize(text, addSpecial: false)
      groups = []
      entries = []
      var run: [Int] = []
      for id in ids {
        run.append(id)
        let piece = try await session.detokenize(run)
        if piece.contains("\u{FFFD}") && run.count < 4 && id != ids.last { continue }
        groups.append(run)
        entries.append(Token(bytes: Array(piece.utf8), logprob: Logprob(raw: nil), id: id))
        run = []
      }
    }
    var context = try await promptIDs(parent, message: message, text: text, frame: frame)
    if let (pipelined, name) = await pipelined(context: context, groups: groups, entries: entries, topK: topK, progress: progress) {
      progress(groups.count, groups.count)
      return Self.rescoring(of: parent, message: message, text: text, tokens: pipelined, model: name, frame: frame,
                            sameTokens: sameVocabulary, server: session.client.server)
    }
    var rescored: [Token] = []
    var model: String?
    for (index, group) in groups.enumerated() {
      var last: Token?
      for (position, id) in group.enumerated() {
        // A character split over tokens: its first pieces only extend the context (the
        // server holds back a piece that is not whole UTF-8, so forcing one answers nothing);
        // the entry's figures are its last piece's, as llama-server reports a merged entry.
        if position < group.count - 1 && !context.isEmpty {
          context.append(id)
          continue
        }
        guard !context.isEmpty else {
          // Nothing to condition on (a document frame for a model that adds no BOS): the
          // first token has no figure, only its place.
          last = Token(bytes: entries[index].bytes, logprob: Logprob(raw: nil), id: id)
          context.append(id)
          continue
        }
        do {
          let (forced, name) = try await session.force(context, next: id, topK: topK)
          model = model ?? name
          last = forced
          context.append(id)
        } catch where group.count == 1 && !Self.isWhole(entries[index].bytes) {
          // A piece of a character on its own (a reply cut inside one): the server holds back
          // text that is not whole UTF-8, so it is never answered. It keeps its place with no
          // figure. (Merges llama-server did not mark are split up by `idGroups` already.)
          last = Token(bytes: entries[index].bytes, logprob: Logprob(raw: nil), id: id)
          context.append(id)
        }
      }
      guard var token = last else { continue }
      // The entry's own bytes (a merged entry keeps its whole character); the figures are
      // its last sub-token's, as llama-server reports a merged entry.
      token.bytes = entries[index].bytes
      rescored.append(token)
      progress(index + 1, groups.count)
    }
    return Self.rescoring(of: parent, message: message, text: text, tokens: rescored, model: model, frame: frame,
                          sameTokens: sameVocabulary, server: session.client.server)
  }

  /// Whole UTF-8 text: not a piece of a character (nor the replacement a server spells one as).
  static func isWhole(_ bytes: [UInt8]) -> Bool {
    TokenText.isValidUTF8(bytes) && !String(decoding: bytes, as: UTF8.self).contains("\u{FFFD}")
  }

  /// Requests kept in flight at once: the next position's request waits at the server while
  /// the previous one is computed, so confab's own time per position (HTTP, JSON) is hidden.
  static let window = 2

  /// Every position forced with up to `window` requests in flight; nil when any answer is
  /// not a forced token (a piece of a character, an unmarked merge), so the caller takes the
  /// careful sequential path. Each request carries its whole prompt, so the order in which
  /// the server takes them changes its cache use, never a figure.
  private func pipelined(
    context start: [Int], groups: [[Int]], entries: [Token], topK: Int, progress: (Int, Int) -> Void
  ) async -> (tokens: [Token], model: String?)? {
    guard !start.isEmpty else { return nil }
    var sequence = start
    var jobs: [(index: Int, prompt: Int, id: Int)] = []
    for (index, group) in groups.enumerated() {
      guard let last = group.last else { return nil }
      sequence += group.dropLast()
      jobs.append((index, sequence.count, last))
      sequence.append(last)
    }
    let ids = sequence
    let session = session
    var results = [Token?](repeating: nil, count: groups.count)
    var model: String?
    var done = 0
    let complete = await withTaskGroup(of: (Int, Token?, String?).self) { group -> Bool in
      var next = 0
      func launch() {
        guard next < jobs.count else { return }
        let job = jobs[next]
        next += 1
        group.addTask {
          let forced = try? await session.force(Array(ids[..<job.prompt]), next: job.id, topK: topK)
          return (job.index, forced?.token, forced?.model)
        }
      }
      for _ in 0..<Self.window { launch() }
      while let (index, token, name) = await group.next() {
        guard var token else {
          group.cancelAll()
          return false
        }
        token.bytes = entries[index].bytes
        results[index] = token
        model = model ?? name
        done += 1
        progress(done, jobs.count)
        launch()
      }
      return true
    }
    guard complete else { return nil }
    let tokens = results.compactMap { $0 }
    return tokens.count == groups.count ? (tokens, model) : nil
  }

  /// The rescored transcript: the parent's messages with the reply's tokens carrying the
  /// server's figures, and a `rescore` object naming the parent, model, frame and server.
  static func rescoring(
    of parent: Transcript, message: Int, text: String, tokens rescored: [Token], model: String?, frame: RescoreFrame,
    sameTokens sameVocabulary: Bool, server: String
  ) -> Transcript {
    var messages = parent.messages
    messages[message] = Message(role: .assistant, channel: parent.messages[message].channel, text: text, tokens: rescored)
    // The same bytes as the parent: the frame and model tell the rescoring apart.
    var transcript = Transcript(
      id: MessageContent.fingerprint(messages, salt: "rescore \(frame.rawValue) \(model ?? "")"), source: parent.source,
      model: model.map(Transcript.displayModel) ?? parent.model,
      promptID: parent.promptID, sampleIndex: parent.sampleIndex, params: parent.params, messages: messages)
    var info = "{\"parent\":"
    JSONWriter.string(parent.id, into: &info)
    info += ",\"model\":"
    JSONWriter.string(model ?? "", into: &info)
    info += ",\"frame\":\"\(frame.rawValue)\",\"same_tokens\":\(sameVocabulary),\"server\":"
    JSONWriter.string(RecordRequest.redacted(server), into: &info)
    transcript.rescore = info + "}"
    transcript.rescoreParent = parent.id
    transcript.rescoreLabel = Transcript.rescoreLabel(frame: frame.rawValue, model: model)
    return transcript
  }

  /// The token ids before the reply, in a frame.
  private func promptIDs(_ parent: Transcript, message: Int, text: String, frame: RescoreFrame) async throws(BranchError) -> [Int] {
    switch frame {
    case .chat:
      let document = ParentSettings(params: parent.params).api == RecordAPI.llamacpp.rawValue
      return try await session.promptIDs(Array(parent.messages[..<message]), document: document)
    case .document:
      return try await session.tokenize("", addSpecial: true)
    case .user:
      // Everything the template puts before the quoted text, then the text is scored there.
      let quoted = [Message(role: .user, text: "Someone wrote: \"" + text + "\"")]
      let whole = try await session.promptIDs(quoted, document: false)
      let marker = try await session.promptIDs([Message(role: .user, text: "Someone wrote: \"")], document: false)
      // The shared start of the two templated prompts is what precedes the text.
      let shared = zip(whole, marker).prefix { $0 == $1 }.count
      return Array(whole.prefix(shared))
    }
  }
}
