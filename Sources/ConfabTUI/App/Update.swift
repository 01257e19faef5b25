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
    guard index == state.loading || state.open == nil else { return [] }
    state.loading = nil
    let transcript = analyzed.transcript
    state.open = OpenTranscript(index: index, analyzed: analyzed, width: state.transcriptWidth)
    // A lazily listed entry (an Inspect .eval sample) gets its figures once it is read.
    if state.entries.indices.contains(index), state.entries[index].isPlaceholder, let open = state.open {
      var summary = TranscriptSummary(transcript, analysis: open.analysis)
      summary.source = state.entries[index].source
      summary.title = state.entries[index].title
      state.entries[index] = summary
    }
    state.tagging.tags = []
    state.tagging.anchor = nil
    state.tagging.paneRow = 0
    state.cursor = 0
    state.scroll = 0
    state.search = nil
    state.currentEvent = nil
    if let forward = state.pendingEventJump {
      state.pendingEventJump = nil
      if let open = state.open, !open.events.isEmpty { goToEvent(&state, forward ? 0 : open.events.count - 1) }
    }
    return [.loadTags(transcript: transcript.id)]
  case .loadFailed(let index, let problem):
    if state.loading == index { state.loading = nil }
    if !state.problems.contains(problem) { state.problems.append(problem) }
    state.message = "could not open: \(problem.description)"
    return []
  case .key(let key):
    state.message = nil
    if let mode = state.mode { return modeKey(&state, mode, key) }
    guard let action = Keymap.action(for: key) else { return [] }
    return perform(&state, action)
  case .tagsLoaded, .tagWritten, .tagWriteFailed, .exported:
    return taggingEvent(&state, event)
  }
}

private func absorb(_ state: inout AppState, _ found: CorpusUpdate) -> [Effect] {
  state.entries += found.summaries
  if !found.summaries.isEmpty { reorder(&state) }
  for problem in found.problems where !state.problems.contains(problem) { state.problems.append(problem) }
  state.scanned.bytesDone = found.bytesDone
  state.scanned.bytesTotal = found.bytesTotal
  state.scanned.finished = found.finished
  if state.open == nil, state.loading == nil, !state.entries.isEmpty {
    return select(&state, min(state.selected, state.entries.count - 1))
  }
  return []
}

/// Selects list row `row` and asks for its transcript unless it is already open.
private func select(_ state: inout AppState, _ row: Int) -> [Effect] {
  guard state.order.indices.contains(row) else { return [] }
  state.selected = row
  keepListRowVisible(&state)
  let index = state.order[row]
  guard state.open?.index != index else {
    state.loading = nil  // back to the open one: a pending load must not replace it
    return []
  }
  state.loading = index
  return [.load(index: index, state.entries[index].source)]
}

/// Rebuilds the list order for the current sort, keeping the selected transcript selected.
func reorder(_ state: inout AppState) {
  let selectedEntry = state.order.indices.contains(state.selected) ? state.order[state.selected] : nil
  if let kind = state.sort.kind {
    // Stable: equal counts keep file order.
    state.order = state.entries.indices.sorted { a, b in
      let (ca, cb) = (state.entries[a].counts[kind], state.entries[b].counts[kind])
      return ca != cb ? ca > cb : a < b
    }
  } else {
    state.order = Array(state.entries.indices)
  }
  if let selectedEntry, let row = state.order.firstIndex(of: selectedEntry) { state.selected = row }
  keepListRowVisible(&state)
}

