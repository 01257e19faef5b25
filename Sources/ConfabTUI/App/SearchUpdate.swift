import ConfabModel

// Searches that move between list rows: `&` across transcripts, `/` over the list's titles.
// The in-transcript search is the reader slice's own (ReaderUpdate.swift).

/// `&`: the query's matches here, or the next transcript down the list that has one.
func startSearchAcross(_ state: inout AppState, _ query: String) -> [Effect] {
  guard !query.isEmpty else { return [] }
  state.reader.pendingSearch = nil
  _ = state.reader.runSearch(query, viewHeight: state.screen.transcript.height)
  if state.reader.search != nil {
    state.reader.search?.across = true
    state.message = state.reader.matchReport
    return []
  }
  return continueSearchAcross(&state, PendingSearch(query: query, forward: true, startRow: state.list.selected))
}

/// Opens the next (previous) transcript in list order for an `&` search; its load decides
/// whether to stop there or go on.
func continueSearchAcross(_ state: inout AppState, _ pending: PendingSearch) -> [Effect] {
  guard let row = state.list.transcriptRow(after: state.list.selected, forward: pending.forward) else {
    state.reader.pendingSearch = nil
    let message = "&\(pending.query): no \(pending.forward ? "more" : "earlier") matches"
      + (pending.passed > 0 ? " (\(pending.passed) more transcripts searched)" : "")
    // Back where the search started, which keeps its own matches (if any) for n/N.
    let back = pending.passed > 0 ? select(&state, pending.startRow) : []
    if !back.isEmpty {
      state.reader.pendingPosition = nil
      state.reader.resumeSearch = SearchState(query: pending.query, hits: [], across: true)
    }
    state.message = message
    return back
  }
  state.reader.pendingSearch = pending
  state.message = "&\(pending.query): searching \(state.list.entries.title(at: state.list.entry(atRow: row)))…"
  return select(&state, row)
}

/// A transcript opened by an `&` search: stop at its match, or go on.
func arriveSearching(_ state: inout AppState) -> [Effect] {
  guard var pending = state.reader.pendingSearch else { return [] }
  state.reader.pendingSearch = nil
  if let report = state.reader.arriveSearching(pending, viewHeight: state.screen.transcript.height) {
    state.message = report
    return []
  }
  pending.passed += 1
  return continueSearchAcross(&state, pending)
}

/// `/` in the list: the next row whose title matches, n/N the next and previous.
func stepTitleSearch(_ state: inout AppState, forward: Bool, includingSelected: Bool) -> [Effect] {
  guard let query = state.list.titleQuery else { return [] }
  guard let found = state.list.findTitle(query, forward: forward, includingSelected: includingSelected) else {
    state.list.titleQuery = nil
    state.message = "no title matches: \(query)"
    return []
  }
  state.message = "/\(query): row \(found.place) of \(found.count) matching (n/N, Esc clears)"
  state.atNewest = state.following && found.row == state.list.rowCount - 1
  return select(&state, found.row)
}

