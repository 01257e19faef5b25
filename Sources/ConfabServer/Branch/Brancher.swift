import ConfabIO
import ConfabModel

/// Makes the branches of plans on a llama.cpp server: the prompt's ids (asked once per
/// prompt: the samples of one prompt share them), the kept prefix's ids, the chosen token,
/// then `/completion` once per sample with the parent's sampler settings unless overridden.
/// `confab branch` and the explorer's `B` both branch through it.
public final class Brancher {
  /// What the caller sets over the parent's own settings.
  public struct Overrides: Sendable, Equatable {
    public var samples: Int
    public var maxTokens: Int?
    public var seed: Int?
    public var temperature: Double?

    public init(samples: Int = 1, maxTokens: Int? = nil, seed: Int? = nil, temperature: Double? = nil) {
      self.samples = samples
      self.maxTokens = maxTokens
      self.seed = seed
      self.temperature = temperature
    }
  }

  /// How the server is asked: llama.cpp's token-array `/completion`, or an OpenAI-compatible
  /// API with text prompts (`OpenAIContinuation`).
  public enum API: String, Sendable, CaseIterable { case llamacpp, openai }

  private let session: LlamaCppSession
  private let api: API
  private var promptIDs: [String: [Int]] = [:]

  public init(session: LlamaCppSession, api: API = .llamacpp) {
    self.session = session
    self.api = api
  }

  /// Branches `plan` `overrides.samples` times, handing each branch (and its new tokens) to
  /// `each` as soon as it is made. Stops between samples when the task is cancelled.
  public func branch(
    _ plan: BranchPlan, _ overrides: Overrides, each: (_ branch: Transcript, _ new: [Token], _ sample: Int) -> Void
  ) async throws(BranchError) {
    let parent = plan.settings
    var settings = SamplerSettings()
    settings.temperature = overrides.temperature ?? parent.temperature ?? 1
    settings.topK = parent.topK ?? 0
    settings.topP = parent.topP ?? 1
    settings.minP = parent.minP ?? 0
    settings.topLogprobs = parent.topLogprobs ?? max(1, plan.tokens[plan.position].top.count)
    settings.maxTokens = overrides.maxTokens ?? parent.maxTokens ?? 160
    settings.stop = parent.stop
    let firstSeed = overrides.seed ?? parent.seed ?? 1000
    if api == .openai {
      let continuation = OpenAIContinuation(client: session.client)
      for sample in 0..<overrides.samples {
        if Task.isCancelled { throw BranchError("cancelled") }
        let seed = firstSeed + sample
        let new = try await continuation.newTokens(after: plan, settings: settings, seed: seed)
        let params = Self.params(settings: settings, seed: seed, server: session.client.server, parent: parent, promptTokens: nil)
        each(plan.transcript(new: new, params: params, sample: sample, seed: seed), new, sample)
      }
      return
    }
    let document = parent.api == RecordAPI.llamacpp.rawValue
    let key = PromptKey(plan.parent).text + (document ? "\u{1}doc" : "")
    let prompt: [Int]
    if let known = promptIDs[key] {
      prompt = known
    } else {
      prompt = try await session.promptIDs(Array(plan.parent.messages[..<plan.message]), document: document)
      promptIDs[key] = prompt
    }
    let kept = Array(plan.tokens[..<plan.position])
    let groups = try await session.idGroups(of: kept)
    let prefix = groups.flatMap { $0 }
    // The recorded ids must mean the same text to this server: another model's vocabulary
    // would continue from other words than the transcript shows. (A leading space may be
    // dropped by a SentencePiece decoder.)
    let (spelled, expected) = try await session.spelling(of: kept, groups: groups)
    if spelled.drop(while: \.isWhitespace) != expected.drop(while: \.isWhitespace) {
      let model = plan.parent.model.map { " (recorded by \($0))" } ?? ""
      throw BranchError("the server's vocabulary does not spell this transcript's token ids\(model): \""
        + Printable.escaped(String(expected.prefix(40))) + "\" reads as \"" + Printable.escaped(String(spelled.prefix(40)))
        + "\" there; serve the model that recorded it")
    }
    var chosenID = plan.chosen.id
    if chosenID == nil { chosenID = try await session.tokenize(String(decoding: plan.chosen.bytes, as: UTF8.self), addSpecial: false).first }
    guard let chosenID else { throw BranchError("the chosen token has no id and does not tokenize") }
    let ids = prompt + prefix + [chosenID]
    for sample in 0..<overrides.samples {
      if Task.isCancelled { throw BranchError("cancelled") }
      let seed = firstSeed + sample
      let new = try await session.complete(ids, settings: settings, seed: seed, stop: settings.stop)
      let params = Self.params(settings: settings, seed: seed, server: session.client.server, parent: parent, promptTokens: ids.count)
      each(plan.transcript(new: new, params: params, sample: sample, seed: seed), new, sample)
    }
  }

  /// The branch's `params`: what was sent, and whether the settings came from the parent.
  /// `promptTokens` nil: an OpenAI-compatible server took text, and its tokens may differ.
  static func params(settings: SamplerSettings, seed: Int, server: String, parent: ParentSettings, promptTokens: Int?) -> String {
    var out = "{\"api\":\"" + (promptTokens == nil ? "openai" : "llamacpp") + "\",\"branch\":true,\"server\":"
    JSONWriter.string(RecordRequest.redacted(server), into: &out)
    out += ",\"temperature\":\(settings.temperature),\"top_k\":\(settings.topK ?? 0),\"top_p\":\(settings.topP ?? 1),\"min_p\":\(settings.minP ?? 0)"
    out += ",\"max_tokens\":\(settings.maxTokens),\"seed\":\(seed),\"top_logprobs\":\(settings.topLogprobs)"
    out += promptTokens.map { ",\"prompt_tokens\":\($0)" }
      ?? ",\"tokenization\":\"text prompt: the server tokenized the kept text itself; its tokens may differ from the recorded ids\""
    if !settings.stop.isEmpty { out += ",\"stop\":" + settings.stopJSON }
    out += ",\"settings_from\":\"" + (parent.temperature == nil ? "defaults" : "parent params") + "\""
    return out + "}"
  }
}
