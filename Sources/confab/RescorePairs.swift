import ConfabIO
import ConfabModel

/// Rescorings paired with their parents for `scan` and `prompts`: a second pass over the
/// files, taken only when the first found a rescoring, holds just the sampled replies of the
/// transcripts involved and compares each pair span by span (`RescoreComparison`).
struct RescorePair {
  var transcript: String
  var parent: String
  var frame: String?
  var model: String?
  /// Nil when the parent is not among the files, or its reply is not the same text.
  var comparison: RescoreComparison?
  var parentFound: Bool

  /// Pairs in the order the rescorings were listed.
  static func compare(_ wanted: [(id: String, parent: String)], in files: [String]) -> [RescorePair] {
    guard !wanted.isEmpty else { return [] }
    let needed = Set(wanted.flatMap { [$0.id, $0.parent] })
    var replies: [String: [Token]] = [:]
    var rescores: [String: (frame: String?, model: String?)] = [:]
    let parser = JSONParser()
    TranscriptFiles.each(in: files) { transcript in
      guard needed.contains(transcript.id), replies[transcript.id] == nil else { return }
      replies[transcript.id] = transcript.sampledTokens
      if let info = transcript.rescore {
        rescores[transcript.id] = (try? parser.parse(Array(info.utf8)) { root in
          (root.present("frame")?.string, root.present("model")?.string)
        }) ?? (nil, nil)
      }
    } problem: { _ in }  // the first pass reported them
    return wanted.map { pair in
      let info = rescores[pair.id]
      let comparison = replies[pair.parent].flatMap { parent in
        replies[pair.id].flatMap { RescoreComparison(parent: parent, rescored: $0) }
      }
      return RescorePair(transcript: pair.id, parent: pair.parent, frame: info?.frame ?? nil, model: info?.model ?? nil,
                         comparison: comparison, parentFound: replies[pair.parent] != nil)
    }
  }

  /// The pair as scan's and prompts' JSON write it.
  var json: PrettyJSON.Value {
    let spans = comparison?.largest(3).map { span -> PrettyJSON.Value in
      .object([
        ("text", .string(span.text)), ("byte_start", .int(span.bytes.lowerBound)),
        ("parent_logprob", span.parentLogprob.map { .number($0) }), ("rescore_logprob", span.rescoredLogprob.map { .number($0) }),
        ("delta", span.delta.map { .number($0) }),
      ])
    } ?? []
    return .object([
      ("transcript", .string(transcript)), ("parent", .string(parent)), ("frame", frame.map { .string($0) }),
      ("model", model.map { .string($0) }), ("parent_found", .bool(parentFound)),
      ("same_tokens", comparison.map { .bool($0.sameTokens) }),
      ("spans", comparison.map { .int($0.spans.count) }),
      ("mean_delta_logprob", comparison?.meanDelta.map { .number($0) }),
      ("largest", .array(spans)),
    ])
  }

  /// One line for the table's footer.
  var line: String {
    let what = "rescore \(transcript.prefix(8)) of \(parent.prefix(8)) (\(frame ?? "?")\(model.map { " " + Transcript.displayModel($0) } ?? ""))"
    guard let comparison else {
      return what + (parentFound ? ": not the same text as its parent" : ": its parent is not among these files")
    }
    var text = what + ": mean Δlogprob " + ScanReport.number(comparison.meanDelta, 3) + " per token over \(comparison.spans.count) spans"
    if let top = comparison.largest(1).first, let delta = top.delta {
      text += "; largest at \(TokenText.quoted(Array(top.text.utf8))) (byte \(top.bytes.lowerBound)) " + NumberText.fixed(delta, 2)
    }
    return text
  }
}
