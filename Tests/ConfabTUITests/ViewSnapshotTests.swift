import ConfabModel
import Testing

@testable import ConfabTUI

@Suite struct ViewSnapshotTests {
  @Test func explorer80x24() throws {
    try expectSnapshot(view(Demo.state()), "explorer-80x24")
  }

  @Test func explorer200x60() throws {
    var state = Demo.state(width: 200, height: 60)
    Demo.press(&state, .char("l"), .char("l"), .char("l"))
    try expectSnapshot(view(state), "explorer-200x60")
  }

  @Test func chosenTokenOutsideTopKGetsItsOwnRow() throws {
    var state = Demo.state()
    Demo.press(&state, .char("G"))
    try expectSnapshot(view(state), "outside-topk-80x24")
    let buffer = view(state)
    #expect(buffer.text.contains("rank >2"))
    #expect(buffer.text.contains("outside top-2"))
  }

  @Test func helpOverlayListsEveryBinding() throws {
    var state = Demo.state(width: 100, height: 40)
    Demo.press(&state, .char("?"))
    let buffer = view(state)
    try expectSnapshot(buffer, "help-100x40")
    for binding in Keymap.bindings.prefix(20) { #expect(buffer.text.contains(binding.help)) }
  }

  /// Overlay lines wrap between words; a key's help hangs under its description, anything
  /// else indents by three, and a word wider than the box (a path) is cut.
  @Test func overlayLinesWrapBetweenWordsUnderTheirDescription() {
    #expect(OverlayWidget.wrap("f             event filter: the kinds e/E stop at", to: 34) == [
      "f             event filter: the",
      "              kinds e/E stop at",
    ])
    #expect(OverlayWidget.wrap("/tmp/a.jsonl:1: invalid JSON: the document ends early", to: 30) == [
      "/tmp/a.jsonl:1: invalid JSON:",
      "   the document ends early",
    ])
    #expect(OverlayWidget.wrap("/very/long/path/without/any/spaces/file.jsonl", to: 20) == [
      "/very/long/path/with", "   out/any/spaces/fi", "   le.jsonl",
    ])
    // At 80 columns (75 inside the box) no help line breaks inside a word.
    for line in Keymap.bindings.map({ DisplayWidth.pad($0.label, to: 14) + $0.help }) {
      let pieces = OverlayWidget.wrap(line, to: 75)
      // Each piece after the first loses only its indent: put back with one space, the line again.
      let rejoined = pieces.enumerated().map { $0.offset == 0 ? $0.element : String($0.element.drop { $0 == " " }) }
      #expect(rejoined.joined(separator: " ") == line, "\(pieces)")
    }
  }

  /// Help explains the list's columns and the header's figures (at its end: G scrolls there).
  @Test func helpExplainsTheListColumnsAndFigures() {
    var state = Demo.state(width: 100, height: 40)
    Demo.press(&state, .char("?"), .char("G"))
    let text = view(state).text
    #expect(text.contains("list rows: title, h/c/a/n counts of hedges, corrections, assertions and"))
    #expect(text.contains("lp logprob = surprisal in nats"))
    #expect(state.overlay == .help)
  }

  /// A problem longer than the box wraps under itself instead of being cut at the edge.
  @Test func longProblemsWrapInTheOverlay() {
    var state = Demo.state()
    var scan = CorpusUpdate()
    let message = "expected an object with a logprobs field at every position, found a string where the token should be"
    scan.problems = [ImportProblem(path: "a/very/long/path/to/some/recording.jsonl", line: 12, field: "choices[0].logprobs", message: message)]
    scan.finished = true
    _ = update(&state, .corpus(scan))
    Demo.press(&state, .char("p"))
    let text = view(state).lines.joined(separator: "\n")
    #expect(text.contains("should be"), "the end of the message is on screen")
    #expect(text.contains("│    "), "continuations are indented")
  }

  @Test func problemsOverlayNamesFileAndLine() throws {
    var state = Demo.state()
    var scan = CorpusUpdate()
    scan.problems = [ImportProblem(path: "bad.jsonl", line: 7, field: "choices[0]", message: "expected an object, found string")]
    scan.finished = true
    _ = update(&state, .corpus(scan))
    #expect(view(state).lines.last!.contains("1 problem (p)"))
    Demo.press(&state, .char("p"))
    try expectSnapshot(view(state), "problems-80x24")
  }

  @Test func plainTranscriptSaysItHasNoLogprobs() throws {
    var state = Demo.state()
    Demo.press(&state, .char("n"))
    _ = update(&state, .loaded(index: 1, Demo.analyzed(Demo.plain)))
    try expectSnapshot(view(state), "plain-80x24")
  }

  @Test func narrowScreenCollapsesPanes() throws {
    try expectSnapshot(view(Demo.state(width: 50, height: 12)), "narrow-50x12")
  }

  @Test func oddSizesDoNotCrash() {
    for (width, height) in [(0, 0), (1, 1), (2, 1), (5, 3), (9, 4), (13, 7), (40, 11), (300, 100)] {
      var state = Demo.state(width: width, height: height)
      for key: Key in [.char("l"), .char("j"), .char("G"), .char("?"), .char("q"), .char("p"), .char("m")] {
        _ = update(&state, .key(key))
        let buffer = view(state)
        #expect(buffer.size == Size(width: width, height: height))
      }
    }
  }
}
