#if canImport(Glibc)
  import Glibc
#else
  import Darwin
#endif
import ConfabModel

/// rollout_viz JSONL (diatkinson/rollout_viz): `{tokens: [str], metrics: {name: [float]},
/// next_tokens?: [{token: p}], annotations?: [{start, end, label}]}`. `next_tokens[i]` is the
/// distribution over the token *after* token i (its notebook builds it from the bigram after
/// `tokens[i]`), so it is token i+1's alternatives; the first token has none. Values are
/// probabilities, or logits (the README allows both): logits are log-softmaxed over the listed
/// tokens, which makes each probability an upper bound. Annotations become read-only spans;
/// the per-token metrics are not kept (confab computes its own).
public struct RolloutVizImporter: RecordImporter {
  public init() {}
  public var format: Format { .rolloutViz }
  public var summary: String { "rollout_viz JSONL (tokens, next_tokens, annotations as read-only spans)" }

  public func claim(_ root: JSONValue) -> Claim {
    guard root.kind == .object, let tokens = root.present("tokens"), tokens.kind == .array,
      tokens.elements.first.map({ $0.kind == .string }) ?? true
    else { return .none }
    return .strong(if: root.present("metrics")?.kind == .object || root.present("next_tokens")?.kind == .array)
  }

  public func transcripts(from root: JSONValue, source: SourceRef) throws(RecordError) -> [Transcript] {
    guard let list = root.present("tokens") else { throw RecordError("missing tokens") }
    let next = root.present("next_tokens")?.elements ?? []
    let distributions = try next.enumerated().map { (index: Int, value: JSONValue) throws(RecordError) -> [Alternative] in
      try Self.distribution(value, field: "next_tokens[\(index)]")
    }
    var tokens: [Token] = []
    tokens.reserveCapacity(list.elements.count)
    for (index, entry) in list.elements.enumerated() {
      guard let bytes = entry.stringBytes else {
        throw RecordError("a token must be a string, found \(entry.kind)", field: "tokens[\(index)]")
      }
      var token = Token(bytes: Array(bytes), logprob: .unknown)
      if index > 0, index - 1 < distributions.count {
        token.top = AlternativeList(distributions[index - 1])
        token.chosenIndex = token.top.firstIndex { $0.bytes == token.bytes }
        if let chosen = token.chosenIndex { token.logprob = token.top[chosen].logprob }
      }
      tokens.append(token)
    }
    var annotations: [SpanAnnotation] = []
    for (index, item) in (root.present("annotations")?.elements ?? []).enumerated() {
      guard let start = item.present("start")?.int, let end = item.present("end")?.int, start >= 0, start < end, end <= tokens.count else {
        throw RecordError("an annotation needs whole start < end within the \(tokens.count) tokens", field: "annotations[\(index)]")
      }
      annotations.append(SpanAnnotation(message: 0, tokenStart: start, tokenEnd: end, label: item.present("label")?.string ?? ""))
    }
    let messages = [Message(role: .assistant, text: TokenText.text(of: tokens), tokens: tokens)]
    var transcript = Transcript(id: MessageContent.fingerprint(messages), source: source, promptID: root.present("prompt_id")?.string,
                                messages: messages)
    transcript.annotations = annotations
    return [transcript]
  }

  /// A `{token: value}` map, ranked. Probabilities when every value is one, else logits.
  static func distribution(_ map: JSONValue, field: @autoclosure () -> String) throws(RecordError) -> [Alternative] {
    if map.isNull { return [] }
    guard map.kind == .object else { throw RecordError("expected a {token: probability} map, found \(map.kind)", field: field()) }
    var entries: [([UInt8], Double)] = []
    var failure = false
    map.forEachMember { key, value in
      guard value.kind == .number, let number = value.double, number.isFinite else { failure = true; return false }
      entries.append((Array(key), number))
      return true
    }
    if failure { throw RecordError("a next-token value must be a finite number", field: field()) }
    let probabilities = entries.allSatisfy { $0.1 >= 0 && $0.1 <= 1 } && entries.reduce(0) { $0 + $1.1 } <= 1 + 1e-6
    var top: [Alternative]
    if probabilities {
      top = entries.map { Alternative(bytes: $0.0, logprob: Logprob(probability: $0.1)) }
    } else {
      let peak = entries.map(\.1).max() ?? 0
      let total = log(entries.reduce(0) { $0 + exp($1.1 - peak) }) + peak
      top = entries.map { Alternative(bytes: $0.0, logprob: Logprob(raw: $0.1 - total)) }
    }
    top.sort { ($0.logprob.value ?? -.infinity) > ($1.logprob.value ?? -.infinity) }
    return top
  }
}