/// Keys for the mode on top of the stack; each mode's handler owns every key.
private func modeKey(_ state: inout AppState, _ mode: Mode, _ key: Key) -> [Effect] {
  switch mode {
  case .search(var editor):
    switch editor.handle(key) {
    case .editing: state.replaceMode(.search(editor))
    case .submitted:
      state.popMode()
      runSearch(&state, editor.text)
    case .cancelled, .backspaceOnEmpty: state.popMode()
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
  }
}

/// An overlay scrolls with the motion keys, toggles with its own key and closes on any other.
private func overlayAction(_ state: inout AppState, _ overlay: Overlay, scroll: Int, _ action: Action) {
  let page = max(1, state.size.height - 4)
  switch action {
  case .move(let motion):
    switch motion {
    case .lineDown, .tokenNext: state.replaceMode(.overlay(overlay, scroll: scroll + 1))
    case .lineUp, .tokenPrevious: state.replaceMode(.overlay(overlay, scroll: max(0, scroll - 1)))
    case .pageDown, .halfPageDown: state.replaceMode(.overlay(overlay, scroll: scroll + page))
    case .pageUp, .halfPageUp: state.replaceMode(.overlay(overlay, scroll: max(0, scroll - page)))
    case .start: state.replaceMode(.overlay(overlay, scroll: 0))
    case .end, .wordNext, .wordPrevious: break
    }
  case .help, .problems:
    let chosen: Overlay = action == .help ? .help : .problems
    state.popMode()
    if chosen != overlay { state.modes.append(.overlay(chosen, scroll: 0)) }
  case .redraw:
    break
  case .tag, .nextPane, .previousPane, .open, .nextTranscript, .previousTranscript, .search, .cycleHeat,
    .cycleTimeline, .cycleSort, .nextEvent, .previousEvent, .follow, .escape, .quit:
    state.popMode()
  }
}

private func perform(_ state: inout AppState, _ action: Action) -> [Effect] {
  switch action {
  case .move(let motion):
    switch state.focus {
    case .list: return listMotion(&state, motion)
    case .tags: tagsPaneMotion(&state, motion)
    case .transcript: moveCursor(&state, motion)
    }
  case .tag(let tagAction):
    return taggingAction(&state, tagAction)
  case .quit:
    state.quitting = true
    return [.quit]
  case .help, .problems:
    state.modes.append(.overlay(action == .help ? .help : .problems, scroll: 0))
  case .escape:
    if state.tagging.anchor != nil { state.tagging.anchor = nil } else { state.search = nil }
  case .redraw:
    break
  case .cycleHeat:
    state.heat = state.heat.next
    state.message = "heat: \(state.heat.rawValue)"
  case .cycleTimeline:
    state.timeline = state.timeline.next
    state.message = "timeline: \(state.timeline.rawValue)"
  case .follow:
    state.following.toggle()
    state.message = state.following ? "following: new records appear as the files grow (F stops)" : "stopped following"
    return [.setFollow(state.following)]
  case .cycleSort:
    state.sort = state.sort.next
    reorder(&state)
    state.message = "list sorted by \(state.sort.rawValue)"
  case .nextEvent, .previousEvent:
    return stepEvent(&state, forward: action == .nextEvent)
  case .nextPane, .previousPane:
    // transcript → list → tags (the tags pane takes the list's place while focused).
    let panes: [Pane] = state.screen.list.isEmpty ? [.transcript] : [.transcript, .list, .tags]
    let position = panes.firstIndex(of: state.focus) ?? 0
    state.focus = panes[(position + (action == .nextPane ? 1 : panes.count - 1)) % panes.count]
  case .open:
    if state.focus == .tags {
      openTagUnderPaneRow(&state)
      return []
    }
    state.focus = .transcript
    return select(&state, state.selected)
  case .search:
    state.modes.append(.search(LineEditor()))
  case .nextTranscript, .previousTranscript:
    let forward = action == .nextTranscript
    if state.search != nil {
      stepSearch(&state, forward: forward)
    } else {
      return select(&state, state.selected + (forward ? 1 : -1))
    }
  }
  return []
}

private func listMotion(_ state: inout AppState, _ motion: Motion) -> [Effect] {
  let page = max(1, state.screen.list.height)
  let target: Int
  switch motion {
  case .lineDown, .tokenNext, .wordNext: target = state.selected + 1
  case .lineUp, .tokenPrevious, .wordPrevious: target = state.selected - 1
  case .pageDown: target = state.selected + page
  case .pageUp: target = state.selected - page
  case .halfPageDown: target = state.selected + page / 2
  case .halfPageUp: target = state.selected - page / 2
  case .start: target = 0
  case .end: target = state.order.count - 1
  }
  return select(&state, min(max(0, target), max(0, state.order.count - 1)))
}

private func keepListRowVisible(_ state: inout AppState) {
  let rows = max(1, state.screen.list.height)
  if state.selected < state.listScroll { state.listScroll = state.selected }
  if state.selected >= state.listScroll + rows { state.listScroll = state.selected - rows + 1 }
}

// MARK: - Token cursor

private func moveCursor(_ state: inout AppState, _ motion: Motion) {
  guard let open = state.open else { return }
  let layout = open.layout
  let count = layout.tokens.count
  let viewHeight = max(1, state.screen.transcript.height)
  guard count > 0 else {
    // No per-token data: the motion keys scroll the text.
    let delta: Int
    switch motion {
    case .lineDown, .tokenNext, .wordNext: delta = 1
    case .lineUp, .tokenPrevious, .wordPrevious: delta = -1
    case .pageDown: delta = viewHeight
    case .pageUp: delta = -viewHeight
    case .halfPageDown: delta = viewHeight / 2
    case .halfPageUp: delta = -viewHeight / 2
    case .start: delta = -state.scroll
    case .end: delta = layout.lines.count
    }
    state.scroll = min(max(0, state.scroll + delta), max(0, layout.lines.count - viewHeight))
    return
  }
  let cursor = state.cursor
  switch motion {
  case .tokenNext: state.cursor = min(count - 1, cursor + 1)
  case .tokenPrevious: state.cursor = max(0, cursor - 1)
  case .wordNext: state.cursor = wordStart(open, from: cursor, forward: true)
  case .wordPrevious: state.cursor = wordStart(open, from: cursor, forward: false)
  case .lineDown: state.cursor = tokenOnLine(layout, from: cursor, lines: 1)
  case .lineUp: state.cursor = tokenOnLine(layout, from: cursor, lines: -1)
  case .pageDown: state.cursor = tokenOnLine(layout, from: cursor, lines: viewHeight)
  case .pageUp: state.cursor = tokenOnLine(layout, from: cursor, lines: -viewHeight)
  case .halfPageDown: state.cursor = tokenOnLine(layout, from: cursor, lines: viewHeight / 2)
  case .halfPageUp: state.cursor = tokenOnLine(layout, from: cursor, lines: -viewHeight / 2)
  case .start: state.cursor = 0
  case .end: state.cursor = count - 1
  }
  keepCursorVisible(&state)
}

/// A word starts at a token that begins with whitespace or follows a newline.
private func wordStart(_ open: OpenTranscript, from cursor: Int, forward: Bool) -> Int {
  let count = open.layout.tokens.count
  func startsWord(_ index: Int) -> Bool {
    guard index > 0, let token = open.token(index), let previous = open.token(index - 1) else { return true }
    if open.layout.tokens[index].message != open.layout.tokens[index - 1].message { return true }
    // Whitespace-only tokens (newlines) are not words; the token after them starts one.
    if token.bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x09 }) { return false }
    let first = token.bytes.first ?? 0x20
    let last = previous.bytes.last ?? 0x20
    return first == 0x20 || last == 0x0A || last == 0x20
  }
  var index = cursor
  repeat {
    index += forward ? 1 : -1
  } while index > 0 && index < count - 1 && !startsWord(index)
  return min(max(0, index), count - 1)
}

