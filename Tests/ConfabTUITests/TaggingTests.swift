import ConfabModel
import Testing

@testable import ConfabTUI

/// Tagging keys: selection, digits, picker, undo/redo, remove, tag jumps, tags pane, export.
@Suite struct TaggingTests {
  /// Sends a key and completes any tag write as the run loop would (ids from 1).
  static func press(_ state: inout AppState, _ key: Key, nextID: inout Int64) -> [Effect] {
    var effects = update(&state, .key(key))
    var all = effects
    while let effect = effects.first {
      effects.removeFirst()
      if case .writeTag(let write, let origin) = effect {
        var stored = write
        if case .insert(var tag) = write {
          tag.id = nextID
          nextID += 1
          stored = .insert(tag)
        }
        let more = update(&state, .tagWritten(stored, origin))
        effects += more
        all += more
      }
    }
    return all
  }

  @Test func selectionExtendsWithMotionAndDigitsTagIt() throws {
    var state = Demo.state()
    var id: Int64 = 1
    _ = Self.press(&state, .char("l"), nextID: &id)
    _ = Self.press(&state, .char("v"), nextID: &id)
    #expect(state.tagging.anchor == 1)
    _ = Self.press(&state, .char("l"), nextID: &id)
    _ = Self.press(&state, .char("l"), nextID: &id)
    #expect(selectedRange(state)?.tokens == 1..<4)
    #expect(view(state).lines.last!.contains("selection: 3 tokens"))
    try expectSnapshot(view(state), "selection-80x24")
    let effects = Self.press(&state, .char("1"), nextID: &id)
    guard case .writeTag(.insert(let tag), .user) = effects.first else {
      Issue.record("expected an insert, got \(effects)")
      return
    }
    #expect(tag.label == "confabulation")
    #expect(tag.text == " capital is Sydney")
    #expect((tag.start, tag.end, tag.tokenStart, tag.tokenEnd) == (3, 21, 1, 4))
    #expect(state.tagging.anchor == nil)
    #expect(state.tagging.tags.map(\.id) == [1])
    #expect(state.message?.hasSuffix("· saved") == true)
    let buffer = view(state)
    // The bracket takes the leading space's cell (tags never re-flow the text); no cell is free
    // before "." for the closing one, and the tagged tokens carry the label's colour.
    #expect(buffer.text.contains("asst ▍The⟦capital is Sydney.↵"))
    let capital = try #require(cell(buffer, containing: "capital is Sydney"))
    #expect(buffer[capital.x, capital.y].style.fg == state.theme.tagLabel("confabulation", in: state.tagging.labels).fg)
    try expectSnapshot(buffer, "tagged-80x24")
  }

  @Test func escapeCancelsTheSelectionBeforeTheSearch() {
    var state = Demo.state()
    Demo.press(&state, .char("v"), .char("l"), .escape)
    #expect(state.tagging.anchor == nil)
  }

  @Test func undoRedoAndRemove() {
    var state = Demo.state()
    var id: Int64 = 1
    _ = Self.press(&state, .char("2"), nextID: &id)
    #expect(state.tagging.tags.map(\.label) == ["correct-hedge"])
    _ = Self.press(&state, .char("u"), nextID: &id)
    #expect(state.tagging.tags.isEmpty)
    #expect(state.tagging.redo.count == 1)
    _ = Self.press(&state, .char("U"), nextID: &id)
    #expect(state.tagging.tags.map(\.id) == [1])
    _ = Self.press(&state, .ctrl("r"), nextID: &id)
    #expect(state.message == "nothing to redo")
    _ = Self.press(&state, .char("x"), nextID: &id)
    #expect(state.tagging.tags.isEmpty)
    _ = Self.press(&state, .char("u"), nextID: &id)
    #expect(state.tagging.tags.map(\.id) == [1])
    _ = Self.press(&state, .char("l"), nextID: &id)
    _ = Self.press(&state, .char("x"), nextID: &id)
    #expect(state.message == "no tag under the cursor")
  }

  @Test func overlappingTagsNestAndBracketJumpsFindThem() throws {
    var state = Demo.state()
    var id: Int64 = 1
    for key: Key in [.char("v"), .char("l"), .char("l"), .char("1"), .char("l"), .char("v"), .char("h"), .char("3")] {
      _ = Self.press(&state, key, nextID: &id)
    }
    #expect(state.tagging.tags.count == 2)
    #expect(view(state).text.contains("asst ⟦The capital⟦is⟧Sydney.↵"))
    state.reader.cursor = 8
    Demo.press(&state, .char("["))
    #expect(state.reader.cursor == 2)
    Demo.press(&state, .char("["))
    #expect(state.reader.cursor == 0)
    Demo.press(&state, .char("]"))
    #expect(state.reader.cursor == 2)
    // x removes the newest tag covering the cursor.
    _ = Self.press(&state, .char("x"), nextID: &id)
    #expect(state.tagging.tags.map(\.label) == ["confabulation"])
  }

