/// Totals over many transcripts, each mean weighted by the transcript's token count.
public struct CorpusFigures: Sendable, Equatable, Codable {
  public var transcripts = 0
  public var tokens = 0
  public var meanLogprob: Double?
  public var meanEntropyBound: Double?
  public var maxEntropyBound: Double?
  public var outsideTopKShare: Double?
  /// The prompts as scored, apart from the sampled text (TranscriptFigures).
  public var promptTokens = 0
  public var promptMeanSurprisal: Double?
  public var counts = EventCounts()

  /// Token-weighted sums behind the three means.
  private struct WeightedMean: Sendable {
    var sum = 0.0
    var weight = 0.0

    mutating func add(_ value: Double?, _ weight: Double) -> Double? {
      if let value, weight > 0 {
        sum += value * weight
        self.weight += weight
      }
      return self.weight > 0 ? sum / self.weight : nil
    }
  }

  private var logprobs = WeightedMean()
  private var entropies = WeightedMean()
  private var outsides = WeightedMean()
  private var promptSurprisals = WeightedMean()

  public init() {}

  public mutating func add(_ figures: TranscriptFigures, _ events: EventCounts = EventCounts()) {
    counts.add(events)
    transcripts += 1
    tokens += figures.tokens
    let weight = Double(figures.tokens)
    meanLogprob = logprobs.add(figures.meanLogprob, weight)
    meanEntropyBound = entropies.add(figures.meanEntropyBound, weight)
    outsideTopKShare = outsides.add(figures.outsideTopKShare, weight)
    if let bound = figures.maxEntropyBound { maxEntropyBound = max(maxEntropyBound ?? bound, bound) }
    promptTokens += figures.promptTokens
    promptMeanSurprisal = promptSurprisals.add(figures.promptMeanSurprisal, Double(figures.promptTokens))
  }

  enum CodingKeys: String, CodingKey {
    case transcripts, tokens
    case meanLogprob = "mean_logprob"
    case meanEntropyBound = "mean_entropy_bound"
    case maxEntropyBound = "max_entropy_bound"
    case outsideTopKShare = "outside_topk_share"
    case promptTokens = "prompt_tokens"
    case promptMeanSurprisal = "prompt_mean_surprisal"
  }

  public static func == (a: CorpusFigures, b: CorpusFigures) -> Bool {
    a.transcripts == b.transcripts && a.tokens == b.tokens && a.meanLogprob == b.meanLogprob
      && a.meanEntropyBound == b.meanEntropyBound && a.maxEntropyBound == b.maxEntropyBound
      && a.outsideTopKShare == b.outsideTopKShare && a.counts == b.counts
      && a.promptTokens == b.promptTokens && a.promptMeanSurprisal == b.promptMeanSurprisal
  }
}
