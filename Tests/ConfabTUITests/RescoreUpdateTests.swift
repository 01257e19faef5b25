import ConfabModel
import Foundation
import Testing

@testable import ConfabTUI

/// `R` (the frame prompt and the effect it asks for) and the Δlogprob heat once the other
/// scoring of the open reply is read.
@Suite struct RescoreUpdateTests {
  static func withServer() -> AppState {
    var state = Demo.state(width: 100, height: 30)
    state.server = "http://127.0.0.1:8080"
    return state
  }

  @Test func rAsksForAFrameThenForTheRescore() {
    var plain = Demo.state()
    _ = update(&plain, .key(.char("R")))
    #expect(plain.mode == nil && plain.message?.contains("--server URL") == true)
    var state = Self.withServer()
    Demo.press(&state, .char("l"), .char("l"))
    #expect(update(&state, .key(.char("R"))).isEmpty)
    #expect(state.mode == .rescoreFrame)
    #expect(view(state).lines.last?.contains("(c)hat, (d)ocument or (u)ser") == true)
    #expect(update(&state, .key(.char("x"))).isEmpty && state.mode == .rescoreFrame)  // not a frame: still asking
    let effects = update(&state, .key(.char("d")))
    #expect(effects == [.rescore(RescoreJob(source: Demo.transcript.source, transcript: "demo", frame: "document"))])
    #expect(state.mode == nil && state.liveJob?.contains("document frame") == true)
    #expect(state.liveOpenPosition == TokenPosition(message: 1, token: 2))
    _ = update(&state, .liveProgress("rescoring in the document frame: 4 of 9 tokens…"))
    #expect(view(state).lines.last?.contains("4 of 9 tokens") == true)
    #expect(update(&state, .key(.escape)) == [.cancelLiveJob])
    _ = update(&state, .liveResult([], message: "rescore cancelled: nothing was written"))
    _ = update(&state, .liveProgress("late news"))
    #expect(state.liveJob == nil, "progress after the end is dropped")
  }

  @Test func theDeltaHeatComparesWithThePartnerOnceItIsRead() throws {
    var state = Self.withServer()
    Demo.press(&state, .char("m"), .char("m"), .char("m"))
    #expect(state.reader.heat == .delta)
    #expect(state.message?.contains("no rescoring of this transcript is listed") == true)
    // Its rescoring: the same bytes, " Sydney" surer by 0.9 nats, "." less sure by 0.5.
    var rescoring = Demo.transcript
    var tokens = try #require(rescoring.messages[1].tokens)
    tokens[3].logprob = Logprob(raw: log(0.31) + 0.9)
    tokens[4].logprob = Logprob(raw: log(0.99) - 0.5)
    rescoring.messages[1].tokens = tokens
    rescoring.id = "demo-rescored"
    rescoring.rescoreParent = "demo"
    rescoring.rescoreLabel = Transcript.rescoreLabel(frame: "user", model: "m")
    var found = CorpusUpdate()
    found.summaries = [TranscriptSummary(rescoring)]
    found.finished = true
    let effects = update(&state, .corpus(found))
    #expect(effects == [.loadPartner(for: "demo", TranscriptSummary(rescoring).source)])
    _ = update(&state, .partnerLoaded(for: "demo", rescoring))
    let open = try #require(state.reader.open)
    let deltas = try #require(open.deltas)
    let sydney = try #require(open.layout.tokens.firstIndex { $0.message == 1 && $0.token == 3 })
    #expect(abs((deltas[sydney] ?? 0) - 0.9) < 1e-9)
    #expect(Theme.deltaBucket(deltas[sydney]) == 1)
    #expect(Theme.deltaBucket(deltas[sydney + 1]) == 3)
    #expect(Theme.deltaBucket(deltas[0]) == 0)
    Demo.press(&state, .char("m"), .char("m"), .char("m"), .char("m"), .char("m"))
    #expect(state.reader.heat == .delta)
    #expect(state.message?.contains("against capital-australia ↺ user m") == true)
    // The partner of another transcript is dropped.
    _ = update(&state, .partnerLoaded(for: "plain", rescoring))
    #expect(state.reader.open?.deltas == deltas)
  }

  @Test func deltaBucketsAndLegend() {
    #expect(Theme.deltaBucket(nil) == nil)
    #expect([0.05, 0.5, 1.5, -0.5, -3].map(Theme.deltaBucket) == [0, 1, 2, 3, 4])
    #expect(Theme.legend(.delta).count == 5)
    #expect(HeatMode.entropy.next == .delta && HeatMode.delta.next == .off)
  }
}
