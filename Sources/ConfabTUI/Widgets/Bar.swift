/// A horizontal bar at 1/8-cell resolution.
enum Bar {
  private static let partials = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]

  /// `fraction` (0...1) of `width` columns, padded with spaces to exactly `width`.
  static func text(_ fraction: Double, width: Int) -> String {
    guard width > 0 else { return "" }
    let eighths = Int((max(0, min(1, fraction)) * Double(width * 8)).rounded())
    var text = String(repeating: "█", count: eighths / 8) + partials[eighths % 8]
    if text.isEmpty && fraction > 0 { text = "▏" }
    return text + String(repeating: " ", count: max(0, width - DisplayWidth.of(text)))
  }
}
