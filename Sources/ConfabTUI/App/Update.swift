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
    state.reader.open = OpenTranscript(index: index, analyzed: analyzed, width: state.transcriptWidth)
    // A lazily listed entry (an Inspect .eval sample) gets its figures once it is read.
    if state.list.entries.indices.contains(index), state.list.entries[index].isPlaceholder, let open = state.reader.open {
      var summary = TranscriptSummary(transcript, analysis: open.analysis)
      summary.source = state.list.entries[index].source
      summary.title = state.list.entries[index].title
      state.list.entries[index] = summary
    }
    state.tagging.tags = []
    state.tagging.anchor = nil
    state.tagging.paneRow = 0
    state.reader.cursor = 0
    state.reader.scroll = 0
    state.reader.search = nil
    state.reader.currentEvent = nil
    if let forward = state.reader.pendingEventJump {
      state.reader.pendingEventJump = nil
      if let open = state.reader.open, !open.events.isEmpty { goToEvent(&state, forward ? 0 : open.events.count - 1) }
    }
    return [.loadTags(transcript: transcript.id)]
  case .loadFailed(let index, let problem):
    if state.reader.loading == index { state.reader.loading = nil }
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
  state.list.entries += found.summaries
  if !found.summaries.isEmpty { reorder(&state) }
  for problem in found.problems where !state.problems.contains(problem) { state.problems.append(problem) }
  state.list.scanned.bytesDone = found.bytesDone
  state.list.scanned.bytesTotal = found.bytesTotal
  state.list.scanned.finished = found.finished
  if state.reader.open == nil, state.reader.loading == nil, !state.list.entries.isEmpty {
    return select(&state, min(state.list.selected, state.list.entries.count - 1))
  }
  return []
}

/// Selects list row `row` and asks for its transcript unless it is already open.
private func select(_ state: inout AppState, _ row: Int) -> [Effect] {
  guard state.list.order.indices.contains(row) else { return [] }
  state.list.selected = row
  keepListRowVisible(&state)
  let index = state.list.order[row]
  guard state.reader.open?.index != index else {
    state.reader.loading = nil  // back to the open one: a pending load must not replace it
    return []
  }
  state.reader.loading = index
  return [.load(index: index, state.list.entries[index].source)]
}

/// Rebuilds the list order for the current sort, keeping the selected transcript selected.
func reorder(_ state: inout AppState) {
  let selectedEntry = state.list.order.indices.contains(state.list.selected) ? state.list.order[state.list.selected] : nil
  if let kind = state.list.sort.kind {
    // Stable: equal counts keep file order.
    state.list.order = state.list.entries.indices.sorted { a, b in
      let (ca, cb) = (state.list.entries[a].counts[kind], state.list.entries[b].counts[kind])
      return ca != cb ? ca > cb : a < b
    }
  } else {
    state.list.order = Array(state.list.entries.indices)
  }
  if let selectedEntry, let row = state.list.order.firstIndex(of: selectedEntry) { state.list.selected = row }
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
    case .lineDown: state.replaceMode(.overlay(overlay, scroll: scroll + 1))
    case .lineUp: state.replaceMode(.overlay(overlay, scroll: max(0, scroll - 1)))
    case .pageDown: state.replaceMode(.overlay(overlay, scroll: scroll + page))
    case .pageUp: state.replaceMode(.overlay(overlay, scroll: max(0, scroll - page)))
    case .tokenNext, .tokenPrevious, .wordNext, .wordPrevious, .halfPageDown, .halfPageUp, .start, .end:
      state.popMode()
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
    if state.tagging.anchor != nil { state.tagging.anchor = nil } else { state.reader.search = nil }
  case .redraw:
    break
  case .cycleHeat:
    state.reader.heat = state.reader.heat.next
    state.message = "heat: \(state.reader.heat.rawValue)"
  case .cycleTimeline:
    state.reader.timeline = state.reader.timeline.next
    state.message = "timeline: \(state.reader.timeline.rawValue)"
  case .follow:
    state.following.toggle()
    state.message = state.following ? "following: new records appear as the files grow (F stops)" : "stopped following"
    return [.setFollow(state.following)]
  case .cycleSort:
    state.list.sort = state.list.sort.next
    reorder(&state)
    state.message = "list sorted by \(state.list.sort.rawValue)"
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
    return select(&state, state.list.selected)
  case .search:
    state.modes.append(.search(LineEditor()))
  case .nextTranscript, .previousTranscript:
    let forward = action == .nextTranscript
    if state.reader.search != nil {
      stepSearch(&state, forward: forward)
    } else {
      return select(&state, state.list.selected + (forward ? 1 : -1))
    }
  }
  return []
}

private func listMotion(_ state: inout AppState, _ motion: Motion) -> [Effect] {
  let page = max(1, state.screen.list.height)
  let target: Int
  switch motion {
  case .lineDown, .tokenNext, .wordNext: target = state.list.selected + 1
  case .lineUp, .tokenPrevious, .wordPrevious: target = state.list.selected - 1
  case .pageDown: target = state.list.selected + page
  case .pageUp: target = state.list.selected - page
  case .halfPageDown: target = state.list.selected + page / 2
  case .halfPageUp: target = state.list.selected - page / 2
  case .start: target = 0
  case .end: target = state.list.order.count - 1
  }
  return select(&state, min(max(0, target), max(0, state.list.order.count - 1)))
}

