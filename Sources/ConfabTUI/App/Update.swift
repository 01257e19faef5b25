import ConfabModel


/// Applies one event to the state and returns the I/O the run loop must do. Pure.
public func update(_ state: inout AppState, _ event: Event) -> [Effect] {
  switch event {
  case .resize(let size):
    state.size = size
    relayout(&state)
    return []
  case .terminate:
    state.quitting = true
    return [.quit]
  case .corpus(let found):
    return absorb(&state, found)
  case .loaded(let index, let analyzed):
    guard index == state.reader.loading || state.reader.open == nil else { return [] }
    state.reader.loading = nil
    let transcript = analyzed.transcript
    state.reader.open = OpenTranscript(index: index, analyzed: analyzed, width: state.transcriptWidth, filter: state.reader.eventFilter)
    // A lazily listed entry (an Inspect .eval sample) gets its figures once it is read.
    if state.list.entries.indices.contains(index), state.list.entries.isPlaceholder(at: index), let open = state.reader.open {
      var summary = TranscriptSummary(transcript, analysis: open.analysis)
      summary.answer = transcript.defaultAnswer
      let listed = state.list.entries[index]
      summary.source = listed.source
      summary.title = listed.title
      state.list.entries[index] = summary
    }
    state.tagging.tags = []
    state.tagging.anchor = nil
    state.tagging.paneRow = 0
    state.reader.cursor = 0
    state.reader.scroll = 0
    state.reader.search = nil
    state.reader.currentEvent = nil
    if let position = state.reader.pendingPosition, let open = state.reader.open {
      state.reader.pendingPosition = nil
      state.reader.cursor = open.flatIndex(of: position) ?? 0
      state.reader.keepCursorVisible(viewHeight: state.screen.transcript.height)
    }
    if state.reader.pendingSearch != nil { return arriveSearching(&state) + [.loadTags(transcript: transcript.id)] + requestPartner(state) }
    if let resumed = state.reader.resumeSearch {
      // Back at the start of a fruitless & search: its own matches stay steppable.
      state.reader.resumeSearch = nil
      let message = state.message
      _ = state.reader.runSearch(resumed.query, viewHeight: state.screen.transcript.height)
      state.reader.search?.across = true
      state.message = message
    }
    if let forward = state.reader.pendingEventJump {
      state.reader.pendingEventJump = nil
      if let open = state.reader.open, !open.events.isEmpty {
        goToEvent(&state, forward ? 0 : open.events.count - 1)
      } else {
        return stepEvent(&state, forward: forward) + [.loadTags(transcript: transcript.id)] + requestPartner(state)
      }
    }
    return [.loadTags(transcript: transcript.id)] + requestPartner(state)
  case .loadFailed(let index, let problem):
    if state.reader.loading == index { state.reader.loading = nil }
    state.problems.append(problem)
    state.message = "could not open: \(problem.description)"
    return []
  case .key(let key):
    state.message = nil
    // ^Z suspends from every mode, a line editor's included, as it does in a cooked terminal.
    if Keymap.action(for: key) == .suspend { return [.suspend] }
    if let mode = state.mode { return modeKey(&state, mode, key) }
    guard let action = Keymap.action(for: key) else { return [] }
    return perform(&state, action)
  case .groupLoaded(.success(let group)):
    state.modes.append(.compare(CompareState(group)))
    return []
  case .groupLoaded(.failure(let problem)):
    state.problems.append(problem)
    state.message = "could not compare: \(problem.description)"
    return []
  case .taggingOpened, .tagsLoaded, .tagWritten, .tagWriteFailed, .exported, .allTagsLoaded:
    return taggingEvent(&state, event)
  case .liveResult(let summaries, let message):
    return liveResult(&state, summaries, message: message)
  case .corpusThresholds(let highEntropy, let unlikely):
    state.reader.corpusCutoffs = .relative(highEntropy: highEntropy, unlikely: unlikely)
    let entropy = state.reader.userHighEntropy ? "as given" : highEntropy.map { Format.fixed($0, 2) + " nats" } ?? "fixed"
    // The bottom 2% of a corpus's probabilities is far below 0.001: five places show it.
    let probability = state.reader.userUnlikely ? "as given" : unlikely.map { $0 < 0.001 ? Format.fixed($0, 5) : Format.probability($0) } ?? "fixed"
    state.message = "high-entropy and unlikely tokens relative to this corpus (its top and bottom 2%): H≥ \(entropy), p < \(probability)"
    var effects: [Effect] = [.useThresholds(highEntropy: highEntropy, unlikely: unlikely)]
    // The open transcript's events, found again with them.
    if let open = state.reader.open {
      state.reader.loading = open.index
      state.reader.pendingPosition = open.position(at: state.reader.cursor)
      effects.append(.load(index: open.index, state.list.entries.source(at: open.index)))
    }
    return effects
  case .liveProgress(let text):
    if state.liveJob != nil { state.liveJob = text }
    return []
  case .partnerLoaded(let id, let partner):
    partnerLoaded(&state, id, partner)
    return []
  }
}

