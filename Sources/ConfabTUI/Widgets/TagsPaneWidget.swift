import ConfabModel


/// The tags of the open transcript, in reading order; takes the list's place while focused.
struct TagsPaneWidget {
  let tagging: TaggingState
  let theme: Theme

  func render(in area: Rect, _ buffer: inout Buffer) {
    guard !area.isEmpty else { return }
    let tags = sortedTags(tagging)
    if tags.isEmpty {
      buffer.put(" no tags yet: v selects,", x: area.x, y: area.y, style: theme.dimText, clip: area)
      buffer.put(" 1-9 or t labels", x: area.x, y: area.y + 1, style: theme.dimText, clip: area)
      return
    }
    let first = max(0, min(tagging.paneRow - area.height + 1, tags.count - area.height))
    for (row, index) in (first..<min(tags.count, first + area.height)).enumerated() {
      let tag = tags[index]
      let y = area.y + row
      let selected = index == tagging.paneRow
      let style = selected ? theme.selectedRow : Style.plain
      buffer.fill(Rect(x: area.x, y: y, width: area.width, height: 1), style: style)
      let x = buffer.put("▍", x: area.x, y: y, style: theme.tagLabel(tag.label, in: tagging.labels), clip: area)
      let note = tag.note.isEmpty ? "" : " ✎"
      let text = DisplayWidth.pad(tag.label + note, to: min(18, max(6, area.width / 2))) + " " + tag.text.replacingNewlines()
      buffer.put(DisplayWidth.truncate(text, to: area.maxX - x), x: x, y: y, style: style, clip: area)
    }
  }
}

extension String {
  func replacingNewlines() -> String {
    String(map { $0.isNewline ? " " : $0 })
  }
}
