import ConfabModel


// Tagging: selection, labels, the picker, undo/redo, the tags pane and export. Pure, like
// the rest of update: writes go out as effects and come back as events once committed, so
// the status line only ever says "saved" about what the store holds.

/// The selected tokens (anchor to cursor, kept within the anchor's message), or the cursor
/// token alone when nothing is selected.
func selectedRange(_ state: AppState) -> (message: Int, tokens: Range<Int>)? {
  selectedRange(state.reader, state.tagging)
}

func selectedRange(_ reader: ReaderState, _ tagging: TaggingState) -> (message: Int, tokens: Range<Int>)? {
  guard let open = reader.open, open.layout.tokens.indices.contains(reader.cursor) else { return nil }
  let cursorRef = open.layout.tokens[reader.cursor]
  guard let anchor = tagging.anchor, open.layout.tokens.indices.contains(anchor) else {
    return (cursorRef.message, cursorRef.token..<cursorRef.token + 1)
  }
  let anchorRef = open.layout.tokens[anchor]
  let count = open.transcript.messages[anchorRef.message].tokens?.count ?? 0
  let other = cursorRef.message == anchorRef.message ? cursorRef.token : (cursorRef.message > anchorRef.message ? count - 1 : 0)
  return (anchorRef.message, min(anchorRef.token, other)..<max(anchorRef.token, other) + 1)
}

/// A tag (not yet stored: id 0, created 0; the run loop stamps both) for a token range.
func makeTag(_ state: AppState, message: Int, tokens: Range<Int>, label: String, note: String) -> Tag? {
  guard let open = state.reader.open, let messageTokens = open.transcript.messages[message].tokens else { return nil }
  let starts = TokenText.scalarStarts(messageTokens)
  let start = starts[tokens.lowerBound]
  let end = starts[tokens.upperBound]
  let scalars = Array(open.transcript.messages[message].text.unicodeScalars)
  var text = String.UnicodeScalarView()
  text.append(contentsOf: scalars[min(start, scalars.count)..<min(end, scalars.count)])
  return Tag(
    transcript: open.transcript.id, source: open.transcript.source, message: message, start: start, end: end,
    tokenStart: tokens.lowerBound, tokenEnd: tokens.upperBound, label: label, note: note, text: String(text), created: 0)
}

/// Flat token range of a stored tag in the open transcript.
func flatRange(_ open: OpenTranscript, _ tag: Tag) -> Range<Int> {
  let base = open.messageBase[tag.message]
  return base + tag.tokenStart..<base + tag.tokenEnd
}

func sortedTags(_ state: AppState) -> [Tag] { sortedTags(state.tagging) }

func sortedTags(_ tagging: TaggingState) -> [Tag] {
  tagging.tags.sorted { ($0.message, $0.tokenStart, $0.id) < ($1.message, $1.tokenStart, $1.id) }
}

