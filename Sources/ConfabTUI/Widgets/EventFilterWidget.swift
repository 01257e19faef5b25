import ConfabModel

/// The event filter (`f`): each kind with its box, what it means, and the score floor.
struct EventFilterWidget {
  let menu: EventFilterMenu?
  let theme: Theme

  func render(in screen: Rect, _ buffer: inout Buffer) {
    guard let menu, screen.width >= 24, screen.height >= 6 else { return }
    let kinds = EventFilterMenu.kinds
    let width = min(screen.width - 2, 60)
    let height = min(screen.height - 2, kinds.count + 4)
    let inner = ModalFrame.draw(width: width, height: height, in: screen, title: " events e/E stop at · Space toggles · Enter applies ",
                                theme: theme, &buffer)
    buffer.put(" score ≥ " + Format.fixed(menu.filter.minimumScore, 1) + "   (+/- change it; a all kinds, d defaults)",
               x: inner.x, y: inner.y, style: theme.dimText, clip: inner)
    let rows = max(0, inner.height - 2)
    let first = max(0, min(menu.highlighted - rows + 1, kinds.count - rows))
    for (row, index) in (first..<min(kinds.count, first + rows)).enumerated() {
      let kind = kinds[index]
      let box = menu.filter.kinds.contains(kind) ? "[x] " : "[ ] "
      let optIn = EventFilter.defaultKinds.contains(kind) ? "" : "  (opt-in)"
      let y = inner.y + 2 + row
      let style = index == menu.highlighted ? theme.selectedRow : Style.plain
      buffer.fill(Rect(x: inner.x, y: y, width: inner.width, height: 1), style: style)
      buffer.put(" " + box + kind.label + optIn, x: inner.x, y: y, style: style, clip: inner)
    }
  }
}
