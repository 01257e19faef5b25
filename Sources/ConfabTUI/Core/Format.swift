/// Number formatting without Foundation (the TUI module stays pure Swift).
public enum Format {
  /// `value` with exactly `digits` decimals, rounded half away from zero.
  public static func fixed(_ value: Double, _ digits: Int) -> String {
    guard value.isFinite else { return value.isNaN ? "nan" : (value < 0 ? "-inf" : "inf") }
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let scaled = (abs(value) * scale).rounded()
    let negative = value < 0 && scaled > 0
    let whole = Int(scaled / scale)
    var text = String(whole)
    if digits > 0 {
      let fraction = Int(scaled) - whole * Int(scale)
      let fractionText = String(fraction)
      text += "." + String(repeating: "0", count: digits - fractionText.count) + fractionText
    }
    return negative ? "-" + text : text
  }

  /// Probability: three decimals, or "<0.001" so tiny values never read as zero.
  public static func probability(_ p: Double) -> String {
    if p > 0 && p < 0.0005 { return "<0.001" }
    return fixed(p, 3)
  }

  public static func percent(_ fraction: Double) -> String { fixed(fraction * 100, 0) + "%" }

  /// 1234567 -> "1.2M", for byte and token counts in tight places.
  public static func compact(_ value: Int) -> String {
    let v = Double(value)
    if value >= 1_000_000_000 { return fixed(v / 1e9, 1) + "G" }
    if value >= 1_000_000 { return fixed(v / 1e6, 1) + "M" }
    if value >= 10_000 { return fixed(v / 1e3, 0) + "k" }
    return String(value)
  }
}