/// Handles the tagging actions.
func taggingAction(_ state: inout AppState, _ action: TagAction) -> [Effect] {
  switch action {
  case .select:
    guard state.reader.open.map({ !$0.layout.tokens.isEmpty }) == true else {
      state.message = "this transcript has no tokens to select"
      return []
    }
    state.tagging.anchor = state.tagging.anchor == nil ? state.reader.cursor : nil
    return []
  case .selectMarker:
    guard let open = state.reader.open, let event = open.allEvents.first(where: {
      guard let start = $0.token, let end = $0.tokenEnd else { return false }
      return (start..<end).contains(state.reader.cursor) && [.hedge, .correction, .assertion].contains($0.event.kind)
    }) ?? open.events.first(where: { ($0.token.map { ($0..<($0 + 1)).contains(state.reader.cursor) } ?? false) })
    else {
      state.message = "no marker or event under the cursor"
      return []
    }
    state.tagging.anchor = event.token
    state.reader.cursor = max(event.token ?? 0, (event.tokenEnd ?? 1) - 1)
    state.message = "selected \(event.event.kind.label)"
    return []
  case .labelDigit(let digit):
    guard let label = state.tagging.labels.label(forDigit: digit) else {
      state.message = "no label on \(digit): bind one in the picker (t, then ^B \(digit))"
      return []
    }
    return apply(&state, label: label, note: "")
  case .pickLabel:
    guard selectedRange(state) != nil else {
      state.message = "nothing to tag here"
      return []
    }
    state.modes.append(.picker(LabelPicker()))
    return []
  case .removeTag:
    if state.focus == .tags { return removeTagUnderPaneRow(&state) }
    guard let open = state.reader.open else { return [] }
    let covering = state.tagging.tags.filter { flatRange(open, $0).contains(state.reader.cursor) }
    guard let tag = covering.max(by: { $0.id < $1.id }) else {
      let annotation = open.transcript.annotationTags.first { flatRange(open, $0).contains(state.reader.cursor) }
      state.message = annotation.map { "“\($0.label)” is the file's own annotation: read-only" } ?? "no tag under the cursor"
      return []
    }
    return writeTag(&state, .delete(tag), .user)
  case .undo:
    guard let last = state.tagging.undo.last else {
      state.message = "nothing to undo"
      return []
    }
    return writeWhereItActs(&state, inverse(last), .undo)
  case .redo:
    guard let last = state.tagging.redo.last else {
      state.message = "nothing to redo"
      return []
    }
    return writeWhereItActs(&state, inverse(last), .redo)
  case .nextTag, .previousTag:
    return stepTag(&state, forward: action == .nextTag)
  case .export:
    state.modes.append(.exportScope)
    return []
  case .allTags:
    return toggleAllTags(&state)
  }
}

private func inverse(_ write: TagWrite) -> TagWrite {
  switch write {
  case .insert(let tag), .undelete(let tag): return .delete(tag)
  case .delete(let tag): return .undelete(tag)
  }
}

/// Asks for a tag write, unless the store is read-only (then says why).
func writeTag(_ state: inout AppState, _ write: TagWrite, _ origin: TagWriteOrigin) -> [Effect] {
  if let reason = state.tagging.readOnly {
    state.message = "tags are read-only: \(reason)"
    return []
  }
  return [.writeTag(write, origin)]
}

private func apply(_ state: inout AppState, label: String, note: String) -> [Effect] {
  guard let (message, tokens) = selectedRange(state),
    let tag = makeTag(state, message: message, tokens: tokens, label: label, note: note)
  else {
    state.message = "nothing to tag here"
    return []
  }
  state.tagging.anchor = nil
  return writeTag(&state, .insert(tag), .user)
}