private func absorb(_ state: inout AppState, _ found: CorpusUpdate) -> [Effect] {
  let firstNew = state.list.entries.count
  state.list.entries.append(contentsOf: found.summaries)
  for summary in found.summaries {
    state.list.corpusMaxEntropy = max(state.list.corpusMaxEntropy, summary.figures.maxEntropyBound ?? 0)
  }
  if !found.summaries.isEmpty { state.list.reorder(visibleRows: state.screen.list.height, appendedFrom: firstNew) }
  state.problems.append(contentsOf: found.problems)
  state.list.scanned.bytesDone = found.bytesDone
  state.list.scanned.bytesTotal = found.bytesTotal
  state.list.scanned.finished = found.finished
  // Following at the end: the newest record becomes the one shown.
  if state.following && state.atNewest && !found.summaries.isEmpty { return select(&state, state.list.rowCount - 1) }
  if state.reader.open == nil, state.reader.loading == nil, !state.list.entries.isEmpty {
    return select(&state, min(state.list.selected, state.list.entries.count - 1))
  }
  // A rescoring of the open transcript listed after it opened: read it for the Δ heat.
  if let open = state.reader.open, open.deltas == nil, found.summaries.contains(where: { $0.rescoreParent == open.transcript.id }) {
    return requestPartner(state)
  }
  return []
}

/// Selects list row `row` and asks for its transcript unless it is already open.
func select(_ state: inout AppState, _ row: Int) -> [Effect] {
  guard (0..<state.list.rowCount).contains(row) else { return [] }
  state.list.selected = row
  state.list.keepSelectionVisible(visibleRows: state.screen.list.height)
  let index = state.list.entry(atRow: row)
  guard state.reader.open?.index != index else {
    state.reader.loading = nil  // back to the open one: a pending load must not replace it
    state.reader.pendingPosition = nil
    return []
  }
  state.reader.loading = index
  return [.load(index: index, state.list.entries.source(at: index))]
}

/// Rebuilds the list order for the current sort, keeping the selected transcript selected.
func reorder(_ state: inout AppState) {
  state.list.reorder(visibleRows: state.screen.list.height)
}

/// Keys for the mode on top of the stack; each mode's handler owns every key.
private func modeKey(_ state: inout AppState, _ mode: Mode, _ key: Key) -> [Effect] {
  switch mode {
  case .search(var editor):
    switch editor.handle(key) {
    case .editing: state.replaceMode(.search(editor))
    case .submitted:
      state.popMode()
      if state.reader.searchingAcross {
        state.reader.searchingAcross = false
        return startSearchAcross(&state, editor.text)
      }
      if state.focus == .list {
        state.list.titleQuery = editor.text.isEmpty ? nil : editor.text
        return stepTitleSearch(&state, forward: true, includingSelected: true)
      }
      state.message = state.reader.runSearch(editor.text, viewHeight: state.screen.transcript.height)
    case .cancelled, .backspaceOnEmpty:
      state.popMode()
      state.reader.searchingAcross = false
    case .unhandled: break
    }
    return []
  case .picker(let picker):
    return pickerKey(&state, picker, key)
  case .exportScope:
    return exportScopeKey(&state, key)
  case .exportPath(let scope, let editor):
    return exportPathKey(&state, scope, editor, key)
  case .overlay(let overlay, let scroll):
    guard let action = Keymap.action(for: key) else { return [] }
    overlayAction(&state, overlay, scroll: scroll, action)
    return []
  case .compare(var compare):
    return compareKey(&state, &compare, key)
  case .eventFilter(var menu):
    switch menu.handle(key) {
    case .editing: state.replaceMode(.eventFilter(menu))
    case .cancelled: state.popMode()
    case .applied:
      state.popMode()
      applyEventFilter(&state, menu.filter)
      // Statistical kinds let through for the first time: find the corpus's own cut-offs.
      if state.reader.corpusCutoffs == .fixed, menu.filter.kinds.contains(.highEntropy) || menu.filter.kinds.contains(.unlikelyToken) {
        state.reader.corpusCutoffs = .reading
        state.message = (state.message ?? "") + "; reading the corpus for its top 2% entropy and bottom 2% probability…"
        return [.findCorpusThresholds]
      }
    }
    return []
  case .branchPicker(let picker):
    return branchPickerKey(&state, picker, key)
  case .rescoreFrame:
    return rescoreFrameKey(&state, key)
  }
}

