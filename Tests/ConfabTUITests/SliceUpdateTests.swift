import ConfabModel
import Testing

@testable import ConfabTUI

/// The list and reader slices update on their own: no AppState, only what they are given.
@Suite struct SliceUpdateTests {
  static func list(counts: [Int]) -> ListState {
    var list = ListState(fileCount: 1)
    list.entries = SummaryTable(counts.enumerated().map { index, hedges in
      var summary = TranscriptSummary(Demo.plain)
      summary.id = "t\(index)"
      summary.counts[.hedge] = hedges
      return summary
    })
    list.reorder(visibleRows: 3)
    return list
  }

  @Test func listSortsByCountStablyAndKeepsTheSelectedEntry() {
    var list = Self.list(counts: [0, 2, 1, 2])
    #expect(list.order == [0, 1, 2, 3])
    list.selected = 2
    list.sort = .hedges
    list.reorder(visibleRows: 3)
    #expect(list.order == [1, 3, 2, 0])
    #expect(list.order[list.selected] == 2)
  }

  /// Rows appended in batches are merged into a sorted order: the same order as sorting the
  /// whole list, and the selected entry stays selected.
  @Test func appendedBatchesMergeIntoTheSortedOrder() {
    var random = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9, 3, 2, 3, 8, 4]
    var list = Self.list(counts: [])
    list.sort = .hedges
    var all: [Int] = []
    while !random.isEmpty {
      let batch = Array(random.prefix(3))
      random.removeFirst(batch.count)
      let first = list.entries.count
      list.entries.append(contentsOf: Array(Self.list(counts: batch).entries))
      all += batch
      if first == 4 { list.selected = list.order.firstIndex(of: 2)! }
      list.reorder(visibleRows: 3, appendedFrom: first)
      let expected = all.indices.sorted { all[$0] != all[$1] ? all[$0] > all[$1] : $0 < $1 }
      #expect(list.order == expected)
      if first >= 4 { #expect(list.order[list.selected] == 2) }
    }
    list.sort = .file
    list.reorder(visibleRows: 3)
    let first = list.entries.count
    list.entries.append(contentsOf: Array(Self.list(counts: [1, 1]).entries))
    list.reorder(visibleRows: 3, appendedFrom: first)
    #expect(list.order == Array(0..<first + 2))
  }

  @Test func listMotionClampsAndScrollFollowsTheSelection() {
    var list = Self.list(counts: [0, 0, 0, 0, 0, 0, 0])
    #expect(list.row(after: .lineUp, visibleRows: 3) == 0)
    #expect(list.row(after: .pageDown, visibleRows: 3) == 3)
    #expect(list.row(after: .end, visibleRows: 3) == 6)
    list.selected = list.row(after: .end, visibleRows: 3)
    list.keepSelectionVisible(visibleRows: 3)
    #expect(list.listScroll == 4)
    list.selected = 0
    list.keepSelectionVisible(visibleRows: 3)
    #expect(list.listScroll == 0)
  }

  @Test func readerSearchesAndReportsWithoutTouchingAnythingElse() {
    var reader = ReaderState()
    reader.open = OpenTranscript(index: 0, analyzed: Demo.analyzed(Demo.transcript), width: 40)
    // The user's question holds an "e" too: a text match before the three in tokens.
    #expect(reader.runSearch("e", viewHeight: 5) == "/e: match 2 of 4 (n/N, Esc clears)")
    #expect(reader.stepSearch(forward: false, viewHeight: 5) == "/e: match 1 of 4 (in the user text: no token to put the cursor on) (n/N, Esc clears)")
    #expect(reader.cursor == 0, "a text match moves the view, not the cursor")
    #expect(reader.search?.textHits.map(\.message) == [0])
    #expect(reader.stepSearch(forward: false, viewHeight: 5) == "/e: match 4 of 4 (n/N, Esc clears)")
    #expect(reader.cursor == 8)
    #expect(reader.runSearch("zz", viewHeight: 5) == "not found: zz")
    #expect(reader.search == nil)
  }

  @Test func readerMotionKeepsTheCursorOnScreen() {
    var reader = ReaderState()
    reader.open = OpenTranscript(index: 0, analyzed: Demo.analyzed(Demo.transcript), width: 12)
    reader.move(.end, viewHeight: 2)
    #expect(reader.cursor == 8)
    let line = reader.open!.layout.tokenLine[8]
    #expect(reader.scroll <= line && line < reader.scroll + 2)
    reader.move(.start, viewHeight: 2)
    let first = reader.open!.layout.tokenLine[0]
    #expect(reader.cursor == 0)
    #expect(reader.scroll <= first && first < reader.scroll + 2)
  }
}
