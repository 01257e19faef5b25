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
    #expect(buffer.text.contains("The⟦ capital is Sydney⟧."))
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
    #expect(view(state).text.contains("⟦The capital⟦ is⟧ Sydney⟧"))
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

  @Test func tagsLoadedForTheOpenTranscriptOnly() {
    var state = Demo.state()
    let tag = makeTag(state, message: 1, tokens: 0..<2, label: "x", note: "")!
    _ = update(&state, .tagsLoaded(transcript: "other", [tag]))
    #expect(state.tagging.tags.isEmpty)
    _ = update(&state, .tagsLoaded(transcript: "demo", [tag]))
    #expect(state.tagging.tags == [tag])
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