/// e/E stop at these events from now on, in every transcript opened.
private func applyEventFilter(_ state: inout AppState, _ filter: EventFilter) {
  state.reader.eventFilter = filter
  state.reader.open?.refilter(filter)
  state.reader.currentEvent = nil
  let count = state.reader.open?.events.count ?? 0
  state.message = "events: \(EventFilterMenu.kinds.filter(filter.kinds.contains).map(\.label).joined(separator: ", ")); score ≥ "
    + Format.fixed(filter.minimumScore, 1) + " (\(count) here)"
}

/// An overlay scrolls with the motion keys, toggles with its own key, and closes only on q or
/// Esc: a stray key must not close it (and the next q then quit the explorer).
private func overlayAction(_ state: inout AppState, _ overlay: Overlay, scroll: Int, _ action: Action) {
  let page = max(1, state.size.height - 4)
  switch action {
  case .move(let motion):
    switch motion {
    case .lineDown: state.replaceMode(.overlay(overlay, scroll: scroll + 1))
    case .lineUp: state.replaceMode(.overlay(overlay, scroll: max(0, scroll - 1)))
    case .pageDown: state.replaceMode(.overlay(overlay, scroll: scroll + page))
    case .pageUp: state.replaceMode(.overlay(overlay, scroll: max(0, scroll - page)))
    case .halfPageDown: state.replaceMode(.overlay(overlay, scroll: scroll + page / 2))
    case .halfPageUp: state.replaceMode(.overlay(overlay, scroll: max(0, scroll - page / 2)))
    case .start: state.replaceMode(.overlay(overlay, scroll: 0))
    case .end: state.replaceMode(.overlay(overlay, scroll: Int.max / 2))  // the widget clamps
    case .tokenNext, .tokenPrevious, .wordNext, .wordPrevious:
      break
    }
  case .help, .problems:
    let chosen: Overlay = action == .help ? .help : .problems
    state.popMode()
    if chosen != overlay { state.modes.append(.overlay(chosen, scroll: 0)) }
  case .redraw:
    break
  case .suspend:
    break  // taken before any mode sees the key
  case .escape, .quit:
    state.popMode()
  case .compare, .eventFilter, .tag, .nextPane, .previousPane, .open, .nextTranscript, .previousTranscript, .search, .cycleHeat,
    .searchAll, .cycleTimeline, .timelineScale, .toggleLegend, .cycleSort, .groupByPrompt, .nextEvent, .previousEvent, .follow, .branch, .rescore:
    state.message = "q or Esc closes the \(overlay == .help ? "help" : "problems list")"
  }
}