  @Test func pickerFiltersCreatesLabelsTakesNotesAndBindsDigits() throws {
    var state = Demo.state(width: 100, height: 30)
    var id: Int64 = 1
    _ = Self.press(&state, .char("t"), nextID: &id)
    #expect(state.picker != nil)
    for character in "hedge" { _ = Self.press(&state, .char(character), nextID: &id) }
    #expect(state.picker?.choices(state.tagging.labels) == ["correct-hedge", "performative-hedge", "hedge"])
    try expectSnapshot(view(state), "picker-100x30")
    _ = Self.press(&state, .down, nextID: &id)
    _ = Self.press(&state, .tab, nextID: &id)
    for character in "sure" { _ = Self.press(&state, .char(character), nextID: &id) }
    _ = Self.press(&state, .enter, nextID: &id)
    #expect(state.tagging.tags.first?.label == "performative-hedge")
    #expect(state.tagging.tags.first?.note == "sure")
    // A new name creates a label (and saves the label file); ^B binds a digit.
    _ = Self.press(&state, .char("t"), nextID: &id)
    for character in "mine" { _ = Self.press(&state, .char(character), nextID: &id) }
    _ = Self.press(&state, .ctrl("b"), nextID: &id)
    let effects = Self.press(&state, .char("7"), nextID: &id)
    #expect(effects == [.saveLabels(state.tagging.labels)])
    #expect(state.tagging.labels.label(forDigit: 7) == "mine")
    _ = Self.press(&state, .escape, nextID: &id)
    #expect(state.picker == nil)
    _ = Self.press(&state, .char("7"), nextID: &id)
    #expect(state.tagging.tags.last?.label == "mine")
  }

  @Test func tagsPaneListsAndJumps() throws {
    var state = Demo.state()
    var id: Int64 = 1
    for key: Key in [.char("G"), .char("1"), .char("g"), .char("l"), .char("2")] { _ = Self.press(&state, key, nextID: &id) }
    Demo.press(&state, .tab, .tab)
    #expect(state.focus == .tags)
    let buffer = view(state)
    #expect(buffer.lines[0].contains("tags (2)"))
    try expectSnapshot(buffer, "tags-pane-80x24")
    Demo.press(&state, .char("j"), .enter)
    #expect(state.focus == .transcript)
    #expect(state.reader.cursor == 8)
    Demo.press(&state, .tab, .tab)
    _ = Self.press(&state, .char("x"), nextID: &id)
    #expect(state.tagging.tags.count == 1)
  }

  @Test func exportPromptChoosesScopeAndPath() {
    var state = Demo.state()
    Demo.press(&state, .char("X"))
    #expect(view(state).lines.last!.contains("(s)election"))
    Demo.press(&state, .char("t"))
    #expect(state.exportPath == "confab-transcript.json")
    Demo.press(&state, .ctrl("u"))
    for character in "out.jsonl" { Demo.press(&state, .char(character)) }
    let effects = update(&state, .key(.enter))
    #expect(effects == [.export(.transcript, path: "out.jsonl", selection: nil, transcript: "demo")])
    _ = update(&state, .exported("wrote 2 spans to out.jsonl"))
    #expect(state.message == "wrote 2 spans to out.jsonl")
    Demo.press(&state, .char("v"), .char("l"), .char("X"), .char("s"))
    guard case .export(.selection, _, let selection?, _) = update(&state, .key(.enter)).first else {
      Issue.record("selection export expected")
      return
    }
    #expect(selection.text == "The capital")
  }

  @Test func readOnlyStoresRefuseWritesWithTheReason() {
    var state = Demo.state()
    state.tagging.readOnly = "store has schema version 9"
    #expect(update(&state, .key(.char("1"))) == [])
    #expect(state.message == "tags are read-only: store has schema version 9")
  }

