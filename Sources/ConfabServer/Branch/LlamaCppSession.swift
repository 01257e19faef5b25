import ConfabIO
import ConfabModel

/// The llama.cpp server's native primitives a branch needs: the chat template, the
/// tokenizer, and `/completion` from a token-array prompt (../shared/notes/local-model.md).
public struct LlamaCppSession: Sendable {
  public let client: ServerClient

  public init(client: ServerClient) { self.client = client }

  /// A session on `server` with the limits every live command uses (answers up to 64 MiB).
  public init(server: String, timeout: Double = 120) {
    client = ServerClient(server: server, timeout: timeout, apiKey: nil, maxBodyBytes: 64 << 20)
  }

  /// The prompt's token ids: a chat transcript through the server's template, a document
  /// (a base model's `/completion` prompt) as its text.
  public func promptIDs(_ messages: [Message], document: Bool) async throws(BranchError) -> [Int] {
    let text: String
    if document {
      text = messages.last { $0.role == .user }?.text ?? ""
    } else {
      let body = "{\"messages\":" + RecordRequest.messagesJSON(RecordPrompt(id: "", messages: messages, prompt: nil, settings: [:])) + "}"
      let reply = try await post("/apply-template", body)
      guard let prompt = try? JSONParser().parse(reply, { $0.present("prompt")?.string }) else {
        throw BranchError("\(client.printableServer)/apply-template gave no prompt (is this a llama.cpp server?)")
      }
      text = prompt
    }
    return try await tokenize(text, addSpecial: true)
  }

  public func tokenize(_ text: String, addSpecial: Bool) async throws(BranchError) -> [Int] {
    var body = "{\"content\":"
    JSONWriter.string(text, into: &body)
    body += ",\"add_special\":\(addSpecial)}"
    let reply = try await post("/tokenize", body)
    guard let ids = try? JSONParser().parse(reply, { root -> [Int]? in
      root.present("tokens").map { list in list.elements.compactMap { $0.int ?? $0.present("id")?.int } }
    }) else {
      throw BranchError("\(client.printableServer)/tokenize gave no tokens (is this a llama.cpp server?)")
    }
    return ids
  }

  /// The sampled tokens' ids as the model saw them. An entry llama-server merged (a character
  /// split over tokens: it keeps the last sub-token's id) is re-tokenized from its bytes.
  public func ids(of tokens: [Token]) async throws(BranchError) -> [Int] {
    try await idGroups(of: tokens).flatMap { $0 }
  }

  /// The ids of each entry: one, or several for an entry llama-server merged.
  public func idGroups(of tokens: [Token]) async throws(BranchError) -> [[Int]] {
    var ids: [[Int]] = []
    for (position, token) in tokens.enumerated() {
      // A merged entry lists its last piece as the sampled alternative; when that piece is
      // not listed at all, a non-ASCII entry may be a merge too: its bytes are asked again
      // (one /tokenize; a character that is one token comes back as its own id).
      let merged = token.chosenIndex.map { token.top.indices.contains($0) && token.top[$0].bytes != token.bytes }
        ?? token.bytes.contains { $0 >= 0x80 }
      if let id = token.id, !merged {
        ids.append([id])
        continue
      }
      guard TokenText.isValidUTF8(token.bytes) else {
        throw BranchError("token \(position) is a partial character with no id: it cannot be sent back to the server")
      }
      let rebuilt = try await tokenize(String(decoding: token.bytes, as: UTF8.self), addSpecial: false)
      guard !rebuilt.isEmpty else { throw BranchError("token \(position) re-tokenizes to nothing") }
      ids.append(rebuilt)
    }
    return ids
  }

  /// How the server spells the ids of `tokens` (their `groups`, from `idGroups`) and how the
  /// file spells them: equal when the server's vocabulary is the one that recorded them.
  /// Special and empty entries (an end of text) are left out: the server spells those by name.
  public func spelling(of tokens: [Token], groups: [[Int]]) async throws(BranchError) -> (server: String, file: String) {
    let plain = zip(tokens, groups).filter { !$0.0.bytes.isEmpty && !$0.0.special }
    return (try await detokenize(plain.flatMap { $0.1 }), TokenText.text(of: plain.map { $0.0 }))
  }

