import ConfabModel


/// The label picker: a filter line, the matching labels with their digits, a note line.
struct PickerWidget {
  let picker: LabelPicker?
  let labels: LabelSet
  let theme: Theme

  func render(in screen: Rect, _ buffer: inout Buffer) {
    guard let picker, screen.width >= 20, screen.height >= 6 else { return }
    let choices = picker.choices(labels)
    let width = min(screen.width - 2, 52)
    let height = min(screen.height - 2, choices.count + 5)
    let inner = ModalFrame.draw(width: width, height: height, in: screen, title: " label · Enter apply · Tab note · ^B bind digit ",
                                theme: theme, &buffer)
    buffer.put(" filter: " + (picker.editingNote ? picker.filter : picker.filterEditor.rendered), x: inner.x, y: inner.y, clip: inner)
    let listRows = max(0, inner.height - 2)
    let first = max(0, min(picker.highlighted - listRows + 1, choices.count - listRows))
    for (row, index) in (first..<min(choices.count, first + listRows)).enumerated() {
      let name = choices[index]
      let known = labels.labels.first { $0.name == name }
      let digit = known?.digit.map { "\($0) " } ?? "  "
      let text = known == nil ? "+ create “\(name)”" : digit + name
      let style = index == picker.highlighted ? theme.selectedRow : theme.tagLabel(name, in: labels)
      let y = inner.y + 1 + row
      buffer.fill(Rect(x: inner.x, y: y, width: inner.width, height: 1), style: index == picker.highlighted ? style : .plain)
      buffer.put(" " + text, x: inner.x, y: y, style: style, clip: inner)
    }
    buffer.put(" note: " + (picker.editingNote ? picker.noteEditor.rendered : picker.note), x: inner.x, y: inner.maxY - 1, style: picker.editingNote ? .plain : theme.dimText, clip: inner)
  }
}
