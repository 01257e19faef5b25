import ConfabModel
import Testing

@testable import ConfabTUI

/// Markers drawn inline, events to jump to, pressure in the panel, sorting the list.
@Suite struct MarkerViewTests {
  /// An answer with a hedge, a wrong confident assertion, a real correction and a position
  /// where " Wait" was likely but not sampled.
  static let transcript: Transcript = {
    let tokens: [Token] = [
      Demo.token("The", 0.9, [("The", 0.9)]),
      Demo.token(" answer", 0.9, [(" answer", 0.9)]),
      Demo.token(" is", 0.9, [(" is", 0.9)]),
      Demo.token(" definitely", 0.3, [(" probably", 0.4), (" definitely", 0.3), (" likely", 0.2)]),
      Demo.token(" 21", 0.2, [(" 19", 0.5), (" 21", 0.2), (" 20", 0.1)]),
      Demo.token(".", 0.9, [(".", 0.9)]),
      Demo.token(" So", 0.5, [(" So", 0.5), (" Wait", 0.35), (" Actually", 0.1)]),
      Demo.token(" it", 0.9, [(" it", 0.9)]),
      Demo.token(" is", 0.9, [(" is", 0.9)]),
      Demo.token(" 21", 0.9, [(" 21", 0.9)]),
      Demo.token(".", 0.9, [(".", 0.9)]),
      Demo.token(" That", 0.9, [(" That", 0.9)]),
      Demo.token(" is", 0.9, [(" is", 0.9)]),
      Demo.token(" my", 0.9, [(" my", 0.9)]),
      Demo.token(" answer", 0.9, [(" answer", 0.9)]),
      Demo.token(".", 0.9, [(".", 0.9)]),
      Demo.token(" Wait", 0.6, [(" Wait", 0.6), (" I", 0.3)]),
      Demo.token(",", 0.9, [(",", 0.9)]),
      Demo.token(" I", 0.9, [(" I", 0.9)]),
      Demo.token(" think", 0.9, [(" think", 0.9)]),
      Demo.token(" it", 0.9, [(" it", 0.9)]),
      Demo.token(" is", 0.9, [(" is", 0.9)]),
      Demo.token(" 19", 0.9, [(" 19", 0.9)]),
      Demo.token(".", 0.9, [(".", 0.9)]),
    ]
    let source = SourceRef(path: "m.jsonl", line: 1, byteOffset: 0, byteLength: 0, choice: 0, format: .openaiChat)
    return Transcript(id: "m", source: source, promptID: "nine-plus-ten", messages: [
      Message(role: .user, text: "What is 9 + 10? I think it is 21."),
      Message(role: .assistant, text: TokenText.text(of: tokens), tokens: tokens),
    ])
  }()

  /// Thresholds changed the way --unbacked does on the command line.
  static let analyzer: Analyzer = {
    var thresholds = EventThresholds()
    thresholds.unbackedProbability = 0.5
    return Analyzer(detector: MarkerDetector(), thresholds: thresholds)
  }()

  static func state(width: Int = 100, height: Int = 30) -> AppState {
    var state = AppState(size: Size(width: width, height: height), colorMode: .full256, fileCount: 1)
    var scan = CorpusUpdate()
    scan.summaries = [analyzer.summarize(Demo.transcript), analyzer.summarize(transcript)]
    scan.finished = true
    _ = update(&state, .corpus(scan))
    _ = update(&state, .loaded(index: 0, AnalyzedTranscript(Demo.transcript, analyzer: analyzer)))
    return state
  }

  static func openMarkers(_ state: inout AppState) {
    _ = update(&state, .key(.char("n")))
    _ = update(&state, .loaded(index: 1, AnalyzedTranscript(transcript, analyzer: analyzer)))
  }

  @Test func markersAreStyledOnTheTextChannel() throws {
    var state = Self.state()
    Self.openMarkers(&state)
    let open = try #require(state.reader.open)
    #expect(open.markerKind[3] == .assertion)  // "The answer is definitely" is one assertion span
    #expect(open.markerKind[16] == .correction)
    #expect(open.markerKind[18] == .hedge)
    let buffer = view(state)
    let wait = try #require(cell(buffer, containing: "Wait"))
    #expect(buffer[wait.x, wait.y].style.underline)
    #expect(buffer[wait.x, wait.y].style.fg == .indexed(213))
    let think = try #require(lastCell(buffer, containing: "think"))
    #expect(buffer[think.x, think.y].style.fg == .indexed(221))
    // The user's own "I think" is not the model's: no marker there.
    let user = try #require(buffer.lines.firstIndex { $0.contains("user  What is 9 + 10?") })
    let userThink = try #require(buffer.lines[user].range(of: "think"))
    let x = DisplayWidth.of(String(buffer.lines[user][..<userThink.lowerBound]))
    #expect(!buffer[x, user].style.underline)
  }

  @Test func eventsFindTheNearMissAndUnbackedConfidence() throws {
    var state = Self.state()
    Self.openMarkers(&state)
    let kinds = state.reader.open!.events.map(\.event.kind)
    #expect(kinds.contains(.nearMissCorrection))
    #expect(kinds.contains(.unbackedConfidence))  // "definitely" vouches for " 21" at 0.2
    #expect(kinds.contains(.competingAnswer))  // " 21" 0.2 over " 19" 0.5
    #expect(kinds.contains(.correction))
    // Hedges are highlighted, not stops by default; every kind is one f away.
    #expect(!kinds.contains(.hedge))
    #expect(state.reader.open!.allEvents.contains { $0.event.kind == .hedge })
    // e visits every event in order, then reports the end.
    var visited: [EventKind] = []
    for _ in 0..<state.reader.open!.events.count {
      _ = update(&state, .key(.char("e")))
      visited.append(state.reader.open!.events[state.reader.currentEvent!].event.kind)
    }
    #expect(visited == kinds)
    #expect(update(&state, .key(.char("e"))) == [])
    #expect(state.message == "no more events")
    _ = update(&state, .key(.char("E")))
    #expect(state.reader.currentEvent == kinds.count - 2)
    let nearMiss = try #require(state.reader.open!.events.first { $0.event.kind == .nearMissCorrection })
    #expect(nearMiss.token == 6)  // " So", where " Wait"/" Actually" held 0.45
  }

