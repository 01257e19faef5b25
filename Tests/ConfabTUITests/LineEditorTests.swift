import Testing

@testable import ConfabTUI

@Suite struct LineEditorTests {
  static func type(_ editor: inout LineEditor, _ keys: [Key]) -> [LineEditor.Outcome] {
    keys.map { editor.handle($0) }
  }

  @Test func insertsAtTheCursorAndMovesLikeReadline() {
    var editor = LineEditor()
    _ = Self.type(&editor, [.char("a"), .char("c"), .left, .char("b")])
    #expect(editor.text == "abc")
    #expect(editor.rendered == "ab▏c")
    _ = Self.type(&editor, [.ctrl("a"), .char(">"), .ctrl("e"), .char("!")])
    #expect(editor.text == ">abc!")
    _ = Self.type(&editor, [.home, .delete, .end, .backspace])
    #expect(editor.text == "abc")
  }

  @Test func killsToTheStartTheEndAndTheWordBefore() {
    var editor = LineEditor("path/to some file")
    #expect(editor.handle(.ctrl("w")) == .editing)
    #expect(editor.text == "path/to some ")
    _ = Self.type(&editor, [.left, .left, .left, .ctrl("k")])
    #expect(editor.text == "path/to so")
    _ = editor.handle(.ctrl("u"))
    #expect(editor.text == "")
  }

  @Test func reportsSubmitCancelAndKeysItDoesNotOwn() {
    var editor = LineEditor("x")
    #expect(editor.handle(.enter) == .submitted)
    #expect(editor.handle(.escape) == .cancelled)
    #expect(editor.handle(.ctrl("g")) == .cancelled)
    #expect(editor.handle(.tab) == .unhandled)
    #expect(editor.handle(.up) == .unhandled)
    _ = editor.handle(.backspace)
    #expect(editor.handle(.backspace) == .backspaceOnEmpty)
  }

  @Test func wideCharactersAreOneCursorStep() {
    var editor = LineEditor("東京")
    _ = Self.type(&editor, [.left, .char("・")])
    #expect(editor.text == "東・京")
  }
}

@Suite struct KeyNotationTests {
  @Test func plainCharactersAndVimNames() throws {
    #expect(try KeyNotation.parse("lG") == [.char("l"), .char("G")])
    #expect(try KeyNotation.parse("<Tab><S-Tab><Esc><Enter><Space><BS><Up><C-c><F1>")
      == [.tab, .backTab, .escape, .enter, .char(" "), .backspace, .up, .ctrl("c"), .f1])
    #expect(try KeyNotation.parse("a<lt>b>") == [.char("a"), .char("<"), .char("b"), .char(">")])
    #expect(try KeyNotation.parse("<pagedown><CR>") == [.pageDown, .enter])
  }

  @Test func unknownNamesAreErrors() {
    #expect(throws: KeyNotation.Failure.self) { try KeyNotation.parse("<Hyper-x>") }
    #expect(throws: KeyNotation.Failure.self) { try KeyNotation.parse("<C-1>") }
  }
}

@Suite struct ModeStackTests {
  @Test func theTopModeTakesTheKeysAndEscPopsIt() {
    var state = Demo.state()
    _ = update(&state, .key(.char("?")))
    #expect(state.overlay == .help)
    // `/` inside help neither closes it nor opens a search under it: only q and Esc close.
    _ = update(&state, .key(.char("/")))
    #expect(state.overlay == .help)
    #expect(state.message == "q or Esc closes the help")
    _ = update(&state, .key(.char("l")))
    #expect(state.overlay == .help)
    _ = update(&state, .key(.escape))
    #expect(state.modes.isEmpty)
    _ = update(&state, .key(.char("/")))
    _ = update(&state, .key(.char("S")))
    #expect(state.prompt == "S")
    #expect(view(state).lines.last!.hasPrefix("/S▏"))
    _ = update(&state, .key(.escape))
    #expect(state.modes.isEmpty)
    #expect(state.reader.cursor == 0)
  }

  @Test func theExportPromptIsTwoModesInTurn() {
    var state = Demo.state()
    _ = update(&state, .key(.char("X")))
    #expect(state.mode == .exportScope)
    _ = update(&state, .key(.char("z")))
    #expect(state.mode == .exportScope)
    _ = update(&state, .key(.char("a")))
    #expect(state.exportPath == "confab-all.json")
    _ = update(&state, .key(.ctrl("w")))
    #expect(state.exportPath == "")
    _ = update(&state, .key(.escape))
    #expect(state.mode == nil)
  }
}