/// The token on the line `lines` away whose span covers the cursor's column (or the
/// nearest one), skipping lines without tokens.
private func tokenOnLine(_ layout: TranscriptLayout, from cursor: Int, lines: Int) -> Int {
  let column = layout.tokenColumn[cursor]
  var target = layout.tokenLine[cursor] + lines
  target = min(max(0, target), layout.lines.count - 1)
  let step = lines >= 0 ? 1 : -1
  while target >= 0 && target < layout.lines.count {
    let tokens = layout.lines[target].spans.filter { $0.token != nil }
    if let best = tokens.last(where: { $0.column <= column }) ?? tokens.first {
      return best.token!
    }
    target += step
  }
  return lines >= 0 ? layout.tokens.count - 1 : 0
}

func keepCursorVisible(_ state: inout AppState) {
  guard let open = state.open, open.layout.tokenLine.indices.contains(state.cursor) else { return }
  let height = max(1, state.screen.transcript.height)
  let line = open.layout.tokenLine[state.cursor]
  if line < state.scroll { state.scroll = max(0, line - 1) }
  if line >= state.scroll + height { state.scroll = line - height + 2 }
  state.scroll = min(max(0, state.scroll), max(0, open.layout.lines.count - 1))
}

private func relayout(_ state: inout AppState) {
  if var open = state.open, open.layout.width != state.transcriptWidth {
    open.relayout(width: state.transcriptWidth, tags: state.tagging.tags)
    state.open = open
  }
  keepCursorVisible(&state)
  keepListRowVisible(&state)
}

