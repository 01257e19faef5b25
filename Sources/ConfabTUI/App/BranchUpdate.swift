import ConfabModel

/// Whether a live-model request can start (`B`, `R`): a server was given and none is running.
/// Says why not in the status line.
func liveModelReady(_ state: inout AppState, _ what: String) -> Bool {
  guard state.server != nil else {
    state.message = "\(what) on a live model: start confab with --server URL (a llama.cpp server) or set CONFAB_SERVER"
    return false
  }
  if let running = state.liveJob {
    state.message = "\(running) (Esc cancels it)"
    return false
  }
  return true
}

/// `B`: opens the branch picker at the cursor, or says why a branch cannot start here.
func startBranch(_ state: inout AppState) -> [Effect] {
  guard liveModelReady(&state, "B branches") else { return [] }
  guard let open = state.reader.open, open.layout.tokens.indices.contains(state.reader.cursor) else {
    state.message = "open a transcript with tokens to branch from"
    return []
  }
  let ref = open.layout.tokens[state.reader.cursor]
  guard ref.message == open.transcript.sampledMessageIndex, let tokens = open.transcript.messages[ref.message].tokens else {
    state.message = "branches start from a token of the sampled reply: move the cursor there"
    return []
  }
  let token = tokens[ref.token]
  guard token.top.indices.contains(where: { $0 != token.chosenIndex }) else {
    state.message = "no other alternative is listed at this token: nothing to branch to"
    return []
  }
  let inReply = open.transcript.messages[..<ref.message].contains { $0.role == .assistant }
  let preferred = Pressure.strongestCorrection(token, after: ref.token > 0 ? tokens[ref.token - 1].bytes : nil, inReply: inReply)
  state.modes.append(.branchPicker(BranchPicker(
    position: ref.token, cursor: state.reader.cursor, token: token, preferred: preferred, samples: state.branchSamples)))
  return []
}

func branchPickerKey(_ state: inout AppState, _ picker: BranchPicker, _ key: Key) -> [Effect] {
  var picker = picker
  switch picker.handle(key) {
  case .editing:
    state.replaceMode(.branchPicker(picker))
    return []
  case .cancelled:
    state.popMode()
    return []
  case .branch:
    state.popMode()
    state.branchSamples = picker.samples
    guard let open = state.reader.open, let alternative = picker.alternative,
      let token = open.transcript.sampledMessageIndex.flatMap({ open.transcript.messages[$0].tokens?[picker.position] })
    else { return [] }
    let chosen = TokenText.quoted(token.top[alternative])
    state.liveOpenPosition = TokenPosition(message: nil, token: picker.position)
    state.liveJob = "branching at token \(picker.position) to \(chosen) ×\(picker.samples) on \(state.server ?? "the server")…"
    return [.branch(BranchJob(
      source: open.transcript.source, transcript: open.transcript.id, position: picker.position, alternative: alternative,
      samples: picker.samples))]
  }
}

/// Esc while a live request runs: ask the runner to stop it (a branch keeps its finished samples).
func cancelLiveJob(_ state: inout AppState) -> [Effect] {
  state.message = "cancelling: what the live model already made is kept"
  return [.cancelLiveJob]
}

/// A branch or rescoring came back: its transcripts join the list (with their prompt's
/// samples when grouped) and the first is opened where the request was made.
func liveResult(_ state: inout AppState, _ summaries: [TranscriptSummary], message: String) -> [Effect] {
  state.liveJob = nil
  defer { state.liveOpenPosition = nil }
  state.message = message
  guard !summaries.isEmpty else { return [] }
  let firstNew = state.list.entries.count
  state.list.entries.append(contentsOf: summaries)
  state.list.reorder(visibleRows: state.screen.list.height, appendedFrom: firstNew)
  guard let row = state.list.row(ofEntry: firstNew) else { return [] }
  // Opened at the fork, so the token put there is under the cursor.
  state.reader.pendingPosition = state.liveOpenPosition
  return select(&state, row)
}