private func perform(_ state: inout AppState, _ action: Action) -> [Effect] {
  switch action {
  case .move(let motion):
    switch state.focus {
    case .list: return listMotion(&state, motion)
    case .tags: tagsPaneMotion(&state, motion)
    case .transcript: state.reader.move(motion, viewHeight: state.screen.transcript.height)
    }
  case .tag(let tagAction):
    return taggingAction(&state, tagAction)
  case .quit:
    state.quitting = true
    return [.quit]
  case .help, .problems:
    state.modes.append(.overlay(action == .help ? .help : .problems, scroll: 0))
  case .escape:
    if state.liveJob != nil {
      return cancelLiveJob(&state)
    } else if state.tagging.anchor != nil {
      state.tagging.anchor = nil
    } else if state.focus == .list && state.list.titleQuery != nil {
      state.list.titleQuery = nil
    } else {
      state.reader.search = nil
    }
  case .redraw:
    break
  case .suspend:
    return [.suspend]
  case .compare:
    return startCompare(&state)
  case .branch:
    return startBranch(&state)
  case .rescore:
    return startRescore(&state)
  case .eventFilter:
    state.modes.append(.eventFilter(EventFilterMenu(state.reader.eventFilter)))
  case .cycleHeat:
    state.reader.heat = state.reader.heat.next
    state.message = "heat: \(state.reader.heat.rawValue)"
    if state.reader.heat == .delta {
      state.message = state.reader.open?.deltaPartner.map { "heat: Δlogprob against \($0): green surer there, red less sure" }
        ?? "heat: Δlogprob: no rescoring of this transcript is listed (R makes one with --server)"
    }
  case .cycleTimeline:
    state.reader.timeline = state.reader.timeline.next
    state.message = "timeline: \(state.reader.timeline.rawValue)"
  case .toggleLegend:
    state.reader.showLegend.toggle()
    relayout(&state)
  case .timelineScale:
    state.reader.timelineScale = state.reader.timelineScale == .corpus ? .transcript : .corpus
    state.message = state.reader.timelineScale == .corpus
      ? "timeline scale: the corpus (one scale for every transcript)" : "timeline scale: this transcript's own maximum"
  case .follow:
    state.following.toggle()
    state.atNewest = state.following
    state.message = state.following ? "following: the newest record is shown as the files grow (F stops)" : "stopped following"
    let newest = state.following ? select(&state, state.list.rowCount - 1) : []
    return [.setFollow(state.following)] + newest
  case .cycleSort:
    state.list.sort = state.list.sort.next
    reorder(&state)
    state.message = "list sorted by \(state.list.sort.rawValue)"
      + (state.list.sort == .gap ? ": decisiveness - answer agreement of each prompt, widest first" : "")
  case .groupByPrompt:
    state.list.setGrouped(!state.list.grouped, visibleRows: state.screen.list.height)
    state.message = state.list.grouped
      ? "grouped by prompt: samples, answer agreement (default heuristic), ⚠ when sure yet inconsistent; P ungroups"
      : "one row per transcript"
  case .nextEvent, .previousEvent:
    return stepEvent(&state, forward: action == .nextEvent)
  case .nextPane, .previousPane:
    // transcript → list → tags (the tags pane takes the list's place while focused).
    let panes: [Pane] = state.screen.list.isEmpty ? [.transcript] : [.transcript, .list, .tags]
    let position = panes.firstIndex(of: state.focus) ?? 0
    state.focus = panes[(position + (action == .nextPane ? 1 : panes.count - 1)) % panes.count]
  case .open:
    if state.focus == .tags { return openTagUnderPaneRow(&state) }
    state.focus = .transcript
    return select(&state, state.list.selected)
  case .search:
    state.modes.append(.search(LineEditor()))
  case .searchAll:
    state.reader.searchingAcross = true
    state.modes.append(.search(LineEditor()))
  case .nextTranscript, .previousTranscript:
    let forward = action == .nextTranscript
    if state.focus == .list, state.list.titleQuery != nil {
      return stepTitleSearch(&state, forward: forward, includingSelected: false)
    }
    if let search = state.reader.search, search.across, state.reader.searchEnds(forward: forward) {
      return continueSearchAcross(&state, PendingSearch(query: search.query, forward: forward, startRow: state.list.selected))
    }
    if state.reader.search != nil {
      state.message = state.reader.stepSearch(forward: forward, viewHeight: state.screen.transcript.height)
    } else {
      // The next sample opens at the same token position, so a position compares across samples.
      state.reader.pendingPosition = state.reader.open?.position(at: state.reader.cursor)
      let row = state.list.selected + (forward ? 1 : -1)
      if (0..<state.list.rowCount).contains(row) { state.atNewest = state.following && row == state.list.rowCount - 1 }
      return select(&state, row)
    }
  }
  return []
}

