import ConfabModel

/// Number formatting without Foundation (the TUI module stays pure Swift).
public enum Format {
  /// `value` with exactly `digits` decimals, rounded half away from zero.
  public static func fixed(_ value: Double, _ digits: Int) -> String { NumberText.fixed(value, digits) }

  /// Probability: three decimals, or "<0.001" (NumberText.probability).
  public static func probability(_ p: Double) -> String { NumberText.probability(p) }

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