private func keepListRowVisible(_ state: inout AppState) {
  let rows = max(1, state.screen.list.height)
  if state.list.selected < state.list.listScroll { state.list.listScroll = state.list.selected }
  if state.list.selected >= state.list.listScroll + rows { state.list.listScroll = state.list.selected - rows + 1 }
}

// MARK: - Token cursor

private func moveCursor(_ state: inout AppState, _ motion: Motion) {
  guard let open = state.reader.open else { return }
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
    case .start: delta = -state.reader.scroll
    case .end: delta = layout.lines.count
    }
    state.reader.scroll = min(max(0, state.reader.scroll + delta), max(0, layout.lines.count - viewHeight))
    return
  }
  let cursor = state.reader.cursor
  switch motion {
  case .tokenNext: state.reader.cursor = min(count - 1, cursor + 1)
  case .tokenPrevious: state.reader.cursor = max(0, cursor - 1)
  case .wordNext: state.reader.cursor = wordStart(open, from: cursor, forward: true)
  case .wordPrevious: state.reader.cursor = wordStart(open, from: cursor, forward: false)
  case .lineDown: state.reader.cursor = tokenOnLine(layout, from: cursor, lines: 1)
  case .lineUp: state.reader.cursor = tokenOnLine(layout, from: cursor, lines: -1)
  case .pageDown: state.reader.cursor = tokenOnLine(layout, from: cursor, lines: viewHeight)
  case .pageUp: state.reader.cursor = tokenOnLine(layout, from: cursor, lines: -viewHeight)
  case .halfPageDown: state.reader.cursor = tokenOnLine(layout, from: cursor, lines: viewHeight / 2)
  case .halfPageUp: state.reader.cursor = tokenOnLine(layout, from: cursor, lines: -viewHeight / 2)
  case .start: state.reader.cursor = 0
  case .end: state.reader.cursor = count - 1
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
  guard let open = state.reader.open, open.layout.tokenLine.indices.contains(state.reader.cursor) else { return }
  let height = max(1, state.screen.transcript.height)
  let line = open.layout.tokenLine[state.reader.cursor]
  if line < state.reader.scroll { state.reader.scroll = max(0, line - 1) }
  if line >= state.reader.scroll + height { state.reader.scroll = line - height + 2 }
  state.reader.scroll = min(max(0, state.reader.scroll), max(0, open.layout.lines.count - 1))
}

private func relayout(_ state: inout AppState) {
  if var open = state.reader.open, open.layout.width != state.transcriptWidth {
    open.relayout(width: state.transcriptWidth, tags: state.tagging.tags)
    state.reader.open = open
  }
  keepCursorVisible(&state)
  keepListRowVisible(&state)
}

// MARK: - Search

private func runSearch(_ state: inout AppState, _ query: String) {
  guard let open = state.reader.open, !query.isEmpty else { state.reader.search = nil; return }
  let hits = searchHits(open, query)
  guard !hits.isEmpty else {
    state.reader.search = nil
    state.message = "not found: \(query)"
    return
  }
  state.reader.search = SearchState(query: query, hits: hits)
  state.reader.cursor = hits.first { $0 >= state.reader.cursor } ?? hits[0]
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
  guard let search = state.reader.search else { return }
  if forward {
    state.reader.cursor = search.hits.first { $0 > state.reader.cursor } ?? search.hits[0]
  } else {
    state.reader.cursor = search.hits.last { $0 < state.reader.cursor } ?? search.hits[search.hits.count - 1]
  }
  keepCursorVisible(&state)
  reportMatch(&state)
}

private func reportMatch(_ state: inout AppState) {
  guard let search = state.reader.search, let position = search.hits.firstIndex(of: state.reader.cursor) else { return }
  state.message = "/\(search.query): match \(position + 1) of \(search.hits.count) (n/N, Esc clears)"
}

// MARK: - Events

/// e/E: the next or previous event after the cursor; past the last one, the first event of
/// the next transcript in the list that has any (and back for E).
private func stepEvent(_ state: inout AppState, forward: Bool) -> [Effect] {
  guard let open = state.reader.open else { return [] }
  let here = (line: open.layout.tokenLine.indices.contains(state.reader.cursor) ? open.layout.tokenLine[state.reader.cursor] : state.reader.scroll,
              token: open.layout.tokens.isEmpty ? -1 : state.reader.cursor)
  func key(_ event: PlacedEvent) -> (Int, Int) { (event.line, event.token ?? -1) }
  let candidates = open.events.indices
  var target: Int?
  if let current = state.reader.currentEvent, open.events.indices.contains(current),
    open.events[current].token == (open.layout.tokens.isEmpty ? nil : state.reader.cursor)
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
  var row = state.list.selected + step
  while state.list.order.indices.contains(row) {
    let counts = state.list.entries[state.list.order[row]].counts
    if EventKind.allCases.contains(where: { counts[$0] > 0 }) {
      state.reader.pendingEventJump = forward
      return select(&state, row)
    }
    row += step
  }
  state.message = forward ? "no more events" : "no earlier events"
  return []
}

func goToEvent(_ state: inout AppState, _ index: Int) {
  guard let open = state.reader.open, open.events.indices.contains(index) else { return }
  let placed = open.events[index]
  state.reader.currentEvent = index
  if let token = placed.token {
    state.reader.cursor = token
    keepCursorVisible(&state)
  } else {
    state.reader.scroll = placed.line
  }
  state.message = "event \(index + 1)/\(open.events.count): \(placed.event.kind.label): \(placed.event.detail)"
}
