import ConfabModel
import Testing

@testable import ConfabTUI

@Suite struct UpdateTests {
  @Test func tokenKeysStepThroughTokens() {
    var state = Demo.state()
    for key: Key in [.char("l"), .right] { _ = update(&state, .key(key)) }
    #expect(state.reader.cursor == 2)
    for key: Key in [.char("h"), .left, .left] { _ = update(&state, .key(key)) }
    #expect(state.reader.cursor == 0)
    Demo.press(&state, .char("G"))
    #expect(state.reader.cursor == 8)
    Demo.press(&state, .char("l"))
    #expect(state.reader.cursor == 8)
    Demo.press(&state, .char("g"))
    #expect(state.reader.cursor == 0)
    Demo.press(&state, .end)
    #expect(state.reader.cursor == 8)
    Demo.press(&state, .home)
    #expect(state.reader.cursor == 0)
  }

  @Test func wordKeysJumpToTokensThatStartWords() {
    var state = Demo.state()
    Demo.press(&state, .char("w"))
    #expect(state.reader.cursor == 1)  // " capital"
    Demo.press(&state, .char("w"), .char("w"))
    #expect(state.reader.cursor == 3)  // " Sydney"
    Demo.press(&state, .char("w"))
    #expect(state.reader.cursor == 6)  // "日本" follows the newline token
    Demo.press(&state, .char("b"))
    #expect(state.reader.cursor == 3)
  }

  @Test func lineKeysMoveBetweenLinesAtTheSameColumn() {
    var state = Demo.state()
    Demo.press(&state, .char("j"))
    #expect(state.reader.open!.layout.tokenLine[state.reader.cursor] == state.reader.open!.layout.tokenLine[0] + 1)
    Demo.press(&state, .char("k"))
    #expect(state.reader.cursor == 0)
    Demo.press(&state, .down, .up)
    #expect(state.reader.cursor == 0)
  }

  @Test func pageKeysMoveByAScreen() {
    var state = Demo.state()
    let lastLine = state.reader.open!.layout.tokenLine[8]
    for key: Key in [.char(" "), .pageDown, .ctrl("f"), .ctrl("d")] {
      state.reader.cursor = 0
      _ = update(&state, .key(key))
      #expect(state.reader.open!.layout.tokenLine[state.reader.cursor] == lastLine, "\(key)")
    }
    for key: Key in [.pageUp, .ctrl("b"), .ctrl("u")] {
      state.reader.cursor = 8
      _ = update(&state, .key(key))
      #expect(state.reader.cursor < 8, "\(key)")
    }
  }

  @Test func nAndShiftNStepTranscriptsAndAskForLoads() {
    var state = Demo.state()
    let effects = update(&state, .key(.char("n")))
    #expect(effects == [.load(index: 1, Demo.plain.source)])
    #expect(state.list.selected == 1)
    #expect(state.reader.loading == 1)
    _ = update(&state, .loaded(index: 1, Demo.analyzed(Demo.plain)))
    #expect(state.reader.open?.index == 1)
    #expect(update(&state, .key(.char("n"))) == [])  // no entry after the last
    #expect(update(&state, .key(.char("N"))) == [.load(index: 0, Demo.transcript.source)])
  }

  @Test func listPaneTakesMotionKeysAfterTab() {
    var state = Demo.state()
    Demo.press(&state, .tab)
    #expect(state.focus == .list)
    #expect(update(&state, .key(.char("j"))) == [.load(index: 1, Demo.plain.source)])
    // Back to the open transcript before the load finished: nothing to load, and the
    // pending load must not replace it.
    #expect(update(&state, .key(.char("k"))) == [])
    #expect(state.reader.loading == nil)
    _ = update(&state, .loaded(index: 1, Demo.analyzed(Demo.plain)))
    #expect(state.reader.open?.index == 0)
    Demo.press(&state, .backTab)
    #expect(state.focus == .transcript)
    Demo.press(&state, .tab, .enter)
    #expect(state.focus == .transcript)
  }