// MARK: - Search

private func runSearch(_ state: inout AppState, _ query: String) {
  guard let open = state.open, !query.isEmpty else { state.search = nil; return }
  let hits = searchHits(open, query)
  guard !hits.isEmpty else {
    state.search = nil
    state.message = "not found: \(query)"
    return
  }
  state.search = SearchState(query: query, hits: hits)
  state.cursor = hits.first { $0 >= state.cursor } ?? hits[0]
  keepCursorVisible(&state)
  reportMatch(&state)
}

/// Case-insensitive matches in each message's token bytes, as the flat index of the token
/// where each match starts (matches may span tokens).
func searchHits(_ open: OpenTranscript, _ query: String) -> [Int] {
  let needle = Array(query.lowercased().utf8)
  var hits: [Int] = []
  var flatBase = 0
  for message in open.transcript.messages {
    guard let tokens = message.tokens else { continue }
    var text: [UInt8] = []
    var owner: [Int] = []
    for (index, token) in tokens.enumerated() {
      for byte in token.bytes {
        text.append(byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte)
        owner.append(flatBase + index)
      }
    }
    if needle.count <= text.count {
      var start = 0
      while start + needle.count <= text.count {
        if text[start] == needle[0] && Array(text[start..<start + needle.count]) == needle {
          if hits.last != owner[start] { hits.append(owner[start]) }
          start += needle.count
        } else {
          start += 1
        }
      }
    }
    flatBase += tokens.count
  }
  return hits
}

private func stepSearch(_ state: inout AppState, forward: Bool) {
  guard let search = state.search else { return }
  if forward {
    state.cursor = search.hits.first { $0 > state.cursor } ?? search.hits[0]
  } else {
    state.cursor = search.hits.last { $0 < state.cursor } ?? search.hits[search.hits.count - 1]
  }
  keepCursorVisible(&state)
  reportMatch(&state)
}

private func reportMatch(_ state: inout AppState) {
  guard let search = state.search, let position = search.hits.firstIndex(of: state.cursor) else { return }
  state.message = "/\(search.query): match \(position + 1) of \(search.hits.count) (n/N, Esc clears)"
}

// MARK: - Events

/// e/E: the next or previous event after the cursor; past the last one, the first event of
/// the next transcript in the list that has any (and back for E).
private func stepEvent(_ state: inout AppState, forward: Bool) -> [Effect] {
  guard let open = state.open else { return [] }
  let here = (line: open.layout.tokenLine.indices.contains(state.cursor) ? open.layout.tokenLine[state.cursor] : state.scroll,
              token: open.layout.tokens.isEmpty ? -1 : state.cursor)
  func key(_ event: PlacedEvent) -> (Int, Int) { (event.line, event.token ?? -1) }
  let candidates = open.events.indices
  var target: Int?
  if let current = state.currentEvent, open.events.indices.contains(current),
    open.events[current].token == (open.layout.tokens.isEmpty ? nil : state.cursor)
  {
    let next = current + (forward ? 1 : -1)
    target = open.events.indices.contains(next) ? next : nil
  } else {
    // Not on an event yet: one that starts right at the cursor counts as the next.
    target = forward
      ? candidates.first { key(open.events[$0]) >= (here.line, here.token) }
      : candidates.last { key(open.events[$0]) < (here.line, here.token) }
  }
  if let target {
    goToEvent(&state, target)
    return []
  }
  // None left here: the next transcript (in list order) that has events.
  let step = forward ? 1 : -1
  var row = state.selected + step
  while state.order.indices.contains(row) {
    let counts = state.entries[state.order[row]].counts
    if EventKind.allCases.contains(where: { counts[$0] > 0 }) {
      state.pendingEventJump = forward
      return select(&state, row)
    }
    row += step
  }
  state.message = forward ? "no more events" : "no earlier events"
  return []
}

func goToEvent(_ state: inout AppState, _ index: Int) {
  guard let open = state.open, open.events.indices.contains(index) else { return }
  let placed = open.events[index]
  state.currentEvent = index
  if let token = placed.token {
    state.cursor = token
    keepCursorVisible(&state)
  } else {
    state.scroll = placed.line
  }
  state.message = "event \(index + 1)/\(open.events.count): \(placed.event.kind.label): \(placed.event.detail)"
}
