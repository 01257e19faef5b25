import ConfabModel


/// The list slice's own update: ordering, motion and scrolling, given only the rows it shows.
extension ListState {
  /// Rebuilds the order for the current sort, keeping the selected transcript selected. With
  /// `appendedFrom`, only entries from there on are new: they are merged into the order
  /// rather than the whole list sorted again (a scan appends a million rows in batches).
  mutating func reorder(visibleRows: Int, appendedFrom: Int? = nil) {
    let kept = rowCount > 0 && selected < rowCount ? row(selected) : nil
    reorder(visibleRows: visibleRows, appendedFrom: appendedFrom, keeping: kept, entry: kept.map { _ in entry(atRow: selected) })
  }

  /// Groups or ungroups the list (P); the selected transcript stays selected.
  mutating func setGrouped(_ on: Bool, visibleRows: Int) {
    let kept = rowCount > 0 && selected < rowCount ? row(selected) : nil
    let keptEntry = kept.map { _ in entry(atRow: selected) }
    grouped = on
    reorder(visibleRows: visibleRows, appendedFrom: nil, keeping: kept, entry: keptEntry)
  }

  private mutating func reorder(visibleRows: Int, appendedFrom: Int?, keeping kept: ListRow?, entry keptEntry: Int?) {
    if grouped || sort == .gap {
      regroup()
    } else {
      groups = []
      groupedRows = []
      entryGroup = []
      sortEntries(appendedFrom: appendedFrom)
    }
    // The selected row moves only when new rows sort above it; a header stays a header.
    if let kept, let keptEntry {
      let target: Int?
      if case .group = kept, grouped {
        target = groupedRows.firstIndex { if case .group(let g) = $0 { return groups[g].entries.first == keptEntry } else { return false } }
      } else {
        target = row(ofEntry: keptEntry)
      }
      if let target { selected = target }
    }
    selected = min(selected, max(0, rowCount - 1))
    keepSelectionVisible(visibleRows: visibleRows)
  }

  /// Transcripts in the current sort; with `appendedFrom`, only entries from there on are new:
  /// they are merged into the order rather than the whole list sorted again (a scan appends a
  /// million rows in batches).
  private mutating func sortEntries(appendedFrom: Int?) {
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
  }

  /// Prompts in the current sort (file: first sample; a kind: the group's total; gap: widest
  /// first), each prompt's samples in file order. Rebuilt whole: a group's figures change as
  /// its samples arrive.
  private mutating func regroup() {
    var all = ListGroup.groups(of: entries)
    let keyed = all.enumerated().map { offset, group -> (Int, Double) in
      let key: Double
      if sort == .gap {
        key = group.samples > 1 ? group.figures.gap : -.infinity
      } else if let kind = sort.kind {
        key = Double(group.entries.reduce(0) { $0 + entries.count(kind, at: $1) })
      } else {
        key = 0
      }
      return (offset, key)
    }
    if sort != .file {
      all = keyed.sorted { a, b in a.1 != b.1 ? a.1 > b.1 : a.0 < b.0 }.map { all[$0.0] }
    }
    groups = all
    order = all.flatMap(\.entries)
    entryGroup = Array(repeating: 0, count: entries.count)
    for (index, group) in all.enumerated() { for entry in group.entries { entryGroup[entry] = Int32(index) } }
    groupedRows = []
    if grouped {
      groupedRows.reserveCapacity(entries.count + all.count)
      for (index, group) in all.enumerated() {
        if group.entries.count > 1 {
          groupedRows.append(.group(index))
          groupedRows += group.entries.map { .sample($0) }
        } else {
          groupedRows.append(.entry(group.entries[0]))
        }
      }
    }
  }

  /// Whether a row matches a title query: its title, case-folded; a sample under its header
  /// also by its answer.
  func row(_ index: Int, matches needle: String) -> Bool {
    let entry = entry(atRow: index)
    if entries.title(at: entry).lowercased().contains(needle) { return true }
    if case .sample = row(index) { return entries.answer(at: entry)?.contains(needle) == true }
    return false
  }

  /// The next (or previous) row after the selection that matches, wrapping; with the count
  /// of matching rows and the found row's place among them.
  func findTitle(_ query: String, forward: Bool, includingSelected: Bool) -> (row: Int, place: Int, count: Int)? {
    let needle = query.lowercased()
    let matching = (0..<rowCount).filter { row($0, matches: needle) }
    guard !matching.isEmpty else { return nil }
    let found: Int
    if forward {
      found = matching.first { includingSelected ? $0 >= selected : $0 > selected } ?? matching[0]
    } else {
      found = matching.last { $0 < selected } ?? matching[matching.count - 1]
    }
    return (found, matching.firstIndex(of: found)! + 1, matching.count)
  }

  /// The first transcript row after `row` (before it, backward) whose entry passes `accept`,
  /// skipping prompt headers: where e/E, ]/[ and & go on into another transcript.
  func transcriptRow(after row: Int, forward: Bool, where accept: (Int) -> Bool = { _ in true }) -> Int? {
    let step = forward ? 1 : -1
    var candidate = row + step
    while (0..<rowCount).contains(candidate) {
      if case .group = self.row(candidate) {
        candidate += step
        continue
      }
      if accept(entry(atRow: candidate)) { return candidate }
      candidate += step
    }
    return nil
  }

  /// Rows on the list: transcripts, or headers and samples while grouped.
  public var rowCount: Int { grouped ? groupedRows.count : order.count }

  public func row(_ index: Int) -> ListRow { grouped ? groupedRows[index] : .entry(order[index]) }

  /// The transcript a row opens: a prompt's header opens its first sample.
  public func entry(atRow index: Int) -> Int {
    switch row(index) {
    case .entry(let entry), .sample(let entry): return entry
    case .group(let group): return groups[group].entries[0]
    }
  }

  /// The row showing a transcript.
  public func row(ofEntry entry: Int) -> Int? {
    grouped ? groupedRows.firstIndex { $0 == .entry(entry) || $0 == .sample(entry) } : order.firstIndex(of: entry)
  }

  /// The prompt an entry samples, while groups are built.
  public func group(ofEntry entry: Int) -> ListGroup? {
    entryGroup.indices.contains(entry) ? groups[Int(entryGroup[entry])] : nil
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
    case .end: target = rowCount - 1
    }
    return min(max(0, target), max(0, rowCount - 1))
  }

  mutating func keepSelectionVisible(visibleRows: Int) {
    let rows = max(1, visibleRows)
    if selected < listScroll {
      // Grouped, scrolling up to a sample brings its prompt's header along when it fits.
      var top = selected
      while grouped, top > 0, selected - top + 1 < rows, case .sample = groupedRows[top] { top -= 1 }
      if grouped, case .group = groupedRows[top] { listScroll = top } else { listScroll = selected }
    }
    if selected >= listScroll + rows { listScroll = selected - rows + 1 }
  }
}
