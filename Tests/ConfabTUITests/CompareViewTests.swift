import ConfabModel
import Testing

@testable import ConfabTUI

/// The compare view: the fork tree's rows, its keys, and its screens.
@Suite struct CompareViewTests {
  static func token(_ text: String, _ p: Double, top: [(String, Double)] = []) -> Token {
    Token(bytes: Array(text.utf8), logprob: Logprob(probability: p),
          top: top.map { Alternative(bytes: Array($0.0.utf8), logprob: Logprob(probability: $0.1)) })
  }

  /// Three samples: two share "The capital is" and part at " Canberra" / " Sydney"; the third
  /// parts at the first token. The Canberra sample then ends while the other goes on.
  static var group: CompareGroup {
    let first = [("The", 0.7), ("It", 0.2)]
    let city = [(" Canberra", 0.6), (" Sydney", 0.25), (" Perth", 0.05)]
    let a = [token("The", 0.7, top: first), token(" capital", 0.9), token(" is", 0.9), token(" Canberra", 0.6, top: city), token(".", 0.9)]
    let b = [token("The", 0.7, top: first), token(" capital", 0.9), token(" is", 0.9), token(" Sydney", 0.25, top: city),
             token(".", 0.9), token("\nSure.", 0.5)]
    let c = [token("It", 0.2, top: first), token(" is", 0.8), token(" Canberra", 0.9)]
    // Demo's list has two entries: the third sample stands in as entry 1 again.
    return CompareGroup(entries: [0, 1, 1], labels: ["#0", "#1", "#2"], tokens: [a, b, c], title: "capital-australia")
  }

  @Test func rowsFollowTheTreeAndMatchTheForks() {
    let compare = CompareState(Self.group)
    #expect(compare.forks.count == 2)
    #expect(compare.rows.map(\.text) == ["", "The capital is", " Canberra.", " Sydney.\nSure.", "It is Canberra"])
    #expect(compare.rows.map(\.depth) == [0, 1, 2, 2, 1])
    #expect(compare.rows.map(\.samples) == [[0, 1, 2], [0, 1], [0], [1], [2]])
    #expect(compare.rows.map(\.fork) == [nil, 0, 1, 1, 0])
    #expect(compare.rows.map(\.isLast) == [false, false, false, true, true])
    #expect(compare.forks[1].tokenIndex == 3)
    #expect(compare.forks[1].prefix == "The capital is")
    #expect(abs((compare.forks[1].unsampledMass ?? 0) - 0.05) < 1e-9)
  }

  /// Below a fork's last branch the rail stops, as `tree` draws it: "│  └─" then "   ├─".
  @Test func railsStopBelowALastBranch() {
    let first = [("X", 0.5), ("Y", 0.5)]
    let second = [("1", 0.5), ("2", 0.5)]
    func sample(_ a: String, _ b: String) -> [Token] { [Self.token(a, 0.5, top: first), Self.token(b, 0.5, top: second)] }
    let group = CompareGroup(entries: [0, 0, 0, 0], labels: ["#0", "#1", "#2", "#3"],
                             tokens: [sample("X", "1"), sample("X", "2"), sample("Y", "1"), sample("Y", "2")], title: "t")
    let compare = CompareState(group)
    #expect(compare.rows.map(\.text) == ["", "X", "1", "2", "Y", "1", "2"])
    #expect(compare.rows.map(\.rails) == [[], [], [true], [true], [], [false], [false]])
    var state = Demo.state(width: 60, height: 20)
    _ = update(&state, .groupLoaded(.success(group)))
    let lines = view(state).lines
    #expect(lines.contains { $0.hasPrefix(" │  └─ #1") })
    #expect(lines.contains { $0.hasPrefix("    ├─ #2") }, "\(lines.joined(separator: "\n"))")
  }

  @Test func keysMoveJumpBetweenForksOpenAndClose() {
    var state = Demo.state(width: 100, height: 30)
    _ = update(&state, .groupLoaded(.success(Self.group)))
    #expect(state.compare?.cursor == 0)
    Demo.press(&state, .char("f"))
    #expect(state.compare?.cursor == 1)
    Demo.press(&state, .char("f"))
    #expect(state.compare?.cursor == 2)
    #expect(state.compare?.currentFork?.tokenIndex == 3)
    Demo.press(&state, .char("f"))
    #expect(state.message == "no fork after this row")
    Demo.press(&state, .char("F"), .char("j"), .char("j"))
    #expect(state.compare?.cursor == 3)
    Demo.press(&state, .char("G"))
    #expect(state.compare?.cursor == 4)
    let effects = update(&state, .key(.enter))
    #expect(state.compare == nil, "Enter leaves the compare view")
    #expect(state.reader.pendingPosition == TokenPosition(message: nil, token: 0), "the sample opens at its fork")
    #expect(effects.contains { if case .load(index: 1, _) = $0 { return true } else { return false } })
    _ = update(&state, .groupLoaded(.success(Self.group)))
    Demo.press(&state, .escape)
    #expect(state.mode == nil)
  }

  @Test func cAsksForTheSamplesOfTheOpenPromptOrSaysWhyNot() {
    var state = Demo.state()
    #expect(update(&state, .key(.char("c"))) == [])
    #expect(state.message == "only one sample of this prompt: nothing to compare")
  }