/// Results of tag writes and loads.
func taggingEvent(_ state: inout AppState, _ event: Event) -> [Effect] {
  switch event {
  case .taggingOpened(let opened):
    state.tagging.readOnly = opened.readOnly
    if let labels = opened.labels { state.tagging.labels = labels }
    if let problem = opened.problem { state.problems.append(problem) }
    if let message = opened.message { state.message = message }
  case .tagsLoaded(let transcript, let tags, let tagged):
    state.tagging.tagged = tagged
    guard let open = state.reader.open, open.transcript.id == transcript else { return [] }
    // The same tags at the same width lay it out the same: a transcript with no tags (most)
    // is not laid out a second time when its tags arrive.
    let unchanged = tags == state.tagging.tags && open.layout.width == state.transcriptWidth
    state.tagging.tags = tags
    if !unchanged { relayoutTags(&state) }
    guard let pending = state.tagging.pendingTagJump else { return [] }
    state.tagging.pendingTagJump = nil
    switch pending {
    case .tag(let chosen):
      if let tag = tags.first(where: { $0.id == chosen.id }) {
        state.reader.cursor = flatRange(open, tag).lowerBound
        keepCursorVisible(&state)
      }
    case .first, .last:
      let starts = sortedTags(state).map { flatRange(open, $0).lowerBound }
      if let target = pending == .first ? starts.first : starts.last {
        state.reader.cursor = target
        keepCursorVisible(&state)
      }
    case .write(let change, let origin):
      guard change.tag.transcript == transcript else {
        state.message = "\(origin == .undo ? "undo" : "redo") not done: another transcript opened first (press it again)"
        return []
      }
      // The undone tag's place, so what changes is on screen.
      if let message = open.transcript.messages.indices.contains(change.tag.message) ? change.tag.message : nil {
        state.reader.cursor = min(open.messageBase[message] + change.tag.tokenStart, max(0, open.stats.count - 1))
        keepCursorVisible(&state)
      }
      return writeTag(&state, change, origin)
    }
  case .tagWritten(let write, let origin):
    let tag = write.tag
    switch write {
    case .insert, .undelete:
      if state.reader.open?.transcript.id == tag.transcript && !state.tagging.tags.contains(where: { $0.id == tag.id }) {
        state.tagging.tags.append(tag)
      }
    case .delete:
      state.tagging.tags.removeAll { $0.id == tag.id }
    }
    if state.tagging.paneShowsAll {
      if case .delete = write { state.tagging.allTags.removeAll { $0.id == tag.id } } else if !state.tagging.allTags.contains(where: { $0.id == tag.id }) {
        state.tagging.allTags.append(tag)
      }
    }
    switch write {
    case .insert, .undelete: state.tagging.tagged[tag.transcript, default: 0] += 1
    case .delete: state.tagging.tagged[tag.transcript] = max(0, (state.tagging.tagged[tag.transcript] ?? 1) - 1)
    }
    switch origin {
    case .user:
      state.tagging.undo.append(write)
      state.tagging.redo = []
    case .undo:
      state.tagging.undo.removeLast()
      state.tagging.redo.append(write)
    case .redo:
      state.tagging.redo.removeLast()
      state.tagging.undo.append(write)
    }
    let verb: String
    switch write {
    case .insert: verb = "tagged"
    case .delete: verb = "removed tag"
    case .undelete: verb = "restored tag"
    }
    let prefix = origin == .undo ? "undo: " : origin == .redo ? "redo: " : ""
    let elsewhere = state.reader.open?.transcript.id == tag.transcript ? "" : " (in transcript \(tag.transcript.prefix(8)))"
    state.message = "\(prefix)\(verb) “\(tag.label)” on “\(DisplayWidth.truncate(tag.text, to: 30))”\(elsewhere) · saved"
    relayoutTags(&state)
  case .allTagsLoaded(let tags):
    state.tagging.allTags = tags
    state.tagging.paneRow = min(state.tagging.paneRow, max(0, tags.count - 1))
  case .tagWriteFailed(let message):
    state.message = message
  case .exported(let message):
    state.message = message
  case .key, .resize, .terminate, .corpus, .loaded, .loadFailed, .groupLoaded, .liveResult, .partnerLoaded, .liveProgress, .corpusThresholds:
    break  // not tagging events: update routes them elsewhere
  }
  return []
}

func relayoutTags(_ state: inout AppState) {
  guard var open = state.reader.open else { return }
  open.relayout(width: state.transcriptWidth, tags: state.tagging.tags)
  state.reader.open = open
}

// MARK: - Picker and export prompt keys

func pickerKey(_ state: inout AppState, _ picker: LabelPicker, _ key: Key) -> [Effect] {
  var picker = picker
  let choices = picker.choices(state.tagging.labels)
  if picker.bindingDigit {
    picker.bindingDigit = false
    state.replaceMode(.picker(picker))
    guard case .char(let character) = key, let digit = Int(String(character)), (1...9).contains(digit),
      choices.indices.contains(picker.highlighted)
    else {
      state.message = "binding cancelled"
      return []
    }
    let name = choices[picker.highlighted]
    state.tagging.labels.bind(digit, to: name)
    state.message = "\(digit) now tags “\(name)”"
    return [.saveLabels(state.tagging.labels)]
  }
  // The picker's own keys first; the rest edit the filter or the note.
  switch key {
  case .tab:
    picker.editingNote.toggle()
  case .ctrl("b"):
    picker.bindingDigit = true
    state.message = "press 1-9 to bind it to the highlighted label"
  case .down, .ctrl("n"):
    picker.highlighted = min(picker.highlighted + 1, max(0, choices.count - 1))
  case .up, .ctrl("p"):
    picker.highlighted = max(0, picker.highlighted - 1)
  case .char, .ctrl, .left, .right, .pageUp, .pageDown, .home, .end, .backTab, .enter, .escape, .backspace, .delete, .f1:
    let before = picker.filter
    let outcome = picker.editingNote ? picker.noteEditor.handle(key) : picker.filterEditor.handle(key)
    switch outcome {
    case .cancelled:
      state.popMode()
      return []
    case .submitted:
      state.popMode()
      guard choices.indices.contains(picker.highlighted) else { return [] }
      let name = choices[picker.highlighted]
      var effects: [Effect] = []
      if !state.tagging.labels.labels.contains(where: { $0.name == name }) {
        state.tagging.labels.ensure(name)
        effects.append(.saveLabels(state.tagging.labels))
      }
      return effects + apply(&state, label: name, note: picker.note)
    case .editing, .backspaceOnEmpty, .unhandled:
      if picker.filter != before { picker.highlighted = 0 }
    }
  }
  state.replaceMode(.picker(picker))
  return []
}

