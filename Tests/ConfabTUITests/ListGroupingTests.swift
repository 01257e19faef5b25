import ConfabModel
import Testing

@testable import ConfabTUI

/// The list grouped by prompt (P): header rows with agreement and the ⚠ mark, samples under
/// them by their answers, the gap sort, and the selection kept through both.
@Suite struct ListGroupingTests {
  /// Prompt A: three plain samples answering sydney, canberra, canberra (decisive, agreement
  /// 2/3). Prompt B: two hedged samples both answering paris. Prompt C: one sample.
  /// File order interleaves them: A0 B0 A1 C0 B1 A2.
  static var summaries: [TranscriptSummary] {
    let rows: [(String, String?, Int)] = [("A", "sydney", 0), ("B", "paris", 2), ("A", "canberra", 0), ("C", "42", 0),
                                         ("B", "paris", 1), ("A", "canberra", 0)]
    var seen: [String: Int] = [:]
    return rows.enumerated().map { index, row in
      var summary = TranscriptSummary(Demo.plain)
      summary.id = "t\(index)"
      summary.title = "prompt-" + row.0
      summary.promptKey = row.0
      summary.answer = row.1
      summary.sampleIndex = seen[row.0, default: 0]
      seen[row.0, default: 0] += 1
      summary.counts[.hedge] = row.2
      summary.counts.hedgeStrength = Double(row.2)  // cues of strength 1
      return summary
    }
  }

  static func state(width: Int = 80, height: Int = 24) -> AppState {
    var state = AppState(size: Size(width: width, height: height), colorMode: .full256, fileCount: 1)
    var scan = CorpusUpdate()
    scan.summaries = summaries
    scan.finished = true
    _ = update(&state, .corpus(scan))
    _ = update(&state, .loaded(index: 0, Demo.analyzed(Demo.plain)))
    return state
  }

  /// A branch of prompt C and a rescoring of prompt A: listed under their prompt, marked ⑂
  /// and ↺, counted in neither the header's sample count nor its agreement.
  @Test func branchesAndRescoringsAreListedButNotCounted() throws {
    var state = Self.state()
    var branch = Self.summaries[3]
    branch.id = "branch"
    branch.answer = "41"
    branch.isDerived = true
    var rescoring = Self.summaries[0]
    rescoring.id = "rescoring"
    rescoring.isDerived = true
    rescoring.rescoreParent = "t0"
    var more = CorpusUpdate()
    more.summaries = [branch, rescoring]
    more.finished = true
    _ = update(&state, .corpus(more))
    Demo.press(&state, .char("P"))
    let groups = state.list.groups
    let a = try #require(groups.first { $0.entries.contains(0) })
    let c = try #require(groups.first { $0.entries.contains(3) })
    #expect(a.entries.count == 4 && a.samples == 3)
    #expect(abs(a.figures.agreement - 2.0 / 3) < 1e-9)  // the rescoring's "sydney" is not a vote
    #expect(c.entries.count == 2 && c.samples == 1 && c.figures.agreement == 1)
    let screen = view(state).lines.joined(separator: "\n")
    #expect(screen.contains("⑂") && screen.contains("↺"))
    #expect(screen.contains("3×"))
  }

  @Test func groupingPutsEachPromptsSamplesUnderItsHeader() {
    var state = Self.state()
    Demo.press(&state, .char("P"))
    #expect(state.list.grouped)
    #expect(state.list.groupedRows == [.group(0), .sample(0), .sample(2), .sample(5), .group(1), .sample(1), .sample(4), .entry(3)])
    let a = state.list.groups[0].figures
    #expect(abs(a.agreement - 2.0 / 3) < 1e-12)
    #expect(a.decisiveness == 1)
    #expect(!a.confidentlyInconsistent, "agreement 0.67 is above the 0.6 default")
    let b = state.list.groups[1].figures
    #expect(b.agreement == 1)
    #expect(abs(b.decisiveness - (1.0 / 3 + 1.0 / 2) / 2) < 1e-12)
    Demo.press(&state, .char("P"))
    #expect(!state.list.grouped)
    #expect(state.list.rowCount == 6)
    #expect(state.list.order == [0, 1, 2, 3, 4, 5])
  }

