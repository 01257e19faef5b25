#if canImport(Glibc)
  import Glibc
#else
  import Darwin
#endif

/// Thresholds relative to a corpus: the entropy bound above which its top 2% of sampled
/// positions lie, and the probability below which its bottom 2% do. A tiny model is unsure
/// everywhere; fixed cut-offs would flag most of its tokens. Fixed-size histograms keep
/// memory constant whatever the corpus size.
public struct RelativeThresholds: Sendable, Equatable {
  /// Entropy bounds in 0.01-nat bins up to 20 nats.
  private var entropyBins = [Int](repeating: 0, count: 2001)
  /// Probabilities by -log10 p in 0.01 bins up to 1e-20.
  private var probabilityBins = [Int](repeating: 0, count: 2001)
  public private(set) var positions = 0
  /// The share of positions flagged, e.g. 0.02.
  public var share: Double

  public init(share: Double = 0.02) { self.share = share }

  /// Counts the transcript's sampled positions (its token statistics only: no markers).
  public mutating func add(_ transcript: Transcript) { add(Self.bins(of: transcript)) }

  /// One transcript's sampled positions as bins: what `add(_:)` counts, small enough to be
  /// made on a scan's threads and counted in order on one.
  public struct Bins: Sendable {
    var entropy: [UInt16] = []
    var probability: [UInt16] = []
  }

  public static func bins(of transcript: Transcript) -> Bins {
    var bins = Bins()
    for message in transcript.messages where message.role == .assistant {
      for stat in tokenStats(message.tokens ?? []) where stat.surprisal != nil {
        if let bound = stat.entropyLowerBound { bins.entropy.append(UInt16(min(2000, Int(bound * 100)))) }
        let depth = stat.probability > 0 ? -log10(stat.probability) : 20
        bins.probability.append(UInt16(min(2000, max(0, Int(depth * 100)))))
      }
    }
    return bins
  }

  public mutating func add(_ bins: Bins) {
    positions += bins.probability.count
    for bin in bins.entropy { entropyBins[Int(bin)] += 1 }
    for bin in bins.probability { probabilityBins[Int(bin)] += 1 }
  }

  /// The entropy bound at the corpus's top `share` (nil with no positions).
  public var highEntropy: Double? {
    upperBin(entropyBins).map { Double($0) / 100 }
  }

  /// The probability at the corpus's bottom `share` (nil with no positions).
  public var unlikely: Double? {
    upperBin(probabilityBins).map { pow(10, -Double($0) / 100) }
  }

  /// The lowest bin from which the bins above hold at most `share` of the counts.
  private func upperBin(_ bins: [Int]) -> Int? {
    let total = bins.reduce(0, +)
    guard total > 0 else { return nil }
    let allowed = Int(Double(total) * share)
    var above = 0
    for bin in stride(from: bins.count - 1, through: 0, by: -1) {
      if above + bins[bin] > allowed { return bin + 1 }
      above += bins[bin]
    }
    return 0
  }

  /// `thresholds` with the corpus-relative cut-offs in place of the fixed ones.
  public func applied(to thresholds: EventThresholds) -> EventThresholds {
    var result = thresholds
    if let highEntropy { result.highEntropy = highEntropy }
    if let unlikely { result.unlikely = unlikely }
    return result
  }
}
