import ConfabModel
import Testing

@testable import ConfabTUI

/// `f`: the kinds e/E stop at, chosen in a small menu and kept for every transcript opened.
@Suite struct EventFilterTests {
  static func opened() -> AppState {
    var state = MarkerViewTests.state()
    MarkerViewTests.openMarkers(&state)
    return state
  }

  @Test func theMenuTogglesKindsAndEnterApplies() throws {
    var state = Self.opened()
    let before = state.reader.open!.events.map(\.event.kind)
    #expect(before.contains(.competingAnswer))
    Demo.press(&state, .char("f"))
    #expect(state.eventFilterMenu != nil)
    // Third row: competing answers. Space turns them off; Esc would forget it, Enter keeps it.
    Demo.press(&state, .char("j"), .char("j"), .char(" "))
    #expect(state.eventFilterMenu?.filter.kinds.contains(.competingAnswer) == false)
    Demo.press(&state, .escape)
    #expect(state.mode == nil)
    #expect(state.reader.open!.events.map(\.event.kind) == before)
    Demo.press(&state, .char("f"), .char("j"), .char("j"), .char(" "), .enter)
    #expect(!state.reader.open!.events.contains { $0.event.kind == .competingAnswer })
    #expect(state.message?.hasPrefix("events: self-correction, near-miss correction, unbacked confidence") == true)
    // Opt-in kinds come on with a; d goes back to the defaults.
    Demo.press(&state, .char("f"), .char("a"), .enter)
    #expect(state.reader.open!.events.contains { $0.event.kind == .hedge })
    Demo.press(&state, .char("f"), .char("d"), .enter)
    #expect(state.reader.eventFilter == .standard)
  }

  @Test func theScoreFloorHidesWeakEvents() {
    var state = Self.opened()
    let all = state.reader.open!.events.count
    Demo.press(&state, .char("f"))
    for _ in 0..<8 { Demo.press(&state, .char("+")) }
    #expect(state.eventFilterMenu?.filter.minimumScore == 1.0)
    Demo.press(&state, .enter)
    let strong = state.reader.open!.events
    #expect(strong.count < all)
    #expect(strong.allSatisfy { $0.event.score >= 1.0 })
  }

  @Test func statusNamesTheRuleAndScore() {
    var state = Self.opened()
    Demo.press(&state, .char("f"), .char("d"), .enter)
    let index = state.reader.open!.events.firstIndex { $0.event.kind == .nearMissCorrection }!
    for _ in 0...index { Demo.press(&state, .char("e")) }
    #expect(state.message?.contains("near-miss correction: \" Wait\" 0.350 listed") == true)
    #expect(state.message?.contains("rule: a correction opener at a clause start") == true)
  }

  /// A mode's prompt that is wider than the terminal drops its last fields and says so with
  /// "…", instead of stopping mid-word at the edge.
  @Test func aNarrowStatusLineDropsWholeFields() {
    var state = Self.opened()
    Demo.press(&state, .char("f"))
    state.size = Size(width: 40, height: 30)
    let status = view(state).lines.last ?? ""
    #expect(status.hasPrefix(" events · j/k kinds · Space on/off …"), "\(status)")
  }

  @Test func menuSnapshot() throws {
    var state = Self.opened()
    Demo.press(&state, .char("f"), .char("j"))
    try expectSnapshot(view(state), "event-filter-100x30")
  }

  /// Letting high-entropy or unlikely tokens through asks once for the corpus's own cut-offs;
  /// when they come, the loop analyses with them and the open transcript is read again, the
  /// cursor kept where it was.
  @Test func statisticalKindsUseTheCorpusOwnCutoffs() throws {
    var state = Demo.state()
    Demo.press(&state, .char("l"), .char("l"), .char("l"))
    #expect(update(&state, .key(.char("f"))).isEmpty)
    _ = update(&state, .key(.char("a")))
    #expect(update(&state, .key(.enter)) == [.findCorpusThresholds])
    #expect(state.reader.corpusCutoffs == .reading)
    #expect(state.message?.contains("reading the corpus") == true)
    Demo.press(&state, .char("f"))
    #expect(update(&state, .key(.enter)).isEmpty, "asked once")
    let effects = update(&state, .corpusThresholds(highEntropy: 4.49, unlikely: 0.00004))
    #expect(effects == [.useThresholds(highEntropy: 4.49, unlikely: 0.00004), .load(index: 0, Demo.transcript.source)])
    #expect(state.message?.contains("H≥ 4.49 nats, p < 0.00004") == true)
    _ = update(&state, .loaded(index: 0, Demo.analyzed(Demo.transcript)))
    #expect(state.reader.cursor == 3, "back on the token it was on")
    #expect(state.reader.corpusCutoffs == .relative(highEntropy: 4.49, unlikely: 0.00004))
  }
}
