import ConfabModel


/// The top line: the list's title over the list, the open transcript's title over the text.
/// The focused pane's title starts with ▸, so focus shows without colour too.
struct HeaderWidget {
  let entries: SummaryTable
  /// The list's order, named in its title so a sorted list says what it is sorted by.
  let sort: ListSort
  let grouped: Bool
  let reader: ReaderState
  let tagCount: Int
  /// The tags pane lists every tag: how many.
  let allTags: Int?
  let focus: Pane
  let theme: Theme

  func render(list: Rect, transcript: Rect, row: Rect, _ buffer: inout Buffer) {
    guard !row.isEmpty else { return }
    if !list.isEmpty {
      let style = focus == .transcript ? theme.title : theme.focusedBorder
      let mark = focus == .transcript ? " " : "▸"
      let count = mark + "transcripts (\(entries.count))"
      // Grouped, and sorted by what: in words when they fit, else as ⊟ and the row column's
      // letter (h c a n g).
      let sorted = sort == .file ? nil : sort.rawValue
      let letter = sorted.map { " ↓" + String($0.prefix(1)) } ?? ""
      let candidates = grouped
        ? [" by prompt" + (sorted.map { ", " + $0 } ?? ""), " ⊟" + (sorted.map { " by " + $0 } ?? ""), " by prompt" + letter, " ⊟" + letter]
        : [sorted.map { " by " + $0 } ?? "", letter]
      let order = candidates.first { DisplayWidth.of(count + $0) <= list.width } ?? candidates[candidates.count - 1]
      let title = focus == .tags
        ? mark + (allTags.map { "all tags (\($0)) · a: this transcript's" } ?? "tags (\(tagCount)) · Enter jump · a all") : count + order
      buffer.put(DisplayWidth.pad(title, to: list.width), x: list.x, y: row.y, style: style)
      buffer.put("│", x: list.maxX, y: row.y, style: theme.border)
    }
    var title = focus == .transcript ? "▸" : " "
    if let open = reader.open {
      let summary = entries.indices.contains(open.index) ? entries[open.index] : nil
      var parts = [summary?.title ?? open.transcript.title]  // the summary's is computed once
      if let sample = open.transcript.sampleIndex { parts.append("sample \(sample)") }
      if let model = open.transcript.model { parts.append(Transcript.displayModel(model)) }
      let tokens = open.stats.count
      parts.append(tokens > 0 ? "\(tokens) tokens" : "no logprobs")
      title += parts.joined(separator: " · ")
    }
    let style = focus == .transcript ? theme.focusedBorder : theme.title
    buffer.put(DisplayWidth.truncate(title, to: transcript.width), x: transcript.x, y: row.y, style: style, clip: row)
  }
}
