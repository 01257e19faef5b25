#if canImport(Glibc)
  import Glibc
#else
  import Darwin
#endif

/// A log-probability as a file recorded it. Sentinels (-9999, FLT_LOWEST, -1.27e30, null,
/// NaN, ±Infinity) mean "impossible or unknown": `value` is nil for them and `raw` keeps
/// what the file said, so nothing is lost on conversion.
public struct Logprob: Sendable, Equatable {
  public var raw: Double?
  /// At or below this a value is a stand-in for minus infinity (-9999, FLT_LOWEST, -1.27e30,
  /// MLX -100 is above it but a real logprob near -1000 never occurs).
  public static let sentinelFloor = -1000.0

  public init(raw: Double?) { self.raw = raw }

  /// From a plain probability (llama.cpp's `prob`), remembered as a log.
  public init(probability: Double?) {
    guard let probability, probability.isFinite, probability >= 0 else { raw = nil; return }
    raw = probability > 0 ? log(probability) : -Double.infinity
  }

  public static let unknown = Logprob(raw: nil)

  /// The usable value: finite, above the sentinel floor, at most 0.
  public var value: Double? {
    guard let raw, raw.isFinite, raw > Self.sentinelFloor else { return nil }
    return min(raw, 0)
  }

  public var probability: Double { value.map { exp($0) } ?? 0 }
}
