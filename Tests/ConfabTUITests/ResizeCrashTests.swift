import ConfabModel
import Testing

@testable import ConfabTUI

/// Resizing with every new pane and mode on screen (grouped list sorted by gap, the legend,
/// the compare view opened and closed): found crashing in tmux at 120x40 -> 80x24.
@Suite struct ResizeWithEverythingOnTests {
  @Test func resizeAfterGroupingSortingLegendAndCompare() {
    var state = ListGroupingTests.state(width: 120, height: 40)
    Demo.press(&state, .char("P"), .tab, .char("s"), .char("s"), .char("s"), .char("s"), .char("s"), .char("L"))
    _ = update(&state, .groupLoaded(.success(CompareViewTests.group)))
    Demo.press(&state, .char("f"), .char("f"), .enter)
    for size in [Size(width: 80, height: 24), Size(width: 40, height: 12), Size(width: 12, height: 3), Size(width: 120, height: 40)] {
      _ = update(&state, .resize(size))
      #expect(view(state).size == size)
    }
  }
}
