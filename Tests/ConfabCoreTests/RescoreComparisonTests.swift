import ConfabModel
import Testing

/// The same bytes scored twice, compared where both tokenizations cut them.
@Suite struct RescoreComparisonTests {
  static func tokens(_ pieces: [(String, Double?)]) -> [Token] {
    pieces.map { Token(bytes: Array($0.0.utf8), logprob: Logprob(raw: $0.1)) }
  }

  @Test func sameTokensCompareOneByOne() throws {
    let parent = Self.tokens([("The", -0.2), (" answer", -1.0), (" is", -0.1), ("", -0.5)])
    let rescored = Self.tokens([("The", -0.2), (" answer", -3.0), (" is", -0.1), ("", -0.7)])
    let comparison = try #require(RescoreComparison(parent: parent, rescored: rescored))
    #expect(comparison.sameTokens)
    #expect(comparison.spans.map(\.text) == ["The", " answer", " is", ""])
    #expect(comparison.largest(1).first?.text == " answer")
    #expect(comparison.largest(1).first?.delta == -2.0)
    #expect(abs((comparison.meanDelta ?? 0) - (-2.2 / 4)) < 1e-12)
    #expect(comparison.parentTokenDeltas.count == 4 && comparison.rescoredTokenDeltas.count == 4)
  }

  @Test func anotherTokenizerIsComparedOverSharedBoundaries() throws {
    // "Canberra." as " Can|berra|." against " Canberra|.": the first span covers three
    // parent tokens' worth of bytes on one side and one token on the other.
    let parent = Self.tokens([(" Can", -1.0), ("berra", -0.5), (".", -0.1)])
    let rescored = Self.tokens([(" Canberra", -0.9), (".", -0.3)])
    let comparison = try #require(RescoreComparison(parent: parent, rescored: rescored))
    #expect(!comparison.sameTokens)
    #expect(comparison.spans.map(\.text) == [" Canberra", "."])
    #expect(comparison.spans[0].parentTokens == 0..<2 && comparison.spans[0].rescoredTokens == 0..<1)
    #expect(abs((comparison.spans[0].delta ?? 0) - 0.6) < 1e-12)
    #expect(comparison.parentTokenDeltas.count == 3 && comparison.rescoredTokenDeltas.count == 2)
    // Per parent token: (0.6 - 0.2) over 3 tokens.
    #expect(abs((comparison.meanDelta ?? 0) - 0.4 / 3) < 1e-12)
  }

  @Test func aSideWithoutAFigureLeavesItsSpanOutAndOtherTextIsNoComparison() throws {
    let parent = Self.tokens([("A", nil), (" b", -1.0)])
    let rescored = Self.tokens([("A", -0.3), (" b", -0.5)])
    let comparison = try #require(RescoreComparison(parent: parent, rescored: rescored))
    #expect(comparison.spans[0].delta == nil)
    #expect(comparison.meanDelta == 0.5)
    #expect(comparison.largest(5).count == 1)
    #expect(RescoreComparison(parent: parent, rescored: Self.tokens([("A", -0.3), (" c", -0.5)])) == nil)
  }
}