  /// `/completion` from `ids`: the new tokens.
  public func complete(_ ids: [Int], settings: SamplerSettings, seed: Int, stop: [String]) async throws(BranchError) -> [Token] {
    var body = "{\"prompt\":[" + ids.map(String.init).joined(separator: ",") + "]"
    body += ",\"n_predict\":\(settings.maxTokens),\"n_probs\":\(settings.topLogprobs),\"temperature\":\(settings.temperature)"
    body += ",\"top_k\":\(settings.topK ?? 0),\"top_p\":\(settings.topP ?? 1),\"min_p\":\(settings.minP ?? 0),\"seed\":\(seed)"
    if !stop.isEmpty {
      var copy = settings
      copy.stop = stop
      body += ",\"stop\":" + copy.stopJSON
    }
    body += ",\"return_tokens\":true,\"cache_prompt\":true,\"stream\":false}"
    return try await answer("/completion", body)?.messages.last { $0.role == .assistant }?.tokens ?? []
  }

  /// POSTs `body` to `path` and reads the answer as any response confab imports (llama.cpp's
  /// `/completion`, OpenAI-compatible completions and chats): its first transcript.
  public func answer(_ path: String, _ body: String) async throws(BranchError) -> Transcript? {
    let reply = try await post(path, body)
    let source = SourceRef(path: client.server, line: 1, byteOffset: 0, byteLength: reply.count, choice: 0, format: .undetected)
    do {
      return try JSONParser().parse(reply) { root throws(RecordError) -> Transcript? in
        try Importers.transcripts(from: root, source: source).first
      }
    } catch {
      throw BranchError("\(client.printableServer)\(path): unreadable answer: \(error)")
    }
  }

  func post(_ path: String, _ body: String) async throws(BranchError) -> [UInt8] {
    switch await client.post(path, body: body) {
    case .success(let bytes):
      if let message = try? JSONParser().parse(bytes, { $0.present("error").flatMap { $0.present("message")?.string ?? $0.string } }) {
        throw BranchError("\(client.printableServer)\(path): server error: \(message)")
      }
      return bytes
    case .failure(let failure):
      throw BranchError(failure.message)
    }
  }
}

extension LlamaCppSession {
  /// Exact teacher forcing of one token: the distribution after `prompt`, with `next` forced
  /// by a logit bias. The reported logprob and top-k are the raw, pre-sampling values (131 of
  /// 131 recorded SmolLM2 positions reproduce exactly: ../shared/notes/local-model.md).
  ///
  /// Every forced position goes to slot 0 (`id_slot`). With two requests in flight and more
  /// than one slot, the server gave the next one to another slot with an older cache and
  /// computed the missing tokens as one batch, whose rounding differs from the one-token decode
  /// that sampled them: recorded logprobs came back up to 0.07 nats off. On one slot the next
  /// request waits for it, then extends its cache by the new token, as the sampling did.
  public func force(_ prompt: [Int], next: Int, topK: Int) async throws(BranchError) -> (token: Token, model: String?) {
    var body = "{\"prompt\":[" + prompt.map(String.init).joined(separator: ",") + "]"
    body += ",\"n_predict\":1,\"n_probs\":\(topK),\"temperature\":0,\"cache_prompt\":true,\"id_slot\":0,\"logit_bias\":[[\(next),1000.0]]"
    body += ",\"return_tokens\":true,\"stream\":false}"
    let first = try await answer("/completion", body)
    let token = first?.messages.last { $0.role == .assistant }?.tokens?.first
    let model = first?.model
    guard let token, token.id == next else {
      throw BranchError("\(client.printableServer) did not force token \(next) (its answer: \(token?.id.map(String.init) ?? "none"))")
    }
    return (token, model)
  }

  /// The text of token ids, as the server's vocabulary spells them.
  public func detokenize(_ ids: [Int]) async throws(BranchError) -> String {
    let reply = try await post("/detokenize", "{\"tokens\":[" + ids.map(String.init).joined(separator: ",") + "]}")
    guard let text = try? JSONParser().parse(reply, { $0.present("content")?.string }) else {
      throw BranchError("\(client.printableServer)/detokenize gave no content")
    }
    return text
  }
}