  @Test func compare80x24() throws {
    var state = Demo.state()
    _ = update(&state, .groupLoaded(.success(Self.group)))
    Demo.press(&state, .char("f"), .char("f"))
    let buffer = view(state)
    try expectSnapshot(buffer, "compare-80x24")
    #expect(buffer.text.contains("“ Canberra” p 0.600 ×1 · “ Sydney” p 0.250 ×1"))
    #expect(buffer.text.contains("listed, never sampled: 0.050"))
  }

  @Test func compare200x60() throws {
    var state = Demo.state(width: 200, height: 60)
    _ = update(&state, .groupLoaded(.success(Self.group)))
    Demo.press(&state, .char("f"))
    try expectSnapshot(view(state), "compare-200x60")
  }
}

/// A file with no top-k must not look certain: no rank, tail or entropy when nothing is listed.
@Suite struct NoAlternativesTests {
  @Test func aFileWithoutTopKSaysSoInsteadOfDrawingCertainty() {
    let tokens = ["The", " answer", " is", " 19"].map { Token(bytes: Array($0.utf8), logprob: Logprob(probability: 0.9)) }
    let transcript = Transcript(id: "k0", source: SourceRef(path: "k0.jsonl", line: 1, byteOffset: 0, byteLength: 1, choice: 0, format: .confab),
                                messages: [Message(role: .user, text: "9+10?"), Message(role: .assistant, text: "The answer is 19", tokens: tokens)])
    var state = Demo.state(width: 120, height: 30)
    Demo.press(&state, .char("n"))
    _ = update(&state, .loaded(index: 1, Demo.analyzed(transcript)))
    let text = view(state).text
    #expect(text.contains("no alternatives recorded"))
    #expect(!text.contains("rank >0"))
    #expect(text.contains("lp -0.105 = 0.11 nats"))
    #expect(text.contains("no alternatives recorded in this file: no entropy (T: surprisal)"))
    Demo.press(&state, .char("T"))
    #expect(view(state).text.contains("surprisal per token"))
  }
}

/// Wrapping moves a word split over tokens to the next line whole: punctuation stays on its
/// word ("economy" "." never becomes "economy" / ". Australia").
@Suite struct WordWrapTests {
  static func layout(_ pieces: [String], width: Int) -> [String] {
    let tokens = pieces.map { Token(bytes: Array($0.utf8), logprob: Logprob(probability: 0.5)) }
    let transcript = Transcript(id: "w", source: SourceRef(path: "w", line: 1, byteOffset: 0, byteLength: 1, choice: 0, format: .confab),
                                messages: [Message(role: .assistant, text: pieces.joined(), tokens: tokens)])
    let layout = TranscriptLayout(transcript: transcript, width: width + TranscriptLayout.gutterWidth)
    return layout.lines.map { $0.spans.map(\.text).joined() }
  }

  @Test func punctuationStaysOnItsWord() {
    // "its economy" is 11 cells; "." would be the 12th of a 11-cell line.
    // A wrapped line starts flush: the leading space of its first token is not drawn.
    #expect(Self.layout(["its", " economy", ".", " Australia"], width: 11) == ["its", "economy.", "Australia"])
    #expect(Self.layout(["(-", "1", ":S)", " ok"], width: 6) == ["(-1:S)", "ok"])
  }

  /// Tagging never re-flows a paragraph: the same lines break in the same places with and
  /// without tags, brackets only take cells that were blank or spaces.
  @Test func tagsDoNotMoveTheText() {
    let pieces = ["its", " economy", ".", " Australia", " is", " big", "."]
    let tokens = pieces.map { Token(bytes: Array($0.utf8), logprob: Logprob(probability: 0.5)) }
    let transcript = Transcript(id: "w", source: SourceRef(path: "w", line: 1, byteOffset: 0, byteLength: 1, choice: 0, format: .confab),
                                messages: [Message(role: .assistant, text: pieces.joined(), tokens: tokens)])
    let tag = ConfabModel.Tag(id: 1, transcript: "w", source: transcript.source, message: 0, start: 3, end: 11, tokenStart: 1, tokenEnd: 4,
                              label: "x", text: " economy. Australia", created: 0)
    let width = 12 + TranscriptLayout.gutterWidth
    let plain = TranscriptLayout(transcript: transcript, width: width)
    let tagged = TranscriptLayout(transcript: transcript, width: width, tags: [tag])
    #expect(plain.lines.map(\.spans) == tagged.lines.map(\.spans))
    #expect(tagged.lines.map(\.tagLabel) == ["x", "x", nil].prefix(tagged.lines.count).map { $0 })
    #expect(tagged.brackets.map(\.text) == ["⟦", "⟧"])
  }

  /// After a newline of the text itself, leading spaces are the text's own (indentation).
  @Test func indentationAfterANewlineIsKept() {
    #expect(Self.layout(["if x:", "\n", "    y"], width: 20) == ["if x:↵", "    y"])
  }

  @Test func aWordWiderThanTheLineIsStillSplit() {
    #expect(Self.layout(["abcdefgh", "ijkl"], width: 6) == ["abcdef", "ghijkl"])
  }
}