  /// What opening the store found arrives after the first frame: the read-only reason (then
  /// writes are refused), the message, the labels file's labels, a labels file's problem.
  @Test func openingTheStoreReportsWhatItFound() {
    var state = Demo.state()
    let labels = LabelSet(labels: [LabelSet.Label(name: "claim", digit: 1), LabelSet.Label(name: "retraction", digit: nil)])
    let problem = ImportProblem(path: "labels.txt", line: nil, message: "unreadable")
    _ = update(&state, .taggingOpened(TaggingOpened(readOnly: "read-only location", message: "tags read-only: read-only location",
                                                     labels: labels, problem: problem)))
    #expect(state.tagging.readOnly == "read-only location")
    #expect(state.message == "tags read-only: read-only location")
    #expect(state.tagging.labels == labels)
    #expect(state.problems.contains(problem))
    #expect(update(&state, .key(.char("1"))) == [])
    #expect(state.message == "tags are read-only: read-only location")
    // Nothing found: the built-in labels stay, the message is left alone.
    var plain = Demo.state()
    plain.message = "hello"
    _ = update(&plain, .taggingOpened(TaggingOpened()))
    #expect(plain.tagging.labels == .standard && plain.message == "hello" && plain.tagging.readOnly == nil)
  }

  @Test func tagsLoadedForTheOpenTranscriptOnly() {
    var state = Demo.state()
    let tag = makeTag(state, message: 1, tokens: 0..<2, label: "x", note: "")!
    _ = update(&state, .tagsLoaded(transcript: "other", [tag], tagged: [:]))
    #expect(state.tagging.tags.isEmpty)
    let untagged = state.reader.open?.layout
    _ = update(&state, .tagsLoaded(transcript: "demo", [], tagged: [:]))
    #expect(state.reader.open?.layout == untagged, "no tags: the layout stays")
    _ = update(&state, .tagsLoaded(transcript: "demo", [tag], tagged: [:]))
    #expect(state.tagging.tags == [tag])
    #expect(state.reader.open?.layout.brackets.isEmpty == false, "a tag's brackets are laid out")
    #expect(state.reader.open?.layout == state.reader.open.map { TranscriptLayout(transcript: $0.transcript, width: $0.layout.width, tags: $0.transcript.annotationTags + [tag]) })
    // Opening a transcript asks for its tags.
    #expect(update(&state, .loaded(index: 1, Demo.analyzed(Demo.plain))) == [])
    var fresh = Demo.state()
    _ = update(&fresh, .key(.char("n")))
    #expect(update(&fresh, .loaded(index: 1, Demo.analyzed(Demo.plain))) == [.loadTags(transcript: "plain")])
  }

  @Test func selectMarkerPicksTheSpanUnderTheCursor() {
    var state = Demo.state()
    Demo.press(&state, .char("G"))  // " maybe": a hedge
    Demo.press(&state, .char("V"))
    #expect(state.tagging.anchor == 8)
    #expect(state.message == "selected hedge")
  }
}

/// `]`/`[` cross into the next tagged transcript in list order, and undo acts where its tag
/// is: another transcript opens first, then the write is made there.
@Suite struct CrossTranscriptTagTests {
  static func transcript(_ id: String) -> Transcript {
    var transcript = Demo.transcript
    transcript.id = id
    transcript.source.line = ["a": 1, "b": 2, "c": 3][id] ?? 9
    return transcript
  }

  static func state() -> AppState {
    var state = AppState(size: Size(width: 100, height: 30), colorMode: .full256, fileCount: 1)
    var scan = CorpusUpdate()
    scan.summaries = ["a", "b", "c"].map { TranscriptSummary(Self.transcript($0)) }
    scan.finished = true
    _ = update(&state, .corpus(scan))
    _ = update(&state, .loaded(index: 0, Demo.analyzed(Self.transcript("a"))))
    return state
  }

  static let tagOnC = ConfabModel.Tag(
    id: 5, transcript: "c", source: transcript("c").source, message: 1, start: 3, end: 11, tokenStart: 3, tokenEnd: 4,
    label: "confabulation", text: " Sydney", created: 0)

  @Test func nextTagCrossesIntoTheNextTaggedTranscript() {
    var state = Self.state()
    _ = update(&state, .tagsLoaded(transcript: "a", [], tagged: ["c": 1]))
    let effects = update(&state, .key(.char("]")))
    #expect(effects == [.load(index: 2, Self.transcript("c").source)])
    #expect(state.message?.hasPrefix("next tag: in") == true)
    #expect(update(&state, .loaded(index: 2, Demo.analyzed(Self.transcript("c")))) == [.loadTags(transcript: "c")])
    _ = update(&state, .tagsLoaded(transcript: "c", [Self.tagOnC], tagged: ["c": 1]))
    #expect(state.reader.cursor == 3, "on the tag's first token")
    #expect(state.tagging.pendingTagJump == nil)
    // Back: [ from the tag finds nothing before it in c, and no tagged transcript before c.
    _ = update(&state, .key(.char("[")))
    #expect(state.reader.cursor == 3)
  }

