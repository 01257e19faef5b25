import ConfabModel

/// `R`: asks which frame to rescore the open transcript's reply in, or says why it cannot.
func startRescore(_ state: inout AppState) -> [Effect] {
  guard liveModelReady(&state, "R rescores") else { return [] }
  guard let open = state.reader.open, open.transcript.sampledTokens.isEmpty == false else {
    state.message = "open a transcript with a sampled reply to rescore"
    return []
  }
  state.modes.append(.rescoreFrame)
  return []
}

func rescoreFrameKey(_ state: inout AppState, _ key: Key) -> [Effect] {
  let frames: [Key: String] = [.char("c"): "chat", .enter: "chat", .char("d"): "document", .char("u"): "user"]
  if key == .escape || key == .char("q") || key == .char("R") {
    state.popMode()
    return []
  }
  guard let frame = frames[key] else { return [] }
  state.popMode()
  guard let open = state.reader.open else { return [] }
  state.liveOpenPosition = open.position(at: state.reader.cursor)
  state.liveJob = "rescoring \(open.transcript.sampledTokens.count) tokens in the \(frame) frame on \(state.server ?? "the server")…"
  return [.rescore(RescoreJob(source: open.transcript.source, transcript: open.transcript.id, frame: frame))]
}

/// After a transcript opens: ask for the other scoring of its reply when the list has one
/// (its parent when it is a rescoring, else its first rescoring), for the Δ heat.
func requestPartner(_ state: AppState) -> [Effect] {
  guard let open = state.reader.open else { return [] }
  let entries = state.list.entries
  let partner = entries.rescoreParent(at: open.index).flatMap { entries.index(ofID: $0) }
    ?? entries.rescorings(of: open.transcript.id).first
  guard let partner else { return [] }
  return [.loadPartner(for: open.transcript.id, entries.source(at: partner))]
}

/// The partner arrived: Δlogprob per token of the open reply (the rescoring minus the parent).
func partnerLoaded(_ state: inout AppState, _ id: String, _ partner: Transcript) {
  guard var open = state.reader.open, open.transcript.id == id, let message = open.transcript.sampledMessageIndex else { return }
  let mine = open.transcript.sampledTokens
  let isRescoring = open.transcript.rescoreParent != nil
  let comparison = isRescoring
    ? RescoreComparison(parent: partner.sampledTokens, rescored: mine) : RescoreComparison(parent: mine, rescored: partner.sampledTokens)
  guard let comparison else { return }
  let perToken = isRescoring ? comparison.rescoredTokenDeltas : comparison.parentTokenDeltas
  var deltas = [Double?](repeating: nil, count: open.layout.tokens.count)
  for (flat, ref) in open.layout.tokens.enumerated() where ref.message == message && perToken.indices.contains(ref.token) {
    deltas[flat] = perToken[ref.token]
  }
  open.deltas = deltas
  open.deltaPartner = (isRescoring ? "its parent" : partner.title) + ", mean Δ " + (comparison.meanDelta.map { Format.fixed($0, 3) } ?? "?")
  state.reader.open = open
}
