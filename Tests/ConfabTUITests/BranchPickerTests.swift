import ConfabModel
import Testing

@testable import ConfabTUI

/// `B`: the branch picker at the cursor, the effect it asks for, Esc on a running branch, and
/// the branches joining the list and opening at their fork.
@Suite struct BranchPickerTests {
  /// Demo's reply with the cursor on " Sydney" (token 3: " Canberra" 0.42 listed above it).
  static func atSydney(server: String? = "http://127.0.0.1:8080") -> AppState {
    var state = Demo.state(width: 100, height: 30)
    state.server = server
    Demo.press(&state, .char("l"), .char("l"), .char("l"))
    return state
  }

  @Test func withoutAServerBSaysHowToGiveOne() {
    var state = Self.atSydney(server: nil)
    let effects = update(&state, .key(.char("B")))
    #expect(effects.isEmpty)
    #expect(state.mode == nil)
    #expect(state.message?.contains("--server URL") == true)
    #expect(state.message?.contains("CONFAB_SERVER") == true)
  }

  @Test func bOpensOnTheLikeliestUnsampledAndEnterAsksForTheBranch() throws {
    var state = Self.atSydney()
    #expect(update(&state, .key(.char("B"))).isEmpty)
    let picker = try #require(state.branchPicker)
    #expect(picker.position == 3)
    // " Sydney" was sampled; the choices are the others, likeliest first.
    let token = try #require(Demo.transcript.messages[1].tokens?[3])
    #expect(picker.choices.map { TokenText.quoted(token.top[$0]) } == [#"" Canberra""#, #"" Melbourne""#])
    #expect(picker.alternative == 0)
    Demo.press(&state, .char("j"), .char("+"), .char("+"))
    #expect(state.branchPicker?.alternative == 2 && state.branchPicker?.samples == 3)
    let effects = update(&state, .key(.enter))
    #expect(effects == [.branch(BranchJob(source: Demo.transcript.source, transcript: "demo", position: 3, alternative: 2, samples: 3))])
    #expect(state.mode == nil)
    #expect(state.liveJob?.contains(#"" Melbourne" ×3"#) == true)
    #expect(state.branchSamples == 3)  // kept for the next B
    // While it runs, B says so and Esc cancels it.
    _ = update(&state, .key(.char("B")))
    #expect(state.mode == nil && state.message?.contains("Esc cancels") == true)
    #expect(update(&state, .key(.escape)) == [.cancelLiveJob])
  }

  @Test func escLeavesThePickerAndSamplesStayInRange() {
    var state = Self.atSydney()
    Demo.press(&state, .char("B"), .char("-"), .char("-"))
    #expect(state.branchPicker?.samples == 1)
    for _ in 0..<20 { Demo.press(&state, .char("+")) }
    #expect(state.branchPicker?.samples == BranchPicker.maximumSamples)
    Demo.press(&state, .char("k"), .char("k"))
    #expect(state.branchPicker?.highlighted == 0)
    #expect(update(&state, .key(.escape)).isEmpty)
    #expect(state.mode == nil && state.liveJob == nil)
  }

  @Test func aTokenWithNothingElseListedOrOutsideTheReplyCannotBranch() {
    var state = Self.atSydney()
    Demo.press(&state, .char("l"))  // "." lists only itself
    _ = update(&state, .key(.char("B")))
    #expect(state.mode == nil && state.message?.contains("nothing to branch to") == true)
  }

  @Test func branchesJoinTheListAndOpenAtTheFork() throws {
    var state = Self.atSydney()
    Demo.press(&state, .char("B"), .enter)
    var branch = Demo.transcript
    branch.id = "branch-1"
    branch.sampleIndex = 0
    branch.forkLabel = Transcript.forkLabel(at: 3, token: Array(" Canberra".utf8))
    branch.source = SourceRef(path: "branches.jsonl", line: 1, byteOffset: 0, byteLength: 10, choice: 0, format: .confab)
    let effects = update(&state, .liveResult([TranscriptSummary(branch)], message: "1 branch at token 3"))
    #expect(state.liveJob == nil && state.message == "1 branch at token 3")
    #expect(state.list.entries.count == 3)
    #expect(state.list.entries[2].title == #"capital-australia ⑂3 " Canberra""#)
    #expect(effects == [.load(index: 2, branch.source)])
    _ = update(&state, .loaded(index: 2, Demo.analyzed(branch)))
    #expect(state.reader.cursor == 3)  // the forked token under the cursor
    // A failed branch adds nothing and says why.
    Demo.press(&state, .char("B"), .enter)
    #expect(update(&state, .liveResult([], message: "branch failed: server down")).isEmpty)
    #expect(state.list.entries.count == 3 && state.message == "branch failed: server down")
  }

  @Test func thePanelMarksTheChoiceAndTheStatusLineSaysTheKeys() throws {
    var state = Self.atSydney()
    Demo.press(&state, .char("B"), .char("j"))
    try expectSnapshot(view(state), "branch-picker-100x30")
    let screen = view(state)
    #expect(screen.lines.contains { $0.hasPrefix(#"→ " Melbourne""#) })
    #expect(screen.lines.last?.contains("Enter asks the server") == true)
  }
}
