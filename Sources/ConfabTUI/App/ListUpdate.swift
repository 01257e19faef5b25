import ConfabModel


/// The list slice's own update: ordering, motion and scrolling, given only the rows it shows.
extension ListState {
  /// Rebuilds the order for the current sort, keeping the selected transcript selected.
  mutating func reorder(visibleRows: Int) {
    let selectedEntry = order.indices.contains(selected) ? order[selected] : nil
    if let kind = sort.kind {
      // Stable: equal counts keep file order.
      let entries = self.entries
      order = entries.indices.sorted { a, b in
        let (ca, cb) = (entries[a].counts[kind], entries[b].counts[kind])
        return ca != cb ? ca > cb : a < b
      }
    } else {
      order = Array(entries.indices)
    }
    if let selectedEntry, let row = order.firstIndex(of: selectedEntry) { selected = row }
    keepSelectionVisible(visibleRows: visibleRows)
  }

  /// The row a motion key moves the selection to, clamped to the list.
  func row(after motion: Motion, visibleRows: Int) -> Int {
    let page = max(1, visibleRows)
    let target: Int
    switch motion {
    case .lineDown, .tokenNext, .wordNext: target = selected + 1
    case .lineUp, .tokenPrevious, .wordPrevious: target = selected - 1
    case .pageDown: target = selected + page
    case .pageUp: target = selected - page
    case .halfPageDown: target = selected + page / 2
    case .halfPageUp: target = selected - page / 2
    case .start: target = 0
    case .end: target = order.count - 1
    }
    return min(max(0, target), max(0, order.count - 1))
  }

  mutating func keepSelectionVisible(visibleRows: Int) {
    let rows = max(1, visibleRows)
    if selected < listScroll { listScroll = selected }
    if selected >= listScroll + rows { listScroll = selected - rows + 1 }
  }
}
