import ConfabIO
import ConfabModel

/// The llama.cpp server's native primitives a branch needs: the chat template, the
/// tokenizer, and `/completion` from a token-array prompt (../shared/notes/local-model.md).
public struct LlamaCppSession: Sendable {
  public let client: ServerClient

  public init(client: ServerClient) { self.client = client }

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
    var ids: [Int] = []
    for (position, token) in tokens.enumerated() {
      let merged = token.chosenIndex.map { token.top.indices.contains($0) && token.top[$0].bytes != token.bytes } ?? false
      if let id = token.id, !merged {
        ids.append(id)
        continue
      }
      guard TokenText.isValidUTF8(token.bytes) else {
        throw BranchError("token \(position) is a partial character with no id: it cannot be sent back to the server")
      }
      let rebuilt = try await tokenize(String(decoding: token.bytes, as: UTF8.self), addSpecial: false)
      guard !rebuilt.isEmpty else { throw BranchError("token \(position) re-tokenizes to nothing") }
      ids += rebuilt
    }
    return ids
  }

  /// `/completion` from `ids`; the response body.
  public func complete(_ ids: [Int], settings: SamplerSettings, seed: Int, stop: [String]) async throws(BranchError) -> [UInt8] {
    var body = "{\"prompt\":[" + ids.map(String.init).joined(separator: ",") + "]"
    body += ",\"n_predict\":\(settings.maxTokens),\"n_probs\":\(settings.topLogprobs),\"temperature\":\(settings.temperature)"
    body += ",\"top_k\":\(settings.topK ?? 0),\"top_p\":\(settings.topP ?? 1),\"min_p\":\(settings.minP ?? 0),\"seed\":\(seed)"
    if !stop.isEmpty {
      var copy = settings
      copy.stop = stop
      body += ",\"stop\":" + copy.stopJSON
    }
    body += ",\"return_tokens\":true,\"cache_prompt\":true,\"stream\":false}"
    return try await post("/completion", body)
  }

  private func post(_ path: String, _ body: String) async throws(BranchError) -> [UInt8] {
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
