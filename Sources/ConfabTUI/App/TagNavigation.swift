import ConfabModel

// Tags across transcripts: `]`/`[` into the next tagged transcript, undo and redo where their
// tag is, and the tags pane's list of every tag.

/// `]`/`[`: the next or previous tag here; past the last (or first), the first (or last) tag
/// of the next (or previous) tagged transcript in list order.
func stepTag(_ state: inout AppState, forward: Bool) -> [Effect] {
  guard let open = state.reader.open else { return [] }
  let starts = sortedTags(state).map { flatRange(open, $0).lowerBound }
  if let target = forward ? starts.first(where: { $0 > state.reader.cursor }) : starts.last(where: { $0 < state.reader.cursor }) {
    state.reader.cursor = target
    keepCursorVisible(&state)
    return []
  }
  let entries = state.list.entries
  let tagged = state.tagging.tagged
  if let row = state.list.transcriptRow(after: state.list.selected, forward: forward, where: { entry in
    entry != open.index && (tagged[entries.id(at: entry)] ?? 0) > 0
  }) {
    state.tagging.pendingTagJump = forward ? .first : .last
    state.message = "\(forward ? "next" : "previous") tag: in \(entries.title(at: state.list.entry(atRow: row)))"
    return select(&state, row)
  }
  // None elsewhere: wrap within this transcript, as before.
  if let target = forward ? starts.first : starts.last, target != state.reader.cursor {
    state.reader.cursor = target
    keepCursorVisible(&state)
    state.message = forward ? "no tags after this transcript: back to its first" : "no tags before this transcript: back to its last"
  } else {
    state.message = starts.isEmpty ? "no tags in this transcript or after it in the list" : "no other tags"
  }
  return []
}

/// Undo and redo act where the tag is: a tag in another transcript opens it first, and the
/// status line says where.
func writeWhereItActs(_ state: inout AppState, _ change: TagWrite, _ origin: TagWriteOrigin) -> [Effect] {
  let transcript = change.tag.transcript
  guard let open = state.reader.open, open.transcript.id != transcript else { return writeTag(&state, change, origin) }
  guard let entry = state.list.entries.indices.first(where: { state.list.entries.id(at: $0) == transcript }),
    let row = state.list.row(ofEntry: entry)
  else {
    state.message = "\(origin == .undo ? "undo" : "redo"): in transcript \(transcript), which is not in this list"
    return writeTag(&state, change, origin)
  }
  state.tagging.pendingTagJump = .write(change, origin)
  return select(&state, row)
}

/// `a`: the tags pane lists every tag in the store, or only this transcript's again.
func toggleAllTags(_ state: inout AppState) -> [Effect] {
  guard state.focus == .tags else {
    state.message = "a lists every tag in the tags pane (Tab to it)"
    return []
  }
  state.tagging.paneShowsAll.toggle()
  state.tagging.paneRow = 0
  state.message = state.tagging.paneShowsAll ? "tags pane: every tag in the store (a: this transcript's)" : "tags pane: this transcript's tags"
  return state.tagging.paneShowsAll ? [.loadAllTags] : []
}