private func listMotion(_ state: inout AppState, _ motion: Motion) -> [Effect] {
  let row = state.list.row(after: motion, visibleRows: state.screen.list.height)
  // Moving away from the newest record stops the follow mode's jumps; moving back resumes them.
  state.atNewest = state.following && row == state.list.rowCount - 1
  return select(&state, row)
}

func keepCursorVisible(_ state: inout AppState) {
  state.reader.keepCursorVisible(viewHeight: state.screen.transcript.height)
}

private func relayout(_ state: inout AppState) {
  if var open = state.reader.open, open.layout.width != state.transcriptWidth {
    open.relayout(width: state.transcriptWidth, tags: state.tagging.tags)
    state.reader.open = open
  }
  keepCursorVisible(&state)
  state.list.keepSelectionVisible(visibleRows: state.screen.list.height)
}

// MARK: - Events

/// e/E: the next or previous event after the cursor; past the last one, the first event of
/// the next transcript in the list that has any (and back for E).
private func stepEvent(_ state: inout AppState, forward: Bool) -> [Effect] {
  guard state.reader.open != nil else { return [] }
  if let target = state.reader.eventTarget(forward: forward) {
    goToEvent(&state, target)
    return []
  }
  // None left here: the next transcript (in list order) that has events.
  let entries = state.list.entries
  let kinds = state.reader.eventFilter.kinds
  if let row = state.list.transcriptRow(after: state.list.selected, forward: forward, where: { entry in
    // Counts carry no scores: a transcript may hold only events below the floor, and then
    // the jump goes on from it when it opens (see .loaded).
    let counts = entries.counts(at: entry)
    return kinds.contains { counts[$0] > 0 }
  }) {
    state.reader.pendingEventJump = forward
    return select(&state, row)
  }
  state.message = forward ? "no more events" : "no earlier events"
  return []
}

func goToEvent(_ state: inout AppState, _ index: Int) {
  if let message = state.reader.goToEvent(index, viewHeight: state.screen.transcript.height) { state.message = message }
}

/// `c`: the open transcript's prompt, every sample of it, read for the compare view.
private func startCompare(_ state: inout AppState) -> [Effect] {
  guard let open = state.reader.open, state.list.entries.indices.contains(open.index) else {
    state.message = "open a transcript first: c compares the samples of its prompt"
    return []
  }
  let entries = state.list.entries.samples(of: open.index)
  guard entries.count > 1 else {
    state.message = "only one sample of this prompt: nothing to compare"
    return []
  }
  state.message = "reading \(entries.count) samples…"
  return [.loadGroup(entries: entries, entries.map { state.list.entries.source(at: $0) }, title: state.list.entries[open.index].title)]
}

/// Keys in the compare view: the tree's own motions; Enter opens the sample under the cursor.
private func compareKey(_ state: inout AppState, _ compare: inout CompareState, _ key: Key) -> [Effect] {
  let visible = CompareWidget.treeHeight(state.size.height - 1)
  switch key {
  case .char("j"), .down: compare.move(by: 1, visibleRows: visible)
  case .char("k"), .up: compare.move(by: -1, visibleRows: visible)
  case .pageDown, .char(" "), .ctrl("f"): compare.move(by: visible, visibleRows: visible)
  case .pageUp, .ctrl("b"): compare.move(by: -visible, visibleRows: visible)
  case .char("g"), .home: compare.move(by: -compare.rows.count, visibleRows: visible)
  case .char("G"), .end: compare.move(by: compare.rows.count, visibleRows: visible)
  case .char("f"), .char("F"):
    if compare.jumpToFork(forward: key == .char("f")) {
      compare.move(by: 0, visibleRows: visible)
    } else {
      state.message = key == .char("f") ? "no fork after this row" : "no fork before this row"
    }
  case .enter:
    guard let entry = compare.currentEntry, let row = state.list.row(ofEntry: entry) else {
      state.message = "that sample is no longer in the list"
      return []
    }
    state.popMode()
    state.reader.pendingPosition = compare.currentFork.map { TokenPosition(message: nil, token: $0.tokenIndex) }
    return select(&state, row)
  case .escape, .char("q"), .char("c"):
    state.popMode()
    return []
  default:
    return []
  }
  state.replaceMode(.compare(compare))
  return []
}
