import ConfabModel


/// The tags of the open transcript, in reading order, or (`a`) every tag in the store with
/// its file and line; takes the list's place while focused.
struct TagsPaneWidget {
  let tagging: TaggingState
  let theme: Theme

  func render(in area: Rect, _ buffer: inout Buffer) {
    guard !area.isEmpty else { return }
    let tags = tagging.paneTags
    if tags.isEmpty && tagging.paneShowsAll {
      buffer.put(" no tags in the store", x: area.x, y: area.y, style: theme.dimText, clip: area)
      return
    }
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
      var text = DisplayWidth.pad(tag.label + note, to: min(18, max(6, area.width / 2))) + " " + tag.text.replacingNewlines()
      if tagging.paneShowsAll {
        // Where it is first (the file's name and the record's line), then the text.
        let file = tag.source.path.split(separator: "/").last.map(String.init) ?? tag.source.path
        text = DisplayWidth.pad(DisplayWidth.truncate(tag.label + note, to: 10), to: 10) + " "
          + DisplayWidth.truncate("\(file):\(tag.source.line)", to: 14) + " " + tag.text.replacingNewlines()
      }
      buffer.put(DisplayWidth.truncate(text, to: area.maxX - x), x: x, y: y, style: style, clip: area)
    }
  }
}

extension String {
  func replacingNewlines() -> String {
    String(map { $0.isNewline ? " " : $0 })
  }
}