  @Test func samplesThatAreSureYetDisagreeAreMarked() throws {
    var summaries = Self.summaries
    summaries[2].answer = "perth"  // A: sydney, perth, canberra: agreement 1/3, no hedges
    var state = AppState(size: Size(width: 80, height: 24), colorMode: .full256, fileCount: 1)
    var scan = CorpusUpdate()
    scan.summaries = summaries
    scan.finished = true
    _ = update(&state, .corpus(scan))
    Demo.press(&state, .char("P"))
    #expect(state.list.groups[0].figures.confidentlyInconsistent)
    let text = view(state).text
    #expect(text.contains("⚠ 3× 33%"))
    #expect(text.contains("→ perth"))
  }

  @Test func gapSortPutsTheWidestGapFirstAndKeepsTheSelection() {
    var state = Self.state()
    Demo.press(&state, .char("P"))
    #expect(state.list.row(state.list.selected) == .sample(0), "the selected transcript stays selected, under its header")
    Demo.press(&state, .tab, .char("j"), .char("j"), .char("j"))
    #expect(state.list.row(state.list.selected) == .group(1), "on prompt B's header")
    for _ in 0..<5 { Demo.press(&state, .char("s")) }
    #expect(state.list.sort == .gap)
    // A: 1 - 2/3 = 0.33; B: 0.42 - 1 = -0.58; C has one sample: last.
    #expect(state.list.groups.map { $0.entries[0] } == [0, 1, 3])
    #expect(state.list.row(state.list.selected) == .group(1), "a header stays selected as a header")
    #expect(state.list.groups[1].entries == [1, 4])
    // Ungrouped, the gap sort keeps each prompt's samples together, widest gap first.
    Demo.press(&state, .char("P"))
    #expect(state.list.order == [0, 2, 5, 1, 4, 3])
    #expect(state.list.entry(atRow: state.list.selected) == 1, "the header's first sample is selected")
  }

  @Test func aHeaderOpensItsFirstSampleAndEventsSkipHeaders() {
    var state = Self.state()
    Demo.press(&state, .char("P"), .tab, .char("j"), .char("j"))
    #expect(state.list.row(state.list.selected) == .sample(5))
    let effects = update(&state, .key(.char("j")))
    #expect(state.list.row(state.list.selected) == .group(1))
    #expect(effects == [.load(index: 1, state.list.entries.source(at: 1))], "the header loads prompt B's first sample")
  }

  @Test func groupedListSnapshot() throws {
    var state = Self.state(width: 80, height: 24)
    Demo.press(&state, .char("P"), .tab)
    try expectSnapshot(view(state), "grouped-list-80x24")
  }
}

/// `/` in the list finds rows by title (and, grouped, by answer); n/N step, Esc clears; in the
/// transcript `/` still searches the text.
@Suite struct ListSearchTests {
  @Test func slashInTheListFindsTitlesAndNSteps() {
    var state = ListGroupingTests.state()
    Demo.press(&state, .tab, .char("/"), .char("b"), .enter)
    #expect(state.list.entry(atRow: state.list.selected) == 1, "prompt-B's first sample")
    #expect(state.message == "/b: row 1 of 2 matching (n/N, Esc clears)")
    #expect(state.reader.search == nil, "no transcript search")
    Demo.press(&state, .char("n"))
    #expect(state.list.entry(atRow: state.list.selected) == 4)
    Demo.press(&state, .char("n"))
    #expect(state.list.entry(atRow: state.list.selected) == 1, "wraps")
    Demo.press(&state, .char("N"))
    #expect(state.list.entry(atRow: state.list.selected) == 4)
    Demo.press(&state, .escape, .char("n"))
    #expect(state.list.titleQuery == nil)
    #expect(state.list.entry(atRow: state.list.selected) == 5, "after Esc, n is the next transcript again")
  }

  @Test func groupedSamplesMatchByAnswerAndMissesSaySo() {
    var state = ListGroupingTests.state()
    Demo.press(&state, .char("P"), .tab, .char("/"), .char("c"), .char("a"), .char("n"), .enter)
    #expect(state.list.row(state.list.selected) == .sample(2), "the first sample answering canberra")
    Demo.press(&state, .char("/"), .char("z"), .char("z"), .enter)
    #expect(state.message == "no title matches: zz")
    #expect(state.list.titleQuery == nil)
  }
}
