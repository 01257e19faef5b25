import ConfabModel
import Testing

/// The list's columnar rows read back exactly the summaries that went in.
@Suite struct SummaryTableTests {
  static func summary(_ id: String, title: String, model: String?, sample: Int?, figures: TranscriptFigures, hedges: Int) -> TranscriptSummary {
    var counts = EventCounts()
    counts.hedges = hedges
    counts.unlikelyTokens = hedges * 2
    let source = SourceRef(path: "d/f.jsonl", line: 7, byteOffset: 1 << 40, byteLength: 99, choice: 2, format: .confab, origin: .gemini)
    return TranscriptSummary(source: source, id: id, title: title, model: model, promptID: model == nil ? nil : "p1",
                             sampleIndex: sample, figures: figures, counts: counts)
  }

  @Test func rowsReadBackWhole() {
    let some = TranscriptFigures(tokens: 9, meanLogprob: -0.25, meanEntropyBound: 1.5, maxEntropyBound: -.infinity, outsideTopKShare: 0)
    let none = TranscriptFigures(tokens: 0, meanLogprob: nil, meanEntropyBound: nil, maxEntropyBound: nil, outsideTopKShare: nil)
    let rows = [
      Self.summary("a", title: "é \"quoted\"", model: "m", sample: 0, figures: some, hedges: 3),
      Self.summary("a-much-longer-id-than-fifteen", title: "", model: nil, sample: nil, figures: none, hedges: 0),
      Self.summary("c", title: "t", model: "m", sample: Int(Int32.max), figures: some, hedges: 1),
    ]
    var table = SummaryTable(rows)
    #expect(Array(table) == rows)
    #expect(table.counts(at: 0).unlikelyTokens == 6)
    #expect(table.count(.hedge, at: 2) == 1)
    #expect(table.source(at: 1) == rows[1].source)
    var placeholder = TranscriptSummary(placeholder: rows[0].source, title: "listed", model: nil)
    placeholder.id = "p"
    table.append(placeholder)
    #expect(table.isPlaceholder(at: 3))
    #expect(table[3] == placeholder)
    table[3] = rows[2]
    #expect(!table.isPlaceholder(at: 3))
    #expect(table[3] == rows[2])
    #expect(table == SummaryTable(rows + [rows[2]]))
    #expect(table != SummaryTable(rows))
  }

  @Test func longTitlesAreCut() {
    let figures = TranscriptFigures(tokens: 1, meanLogprob: nil, meanEntropyBound: nil, maxEntropyBound: nil, outsideTopKShare: nil)
    let table = SummaryTable([Self.summary("a", title: String(repeating: "ü", count: 10_000), model: nil, sample: nil, figures: figures, hedges: 0)])
    #expect(table[0].title.count == SummaryTable.titleLimit)
    #expect(table[0].title.hasSuffix("…"))
  }
}

/// A file of many bad lines is listed up to the limit and counted past it; repeats are kept once.
@Suite struct ProblemListTests {
  @Test func problemsPastTheLimitAreCountedNotListed() {
    var list = ProblemList()
    let limit = ProblemList.perFileLimit
    for line in 1...limit + 500 {
      list.append(ImportProblem(path: "bad.jsonl", line: line, message: "invalid JSON"))
      list.append(ImportProblem(path: "bad.jsonl", line: min(line, 3), message: "invalid JSON"))
    }
    list.append(ImportProblem(path: "other.jsonl", line: 1, message: "x"))
    #expect(list.count == limit + 2)
    #expect(list.total == limit + 501)
    #expect(list[limit].description == "bad.jsonl: and 500 more problems in this file, counted but not listed")
    #expect(list[limit + 1].path == "other.jsonl")
  }
}