  @Test func searchFindsMatchesAcrossTokensAndNStepsThem() throws {
    var state = Demo.state()
    Demo.press(&state, .char("/"))
    #expect(state.prompt == "")
    for character in "SYD" { Demo.press(&state, .char(character)) }
    Demo.press(&state, .backspace)
    Demo.press(&state, .char("D"), .char("n"), .char("e"), .enter)
    #expect(state.prompt == nil)
    #expect(state.reader.search?.hits == [3])
    #expect(state.reader.cursor == 3)
    // "e c" spans " The"/" capital": the match starts in the first token.
    Demo.press(&state, .char("/"), .char("e"), .enter)
    #expect(state.reader.search?.hits == [0, 3, 8])
    Demo.press(&state, .char("n"))
    #expect(state.reader.cursor == 8)
    // Past the last token match: the "e" in the user's question, shown by scrolling there.
    Demo.press(&state, .char("n"))
    #expect(state.reader.search?.currentText == 0)
    #expect(state.message?.contains("in the user text") == true)
    #expect(state.reader.scroll == 0)
    let buffer = view(state)
    let found = try #require(cell(buffer, containing: "e capital of Australia?"))
    #expect(buffer[found.x, found.y].style.underline, "the text match is marked like a token match")
    #expect(!buffer[found.x + 1, found.y].style.underline)
    Demo.press(&state, .char("n"))
    #expect(state.reader.cursor == 0)
    Demo.press(&state, .char("N"), .char("N"))
    #expect(state.reader.cursor == 8)
    Demo.press(&state, .escape)
    #expect(state.reader.search == nil)
    Demo.press(&state, .char("/"), .char("z"), .char("z"), .enter)
    #expect(state.message == "not found: zz")
    Demo.press(&state, .char("/"), .char("x"), .escape)
    #expect(state.prompt == nil)
  }

  @Test func heatAndTimelineCycle() {
    var state = Demo.state()
    var seen: [HeatMode] = []
    for _ in 0..<5 {
      Demo.press(&state, .char("m"))
      seen.append(state.reader.heat)
    }
    #expect(seen == [.rank, .entropy, .delta, .off, .probability])
    Demo.press(&state, .char("T"))
    #expect(state.reader.timeline == .surprisal)
  }

  @Test func overlaysOpenCloseAndScroll() {
    var state = Demo.state()
    Demo.press(&state, .char("?"))
    #expect(state.overlay == .help)
    Demo.press(&state, .char("j"), .char("j"))
    #expect(state.overlayScroll == 2)
    Demo.press(&state, .char("q"))
    #expect(state.overlay == nil)
    #expect(!state.quitting)
    Demo.press(&state, .f1)
    Demo.press(&state, .escape)
    #expect(state.overlay == nil)
    Demo.press(&state, .char("p"))
    #expect(state.overlay == .problems)
    Demo.press(&state, .char("p"))
    #expect(state.overlay == nil)
  }

  @Test func quitKeysQuit() {
    for key: Key in [.char("q"), .ctrl("c")] {
      var state = Demo.state()
      #expect(update(&state, .key(key)) == [.quit])
      #expect(state.quitting)
    }
  }

  @Test func resizeRewrapsAndKeepsTheCursorVisible() {
    var state = Demo.state()
    Demo.press(&state, .char("G"))
    _ = update(&state, .resize(Size(width: 30, height: 8)))
    let layout = state.reader.open!.layout
    #expect(layout.width == state.screen.transcript.width)
    let line = layout.tokenLine[state.reader.cursor]
    #expect(line >= state.reader.scroll && line < state.reader.scroll + state.screen.transcript.height)
    Demo.press(&state, .ctrl("l"))
    #expect(state.reader.cursor == 8)
  }

  @Test func transcriptWithoutTokensScrollsInstead() {
    var state = Demo.state(width: 40, height: 5)
    Demo.press(&state, .char("n"))
    _ = update(&state, .loaded(index: 1, Demo.analyzed(Demo.plain)))
    Demo.press(&state, .char("j"))
    #expect(state.reader.scroll == 1)
    Demo.press(&state, .char("g"))
    #expect(state.reader.scroll == 0)
  }

  @Test func loadFailureBecomesAProblem() {
    var state = Demo.state()
    Demo.press(&state, .char("n"))
    let problem = ImportProblem(path: "plain.jsonl", line: 1, message: "file changed: record no longer readable")
    _ = update(&state, .loadFailed(index: 1, problem))
    #expect(state.reader.loading == nil)
    #expect(Array(state.problems) == [problem])
    #expect(state.message?.contains("plain.jsonl:1") == true)
  }

