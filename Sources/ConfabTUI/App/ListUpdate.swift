import ConfabModel


/// The list slice's own update: ordering, motion and scrolling, given only the rows it shows.
extension ListState {
  /// Rebuilds the order for the current sort, keeping the selected transcript selected. With
  /// `appendedFrom`, only entries from there on are new: they are merged into the order
  /// rather than the whole list sorted again (a scan appends a million rows in batches).
  mutating func reorder(visibleRows: Int, appendedFrom: Int? = nil) {
    let selectedEntry = order.indices.contains(selected) ? order[selected] : nil
    let known = appendedFrom.map { min($0, order.count) } ?? 0
    let entries = self.entries
    if let kind = sort.kind {
      // Stable: equal counts keep file order.
      func before(_ a: Int, _ b: Int) -> Bool {
        let (ca, cb) = (entries.count(kind, at: a), entries.count(kind, at: b))
        return ca != cb ? ca > cb : a < b
      }
      let fresh = (known..<entries.count).sorted(by: before)
      let kept = known > 0 ? order : []
      var merged: [Int] = []
      merged.reserveCapacity(entries.count)
      var (i, j) = (0, 0)
      while i < kept.count || j < fresh.count {
        if j == fresh.count || (i < kept.count && before(kept[i], fresh[j])) {
          merged.append(kept[i])
          i += 1
        } else {
          merged.append(fresh[j])
          j += 1
        }
      }
      order = merged
    } else if known > 0 {
      order += known..<entries.count
    } else {
      order = Array(entries.indices)
    }
    // The selected row moves only when new rows sort above it.
    if let selectedEntry, order.indices.contains(selected), order[selected] != selectedEntry,
       let row = order.firstIndex(of: selectedEntry) { selected = row }
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
