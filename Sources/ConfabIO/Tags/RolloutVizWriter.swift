import ConfabModel

/// Tags as rollout_viz annotations: one JSONL line per tagged transcript, in the shape its app
/// loads (`tokens`, `metrics`, `next_tokens`, `annotations`). Tokens are every message's that
/// has them, in order, so a tag's token range is offset by the tokens before its message.
/// Metrics are the sampled token's probability and the entropy lower bound (0 where the file
/// has no logprob: rollout_viz needs a number at every token).
public enum RolloutVizWriter {
  public static func lines(_ tags: [Tag], load: (SourceRef) -> Transcript?) -> (text: String, missing: [Tag]) {
    var order: [String] = []
    var grouped: [String: [Tag]] = [:]
    for tag in tags {
      if grouped[tag.transcript] == nil { order.append(tag.transcript) }
      grouped[tag.transcript, default: []].append(tag)
    }
    var out = ""
    var missing: [Tag] = []
    for id in order {
      let group = grouped[id] ?? []
      guard let first = group.first, let transcript = load(first.source), transcript.id == id else {
        missing += group
        continue
      }
      out += line(transcript, tags: group) + "\n"
    }
    return (out, missing)
  }

  static func line(_ transcript: Transcript, tags: [Tag]) -> String {
    var offsets: [Int: Int] = [:]
    var tokens: [Token] = []
    for (index, message) in transcript.messages.enumerated() {
      guard let list = message.tokens else { continue }
      offsets[index] = tokens.count
      tokens += list
    }
    var out = "{\"tokens\":["
    out += tokens.map { token in
      var text = ""
      JSONWriter.string(token.textKnown ? String(decoding: token.bytes, as: UTF8.self) : TokenText.idGlyph(token.id), into: &text)
      return text
    }.joined(separator: ",")
    let stats = tokens.map(TokenStats.init(token:))
    out += "],\"metrics\":{\"probability\":[" + stats.map { number($0.probability) }.joined(separator: ",")
    out += "],\"entropy_bound\":[" + stats.map { number($0.entropyLowerBound ?? 0) }.joined(separator: ",") + "]}"
    // next_tokens[i] is the distribution the model had for token i+1.
    out += ",\"next_tokens\":["
    out += tokens.indices.map { index in
      guard index + 1 < tokens.count else { return "{}" }
      return "{" + tokens[index + 1].top.map { alternative in
        var key = ""
        JSONWriter.string(alternative.textKnown ? String(decoding: alternative.bytes, as: UTF8.self) : TokenText.idGlyph(alternative.id), into: &key)
        return key + ":" + number(alternative.logprob.probability)
      }.joined(separator: ",") + "}"
    }.joined(separator: ",")
    let spans = transcript.annotationTags + tags
    out += "],\"annotations\":["
    out += spans.compactMap { tag -> String? in
      guard let offset = offsets[tag.message], tag.tokenStart < tag.tokenEnd else { return nil }
      var label = ""
      JSONWriter.string(tag.label, into: &label)
      return "{\"start\":\(offset + tag.tokenStart),\"end\":\(offset + tag.tokenEnd),\"label\":\(label)}"
    }.joined(separator: ",")
    var id = ""
    JSONWriter.string(transcript.id, into: &id)
    return out + "],\"confab_transcript\":" + id + "}"
  }

  private static func number(_ value: Double) -> String {
    var text = ""
    JSONWriter.number(value, into: &text)
    return text
  }
}
