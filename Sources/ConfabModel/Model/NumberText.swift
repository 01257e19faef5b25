/// Decimal text for figures, without Foundation: `String(format:)` goes through NSString and
/// was most of `scan`'s time on a million small records.
public enum NumberText {
  /// `value` with exactly `digits` decimals, rounded half away from zero.
  public static func fixed(_ value: Double, _ digits: Int) -> String {
    guard value.isFinite else { return value.isNaN ? "nan" : (value < 0 ? "-inf" : "inf") }
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let scaled = (abs(value) * scale).rounded()
    // Beyond 2^53 the integer path loses digits (and beyond Int.max it would trap).
    guard scaled < 9e15 else { return String(value) }
    let negative = value < 0 && scaled > 0
    let units = Int(scaled)
    let factor = Int(scale)
    var text = String(units / factor)
    if digits > 0 {
      let fractionText = String(units % factor)
      text += "." + String(repeating: "0", count: digits - fractionText.count) + fractionText
    }
    return negative ? "-" + text : text
  }

  /// Probability: three decimals, or "<0.001" so a tiny value never reads as zero. The one
  /// formatter for p, on screen and in event details, so they agree.
  public static func probability(_ p: Double) -> String {
    if p > 0 && p < 0.0005 { return "<0.001" }
    return fixed(p, 3)
  }
}
