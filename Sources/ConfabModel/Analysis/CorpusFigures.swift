/// Totals over many transcripts, each mean weighted by the transcript's token count.
public struct CorpusFigures: Sendable, Equatable, Codable {
  public var transcripts = 0
  public var tokens = 0
  public var meanLogprob: Double?
  public var meanEntropyBound: Double?
  public var maxEntropyBound: Double?
  public var outsideTopKShare: Double?
  public var counts = EventCounts()

  private var weighted = [String: (sum: Double, weight: Double)]()

  public init() {}

  public mutating func add(_ figures: TranscriptFigures, _ events: EventCounts = EventCounts()) {
    counts.add(events)
    transcripts += 1
    tokens += figures.tokens
    let weight = Double(figures.tokens)
    meanLogprob = accumulate("logprob", figures.meanLogprob, weight)
    meanEntropyBound = accumulate("entropy", figures.meanEntropyBound, weight)
    outsideTopKShare = accumulate("outside", figures.outsideTopKShare, weight)
    if let bound = figures.maxEntropyBound { maxEntropyBound = max(maxEntropyBound ?? bound, bound) }
  }

  private mutating func accumulate(_ key: String, _ value: Double?, _ weight: Double) -> Double? {
    var entry = weighted[key] ?? (0, 0)
    if let value, weight > 0 {
      entry.sum += value * weight
      entry.weight += weight
      weighted[key] = entry
    }
    return entry.weight > 0 ? entry.sum / entry.weight : nil
  }

  enum CodingKeys: String, CodingKey {
    case transcripts, tokens
    case meanLogprob = "mean_logprob"
    case meanEntropyBound = "mean_entropy_bound"
    case maxEntropyBound = "max_entropy_bound"
    case outsideTopKShare = "outside_topk_share"
  }

  public static func == (a: CorpusFigures, b: CorpusFigures) -> Bool {
    a.transcripts == b.transcripts && a.tokens == b.tokens && a.meanLogprob == b.meanLogprob
      && a.meanEntropyBound == b.meanEntropyBound && a.maxEntropyBound == b.maxEntropyBound
      && a.outsideTopKShare == b.outsideTopKShare && a.counts == b.counts
  }
}