  @Test func undoOfATagInAnotherTranscriptOpensItThenUndoes() {
    var state = Self.state()
    state.tagging.undo = [.insert(Self.tagOnC)]
    let effects = update(&state, .key(.char("u")))
    #expect(effects == [.load(index: 2, Self.transcript("c").source)], "no write before c is open")
    _ = update(&state, .loaded(index: 2, Demo.analyzed(Self.transcript("c"))))
    let written = update(&state, .tagsLoaded(transcript: "c", [Self.tagOnC], tagged: ["c": 1]))
    #expect(written == [.writeTag(.delete(Self.tagOnC), .undo)])
    #expect(state.reader.cursor == 3)
    _ = update(&state, .tagWritten(.delete(Self.tagOnC), .undo))
    #expect(state.tagging.tagged["c"] == 0)
    #expect(state.tagging.tags.isEmpty)
  }
}

/// `a` in the tags pane lists every tag in the store; Enter on one of another transcript
/// opens it at the tag.
@Suite struct AllTagsPaneTests {
  @Test func allTagsListAndOpenAcrossTranscripts() {
    var state = CrossTranscriptTagTests.state()
    Demo.press(&state, .char("a"))
    #expect(state.message == "a lists every tag in the tags pane (Tab to it)")
    Demo.press(&state, .tab, .tab)
    #expect(state.focus == .tags)
    #expect(update(&state, .key(.char("a"))) == [.loadAllTags])
    _ = update(&state, .allTagsLoaded([CrossTranscriptTagTests.tagOnC]))
    let text = view(state).text
    #expect(text.contains("all tags (1)"), "\(text)")
    #expect(text.contains("demo.jsonl:3"))
    let effects = update(&state, .key(.enter))
    #expect(effects == [.load(index: 2, CrossTranscriptTagTests.transcript("c").source)])
    _ = update(&state, .loaded(index: 2, Demo.analyzed(CrossTranscriptTagTests.transcript("c"))))
    _ = update(&state, .tagsLoaded(transcript: "c", [CrossTranscriptTagTests.tagOnC], tagged: ["c": 1]))
    #expect(state.reader.cursor == 3)
    #expect(state.focus == .transcript)
  }
}

/// `&` searches every transcript: n past the last match here opens the next transcript
/// with one; a query found nowhere further comes back to where it started.
@Suite struct SearchAcrossTests {
  static func type(_ state: inout AppState, _ text: String) {
    for character in text { Demo.press(&state, .char(character)) }
  }

  @Test func nGoesOnIntoTheNextTranscriptWithAMatch() {
    var state = CrossTranscriptTagTests.state()
    Demo.press(&state, .char("&"))
    Self.type(&state, "sydney")
    Demo.press(&state, .enter)
    #expect(state.reader.search?.across == true)
    #expect(state.reader.cursor == 3)
    #expect(state.message?.hasPrefix("&sydney: match 1 of 1 in capital-australia") == true)
    let effects = update(&state, .key(.char("n")))
    #expect(effects == [.load(index: 1, CrossTranscriptTagTests.transcript("b").source)])
    _ = update(&state, .loaded(index: 1, Demo.analyzed(CrossTranscriptTagTests.transcript("b"))))
    #expect(state.reader.cursor == 3, "on b's match")
    #expect(state.reader.search?.across == true)
    #expect(state.reader.pendingSearch == nil)
  }

  @Test func aQueryFoundNowhereFurtherComesBack() {
    var state = CrossTranscriptTagTests.state()
    Demo.press(&state, .char("&"))
    Self.type(&state, "zzz")
    #expect(update(&state, .key(.enter)) == [.load(index: 1, CrossTranscriptTagTests.transcript("b").source)])
    #expect(update(&state, .loaded(index: 1, Demo.analyzed(CrossTranscriptTagTests.transcript("b"))))
      == [.load(index: 2, CrossTranscriptTagTests.transcript("c").source), .loadTags(transcript: "b")])
    let back = update(&state, .loaded(index: 2, Demo.analyzed(CrossTranscriptTagTests.transcript("c"))))
    #expect(back.first == .load(index: 0, CrossTranscriptTagTests.transcript("a").source))
    #expect(state.message == "&zzz: no more matches (2 more transcripts searched)")
  }
}