  @Test func eventJumpsCrossIntoTheNextTranscript() {
    var state = Self.state()
    state.reader.cursor = state.reader.open!.layout.tokens.count - 1
    // Past the last event of the first transcript, e loads the next one...
    var effects: [Effect] = []
    for _ in 0..<20 where effects.isEmpty { effects = update(&state, .key(.char("e"))) }
    #expect(effects == [.load(index: 1, Self.transcript.source)])
    _ = update(&state, .loaded(index: 1, AnalyzedTranscript(Self.transcript, analyzer: Self.analyzer)))
    // ...and lands on its first event.
    #expect(state.reader.currentEvent == 0)
    #expect(state.message?.hasPrefix("event 1/") == true)
  }

  @Test func panelShowsPressureAsABound() throws {
    var state = Self.state()
    Self.openMarkers(&state)
    state.reader.cursor = 6
    let header = try #require(view(state).lines.first { $0.hasPrefix("─ token 7/") })
    #expect(header.contains("corr≥0.45"))
    Demo.press(&state, .char("T"), .char("T"))
    #expect(state.reader.timeline == .correction)
    #expect(view(state).text.contains("corr≥ "))
  }

  @Test func listSortsByMarkerCounts() {
    var state = Self.state()
    #expect(state.list.order == [0, 1])
    Demo.press(&state, .char("s"), .char("s"))
    #expect(state.list.sort == .corrections)
    #expect(state.list.order == [1, 0])
    // The open transcript stays selected after sorting.
    #expect(state.list.order[state.list.selected] == 0)
    #expect(view(state).text.contains("c1"))
    try? expectSnapshot(view(state), "sorted-markers-100x30")
  }
}

/// An end-of-text token (empty, as llama-server records SmolLM2's <|im_end|>) and a flagged
/// special token are labelled glyphs in the text and the panel, never `·` or `""`.
@Suite struct SpecialTokenViewTests {
  @Test func endOfTextIsALabelledGlyphInTextAndPanel() throws {
    let tokens = [Demo.token("Yes", 0.5, [("Yes", 0.5), ("", 0.3)]), Demo.token(".", 0.9, [(".", 0.9)]),
                  Token(bytes: [], logprob: Logprob(probability: 0.49), top: [Alternative(bytes: [], logprob: Logprob(probability: 0.49)),
                                                                               Alternative(bytes: Array("<|im_start|>".utf8), logprob: Logprob(probability: 0.1))],
                        chosenIndex: 0)]
    let transcript = Transcript(
      id: "eos", source: SourceRef(path: "eos.jsonl", line: 1, byteOffset: 0, byteLength: 0, choice: 0, format: .confab),
      messages: [Message(role: .user, text: "Q?"), Message(role: .assistant, text: TokenText.text(of: tokens), tokens: tokens)])
    var state = AppState(size: Size(width: 80, height: 24), colorMode: .full256, fileCount: 1)
    var scan = CorpusUpdate()
    scan.summaries = [TranscriptSummary(transcript)]
    scan.finished = true
    _ = update(&state, .corpus(scan))
    _ = update(&state, .loaded(index: 0, Demo.analyzed(transcript)))
    let first = view(state).text
    #expect(first.contains("▶ \"Yes\""))
    #expect(first.contains("  ⏎eos "), "the empty alternative is named:\n\(first)")
    Demo.press(&state, .char("G"))
    let last = view(state).text
    #expect(last.contains("asst  Yes.⏎eos"), "\(last)")
    #expect(last.contains("─ token 3/3  ⏎eos  p 0.490"))
    #expect(last.contains("⟨<|im_start|>⟩"))
    #expect(!last.contains("\"\""))
  }
}

/// A prompt's own assistant turn ("The capital of Canada is Toronto." before "Are you sure?")
/// is marked as given and dimmed; the sampled reply keeps the asst gutter.
@Suite struct GivenTurnViewTests {
  @Test func givenAssistantTurnsAreMarkedAndDimmed() throws {
    let tokens = [Demo.token("Yes", 0.5, [("Yes", 0.5), ("No", 0.3)])]
    let transcript = Transcript(
      id: "sure", source: SourceRef(path: "sure.jsonl", line: 1, byteOffset: 0, byteLength: 0, choice: 0, format: .confab),
      messages: [Message(role: .user, text: "Capital of Canada?"), Message(role: .assistant, text: "Toronto."),
                 Message(role: .user, text: "Are you sure?"), Message(role: .assistant, text: "Yes", tokens: tokens)])
    var state = AppState(size: Size(width: 80, height: 24), colorMode: .full256, fileCount: 1)
    var scan = CorpusUpdate()
    scan.summaries = [TranscriptSummary(transcript)]
    scan.finished = true
    _ = update(&state, .corpus(scan))
    _ = update(&state, .loaded(index: 0, Demo.analyzed(transcript)))
    let buffer = view(state)
    let given = try #require(cell(buffer, containing: "given Toronto."))
    #expect(buffer[given.x, given.y].style == state.theme.dimText)
    #expect(buffer[given.x + 6, given.y].style == state.theme.dimText, "its text recedes too")
    #expect(buffer.text.contains("asst  Yes"))
    #expect(!buffer.text.contains("asst  Toronto."))
  }
}
