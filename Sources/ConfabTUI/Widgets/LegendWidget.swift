import ConfabModel


/// One line under the timeline (`L` toggles it): what the heat colours and the marker styles
/// mean, each entry drawn in the style it stands for. The help overlay draws the same entries.
struct LegendWidget {
  let heat: HeatMode
  let theme: Theme

  func render(in area: Rect, _ buffer: inout Buffer) {
    guard !area.isEmpty else { return }
    var segments = heat == .off ? [OverlayWidget.Segment("heat off")] : Self.heat(heat, theme)
    segments.append(OverlayWidget.Segment("  ·  "))
    segments += Self.markers(theme)
    segments.append(OverlayWidget.Segment("  ·  L hides", theme.dimText))
    var x = area.x
    for segment in segments {
      x = buffer.put(segment.text, x: x, y: area.y, style: segment.style, clip: area)
    }
  }

  /// The heat buckets of a mode, surest first, each in its own style.
  static func heat(_ mode: HeatMode, _ theme: Theme) -> [OverlayWidget.Segment] {
    var line: [OverlayWidget.Segment] = []
    for (bucket, label) in Theme.legend(mode).enumerated() {
      if bucket > 0 { line.append(OverlayWidget.Segment(" ")) }
      line.append(OverlayWidget.Segment(label, theme.heatStyle(bucket, mode)))
    }
    return line
  }

  /// The three marker classes, each in its style.
  static func markers(_ theme: Theme) -> [OverlayWidget.Segment] {
    [OverlayWidget.Segment("hedge", theme.marker(.hedge)), OverlayWidget.Segment(" · "),
     OverlayWidget.Segment("self-correction", theme.marker(.correction)), OverlayWidget.Segment(" · "),
     OverlayWidget.Segment("assertion", theme.marker(.assertion))]
  }
}
