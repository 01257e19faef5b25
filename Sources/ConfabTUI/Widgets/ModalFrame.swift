/// A box centred on the screen, cleared, with a border and a title: what the help and problems
/// overlay, the label picker and the event filter draw in.
enum ModalFrame {
  /// Draws the frame and returns its inside.
  static func draw(
    width: Int, height: Int, in screen: Rect, title: String, titleInset: Int = 1, theme: Theme, _ buffer: inout Buffer
  ) -> Rect {
    let box = Rect(x: screen.x + (screen.width - width) / 2, y: screen.y + (screen.height - height) / 2, width: width, height: height)
    buffer.fill(box)
    buffer.put("┌" + String(repeating: "─", count: width - 2) + "┐", x: box.x, y: box.y, style: theme.focusedBorder)
    buffer.put("└" + String(repeating: "─", count: width - 2) + "┘", x: box.x, y: box.maxY - 1, style: theme.focusedBorder)
    for y in box.y + 1..<box.maxY - 1 {
      buffer.put("│", x: box.x, y: y, style: theme.focusedBorder)
      buffer.put("│", x: box.maxX - 1, y: y, style: theme.focusedBorder)
    }
    buffer.put(title, x: box.x + titleInset, y: box.y, style: theme.title, clip: box)
    return box.inset(by: 1)
  }
}