func exportScopeKey(_ state: inout AppState, _ key: Key) -> [Effect] {
  let chosen: ExportScope?
  switch key {
  case .char("s"): chosen = .selection
  case .char("t"): chosen = .transcript
  case .char("a"): chosen = .all
  case .escape, .ctrl("c"), .ctrl("g"):
    state.popMode()
    return []
  case .char, .ctrl, .up, .down, .left, .right, .pageUp, .pageDown, .home, .end, .tab, .backTab, .enter, .backspace, .delete, .f1:
    chosen = nil  // the prompt stays until a scope or Esc
  }
  if let chosen { state.replaceMode(.exportPath(chosen, LineEditor("confab-\(chosen.rawValue).json"))) }
  return []
}

func exportPathKey(_ state: inout AppState, _ scope: ExportScope, _ editor: LineEditor, _ key: Key) -> [Effect] {
  var editor = editor
  switch editor.handle(key) {
  case .cancelled:
    state.popMode()
  case .submitted:
    state.popMode()
    guard !editor.text.isEmpty else { return [] }
    var selection: Tag?
    if scope == .selection, let (message, tokens) = selectedRange(state) {
      selection = makeTag(state, message: message, tokens: tokens, label: "(selection)", note: "")
    }
    return [.export(scope, path: editor.text, selection: selection, transcript: state.reader.open?.transcript.id)]
  case .editing, .backspaceOnEmpty, .unhandled:
    state.replaceMode(.exportPath(scope, editor))
  }
  return []
}

// MARK: - Tags pane

func tagsPaneMotion(_ state: inout AppState, _ motion: Motion) {
  let count = state.tagging.paneTags.count
  let page = max(1, state.screen.list.height)
  let row = state.tagging.paneRow
  let target: Int
  switch motion {
  case .lineDown, .tokenNext, .wordNext: target = row + 1
  case .lineUp, .tokenPrevious, .wordPrevious: target = row - 1
  case .pageDown, .halfPageDown: target = row + page
  case .pageUp, .halfPageUp: target = row - page
  case .start: target = 0
  case .end: target = count - 1
  }
  state.tagging.paneRow = min(max(0, target), max(0, count - 1))
}

/// Enter in the tags pane: the tag's place; a tag of another transcript opens it first.
func openTagUnderPaneRow(_ state: inout AppState) -> [Effect] {
  let tags = state.tagging.paneTags
  guard let open = state.reader.open, tags.indices.contains(state.tagging.paneRow) else { return [] }
  let tag = tags[state.tagging.paneRow]
  state.focus = .transcript
  if tag.transcript == open.transcript.id {
    state.reader.cursor = flatRange(open, tag).lowerBound
    keepCursorVisible(&state)
    return []
  }
  guard let entry = state.list.entries.indices.first(where: { state.list.entries.id(at: $0) == tag.transcript }),
    let row = state.list.row(ofEntry: entry)
  else {
    state.message = "that tag's transcript (\(tag.source.path):\(tag.source.line)) is not in this list"
    return []
  }
  state.tagging.pendingTagJump = .tag(tag)
  return select(&state, row)
}

private func removeTagUnderPaneRow(_ state: inout AppState) -> [Effect] {
  let tags = state.tagging.paneTags
  guard tags.indices.contains(state.tagging.paneRow) else { return [] }
  let tag = tags[state.tagging.paneRow]
  state.tagging.paneRow = max(0, min(state.tagging.paneRow, tags.count - 2))
  return writeTag(&state, .delete(tag), .user)
}
