/// Where each pane goes for a screen size. Shared by update (scrolling needs the transcript
/// height) and view. Panes collapse as the screen shrinks: list first, then distribution,
/// then timeline; the status line goes last.
public struct ScreenLayout: Equatable, Sendable {
  public var header = Rect.zero
  public var list = Rect.zero
  public var transcript = Rect.zero
  public var timeline = Rect.zero
  /// One row under the timeline while the legend is shown (`L`).
  public var legend = Rect.zero
  public var distribution = Rect.zero
  public var status = Rect.zero

  public init(size: Size, alternatives: Int = 20, legend showLegend: Bool = false) {
    var rest = Rect(x: 0, y: 0, width: size.width, height: size.height)
    guard !rest.isEmpty else { return }
    (rest, status) = rest.splitBottom(1)
    guard rest.height >= 3 else { transcript = rest; return }
    if rest.height >= 12 {
      let rows = min(alternatives + 2, max(5, rest.height / 3))
      (rest, distribution) = rest.splitBottom(rows)
    }
    if rest.height >= 10 {
      if showLegend && rest.height >= 12 { (rest, legend) = rest.splitBottom(1) }
      (rest, timeline) = rest.splitBottom(2)
    }
    (header, rest) = rest.splitTop(1)
    if size.width >= 70 {
      let listWidth = min(34, max(18, size.width * 3 / 10))
      (list, rest) = rest.splitLeft(listWidth)
      rest = Rect(x: rest.x + 1, y: rest.y, width: rest.width - 1, height: rest.height)  // divider
    }
    transcript = rest
  }
}
