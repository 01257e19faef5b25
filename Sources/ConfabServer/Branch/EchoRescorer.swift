import ConfabIO
import ConfabModel

/// Rescoring on an OpenAI-compatible server that scores a prompt (vLLM, OpenAI's legacy
/// completions): `/v1/completions` with `echo` and `logprobs`, `max_tokens` 1, the reply's text
/// as the prompt. The server's own tokens are scored (`same_tokens: false`); its first has no
/// figure (nothing precedes it). Only the document frame: a chat or user frame needs the
/// model's template, which such a server does not hand out. llama.cpp ignores `echo`: that is
/// said, with the way that works there (`--api llamacpp`).
public struct EchoRescorer: Sendable {
  public let client: ServerClient

  public init(client: ServerClient) { self.client = client }

  public func rescore(_ parent: Transcript, frame: RescoreFrame, topK: Int) async throws(BranchError) -> Transcript {
    guard frame == .document else {
      throw BranchError("an OpenAI-compatible server scores plain text: --frame document (chat and user frames need llama.cpp's /apply-template: --api llamacpp)")
    }
    guard let message = parent.sampledMessageIndex, let tokens = parent.messages[message].tokens, !tokens.isEmpty else {
      throw BranchError("transcript \(parent.id) has no sampled tokens to rescore")
    }
    let text = TokenText.text(of: tokens)
    var body = "{\"prompt\":"
    JSONWriter.string(text, into: &body)
    body += ",\"max_tokens\":1,\"echo\":true,\"logprobs\":\(min(topK, 20)),\"temperature\":0,\"stream\":false}"
    let first = try await LlamaCppSession(client: client).answer("/v1/completions", body)
    let read = (tokens: first?.messages.first { $0.channel == .prompt }?.tokens ?? [], model: first?.model)
    guard !read.tokens.isEmpty else {
      throw BranchError("\(client.printableServer)/v1/completions returned no logprobs for the prompt (it ignores echo; "
        + "llama.cpp does): rescore a llama.cpp server with --api llamacpp")
    }
    // The echoed prompt is the reply's text in the server's tokens; keep exactly its bytes.
    var scored = read.tokens
    let spelled = scored.flatMap(\.bytes)
    if spelled != Array(text.utf8) {
      throw BranchError("\(client.printableServer) echoed other text than it was sent (\(spelled.count) bytes for \(text.utf8.count))")
    }
    if !scored.isEmpty, scored[0].logprob.raw == nil { scored[0].top = [] }
    return Rescorer.rescoring(of: parent, message: message, text: text, tokens: scored, model: read.model, frame: frame,
                              sameTokens: false, server: client.server)
  }
}