  /// ^Z is a suspend in every mode (a line editor would otherwise take it as text), and
  /// leaves the modes as they were for the resume.
  @Test func ctrlZAsksForASuspendFromEveryMode() {
    var state = Demo.state()
    #expect(update(&state, .key(.ctrl("z"))) == [.suspend])
    Demo.press(&state, .char("/"), .char("S"))
    let searching = state.modes
    #expect(update(&state, .key(.ctrl("z"))) == [.suspend])
    #expect(state.modes == searching)
    Demo.press(&state, .escape, .char("?"))
    #expect(update(&state, .key(.ctrl("z"))) == [.suspend])
    #expect(state.overlay == .help)
    #expect(Keymap.bindings.contains { $0.action == .suspend && $0.label == "^Z" })
  }

  /// An empty list says whether to wait (scan running) or why (scan done, problems found).
  @Test func anEmptyListSaysWhetherToWait() {
    var state = AppState(size: Size(width: 100, height: 12), colorMode: .full256, fileCount: 1)
    #expect(view(state).lines.last!.hasPrefix(" no transcripts yet"))
    var scan = CorpusUpdate()
    scan.finished = true
    scan.problems = [ImportProblem(path: "bad.jsonl", line: 1, message: "invalid JSON")]
    _ = update(&state, .corpus(scan))
    #expect(view(state).lines.last!.hasPrefix(" no transcripts found (p: why)"))
  }

  /// n/N open the next sample at the same token position, so one position compares across
  /// samples; a transcript without that message starts at its first token.
  @Test func nextTranscriptKeepsTheTokenPosition() {
    var state = Demo.state()
    Demo.press(&state, .char("l"), .char("l"), .char("l"))
    #expect(state.reader.cursor == 3)
    Demo.press(&state, .char("n"))
    _ = update(&state, .loaded(index: 1, Demo.analyzed(Demo.transcript)))
    #expect(state.reader.cursor == 3)
    Demo.press(&state, .char("N"))
    _ = update(&state, .loaded(index: 0, Demo.analyzed(Demo.plain)))
    #expect(state.reader.cursor == 0)
    #expect(state.reader.pendingPosition == nil)
  }

  @Test func unboundKeysDoNothing() {
    var state = Demo.state()
    let before = state
    #expect(update(&state, .key(.char("Z"))) == [])
    #expect(state == before)
  }
}

@Suite struct LazyEntryTests {
  @Test func lazilyListedEntriesGetTheirFiguresWhenOpened() {
    var state = AppState(size: Size(width: 80, height: 24), colorMode: .full256, fileCount: 1)
    var scan = CorpusUpdate()
    let placeholder = TranscriptSummary(placeholder: Demo.transcript.source, title: "7_epoch_2", model: "m")
    scan.summaries = [placeholder]
    scan.finished = true
    #expect(update(&state, .corpus(scan)) == [.load(index: 0, Demo.transcript.source)])
    #expect(state.list.entries[0].figures.tokens == 0)
    _ = update(&state, .loaded(index: 0, Demo.analyzed(Demo.transcript)))
    #expect(state.list.entries[0].figures.tokens == 9)
    #expect(state.list.entries[0].title == "7_epoch_2")
    #expect(state.list.entries[0].counts.hedges == 1)
    #expect(view(state).lines[0].contains("9 toke"))
  }
}

/// F follows like `less +F`: the newest record is shown and stays shown as records arrive,
/// until a key moves the selection away; moving back to the end resumes it.
@Suite struct FollowNewestTests {
  static func batch(_ ids: [String]) -> CorpusUpdate {
    var scan = CorpusUpdate()
    scan.summaries = ids.map { id in
      var summary = TranscriptSummary(Demo.plain)
      summary.id = id
      return summary
    }
    return scan
  }

  @Test func followingKeepsTheNewestRecordSelected() {
    var state = Demo.state()
    Demo.press(&state, .tab)
    #expect(state.focus == .list)
    let effects = update(&state, .key(.char("F")))
    #expect(effects.first == .setFollow(true))
    #expect(state.list.selected == state.list.order.count - 1)
    _ = update(&state, .corpus(Self.batch(["a", "b"])))
    #expect(state.list.selected == state.list.order.count - 1, "the newest after a batch")
    #expect(state.reader.loading == state.list.order.last)
    Demo.press(&state, .char("k"))
    let away = state.list.selected
    _ = update(&state, .corpus(Self.batch(["c"])))
    #expect(state.list.selected == away, "a key moved away: the selection stays")
    Demo.press(&state, .char("G"))
    _ = update(&state, .corpus(Self.batch(["d"])))
    #expect(state.list.selected == state.list.order.count - 1, "back at the end: following again")
  }
}
