import ConfabIO
import ConfabModel
import ConfabServer
import Foundation
import Testing

@Suite struct MarkerDetectorTests {
  let detector = MarkerDetector()

  func kinds(_ text: String) -> [String] {
    detector.markers(in: text).map { "\($0.kind.rawValue):\($0.text)" }
  }

  @Test func findsTheThreeClassesWithScalarOffsets() {
    let text = "Wait, 日本 is probably wrong. The answer is definitely 408."
    let markers = detector.markers(in: text)
    #expect(markers.map(\.kind) == [.correction, .hedge, .assertion])
    #expect(markers[2].text == "The answer is definitely")
    let scalars = Array(text.unicodeScalars)
    for marker in markers {
      #expect(String(String.UnicodeScalarView(scalars[marker.start..<marker.end])) == marker.text)
    }
    #expect(markers[1].text == "probably")
    #expect(markers[1].start == 12)
  }

  @Test func negationTurnsConfidenceIntoAHedge() {
    #expect(kinds("I am not sure about that.") == ["hedge:I am not sure"])
    #expect(detector.markers(in: "It is never really sure.").map(\.rule) == ["negation: not … sure"])
    #expect(kinds("I'm not entirely certain it works.") == ["hedge:not entirely certain"])
    #expect(kinds("She was sure to arrive on time.") == [])
    #expect(kinds("I don't know the answer.") == ["hedge:I don't know"])
    #expect(kinds("I know the answer.") == ["assertion:I know"])
  }

  @Test func actuallyCorrectsOnlyAtTheStartOfAClause() {
    #expect(kinds("Actually, the answer is 19.") == ["correction:Actually", "assertion:the answer is"])
    #expect(kinds("Actually running it takes a minute.") == [])
    #expect(kinds("It is, actually, a fine result.") == [])
  }

  @Test func butAndHoweverNeedSupport() {
    #expect(kinds("However, the museum is closed on Mondays.") == [])
    #expect(kinds("However, that earlier claim was wrong.").first == "correction:However")
  }

  @Test func questionsQuotesAndCodeAreSkipped() {
    #expect(kinds("Are you definitely sure?") == [])
    #expect(kinds("Wait, is that right?") == ["correction:Wait"])
    #expect(kinds("He said \"I think so\" and left.") == [])
    #expect(kinds("Call `wait()` then `maybe()`.") == [])
    #expect(kinds("```\nprobably()\n```\nDone.") == [])
  }

  @Test func monthMayIsNotAHedge() {
    #expect(kinds("It opened on May 20, 1983.") == [])
    #expect(kinds("May 20 was a Friday.") == [])
    #expect(kinds("It may rain.") == ["hedge:may"])
  }

  @Test func matchingWorksAcrossCaseAndCurlyApostrophes() {
    #expect(kinds("I’M NOT SURE.") == ["hedge:I’M NOT SURE"])
  }

  @Test func userLexiconsAddEntriesAndBadOnesNameTheirLine() throws {
    var lexicon = Lexicon.standard
    try lexicon.add(text: "# mine\n[hedge]\nmethinks\n[correction]\nerratum : | start\n", source: "mine.txt")
    let detector = MarkerDetector(lexicon: lexicon)
    #expect(detector.markers(in: "Methinks it rains. Erratum: it snows.").map(\.kind) == [.hedge, .correction])
    #expect(throws: Lexicon.ParseError(source: "bad.txt", line: 2, message: "phrase before any [section] header")) {
      try Lexicon(text: "# x\nprobably\n", source: "bad.txt")
    }
    #expect(throws: Lexicon.ParseError.self) { try Lexicon(text: "[hedgez]\nx\n", source: "bad.txt") }
    #expect(throws: Lexicon.ParseError.self) { try Lexicon(text: "[hedge]\nx | sometimes\n", source: "bad.txt") }
  }

  /// Our own labelled sentences (also scored by make eval): a regression floor.
  @Test func labelledFixtureStaysAccurate() throws {
    let text = try String(contentsOfFile: Fixture.path("markers-labelled.tsv"), encoding: .utf8)
    var counts: [MarkerKind: (tp: Int, fp: Int, fn: Int)] = [:]
    for line in text.split(separator: "\n") where !line.hasPrefix("#") {
      let parts = line.split(separator: "\t", maxSplits: 1)
      let gold = Set(parts[0].split(separator: ",").compactMap { MarkerKind(rawValue: String($0)) })
      let found = Set(detector.markers(in: String(parts[1])).map(\.kind))
      for kind in MarkerKind.allCases {
        var c = counts[kind] ?? (0, 0, 0)
        if gold.contains(kind) && found.contains(kind) { c.tp += 1 }
        if !gold.contains(kind) && found.contains(kind) { c.fp += 1 }
        if gold.contains(kind) && !found.contains(kind) { c.fn += 1 }
        counts[kind] = c
      }
    }
    for (kind, c) in counts {
      let precision = Double(c.tp) / Double(max(1, c.tp + c.fp))
      let recall = Double(c.tp) / Double(max(1, c.tp + c.fn))
      #expect(precision >= 0.9, "\(kind) precision \(precision)")
      #expect(recall >= 0.9, "\(kind) recall \(recall)")
    }
  }
}
