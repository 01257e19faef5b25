/// Defaults for the events worth jumping to; all can be changed on the command line.
public struct EventThresholds: Sendable, Equatable, Codable {
  /// Entropy lower bound (nats) at or above which a position is "high entropy" (opt-in;
  /// `confab events` sets it from the corpus: the top 2% of its positions).
  public var highEntropy = 2.5
  /// Sampled-token probability below which it is "unlikely" (opt-in, like high entropy).
  public var unlikely = 0.02
  /// Correction pressure at or above which a near-miss is considered.
  public var nearMissPressure = 0.10
  /// Tokens after the position in which a real correction would cancel the near-miss.
  public var nearMissWindow = 8
  /// An assertion is unbacked when a content token of the claim after it was sampled at a
  /// probability below this.
  public var unbackedProbability = 0.5
  /// A hedge is performative when the mean entropy bound of what follows stays below this.
  public var performativeEntropy = 0.6
  /// A listed rival answer at or above this probability makes a competing-answer event.
  public var competingAnswer = 0.10
  /// Tokens around a marker that the last two rules look at.
  public var markerWindow = 5

  public init() {}

  /// snake_case, as in scan's and events' JSON.
  enum CodingKeys: String, CodingKey {
    case highEntropy = "high_entropy", unlikely, nearMissPressure = "near_miss_pressure", nearMissWindow = "near_miss_window"
    case unbackedProbability = "unbacked_probability", performativeEntropy = "performative_entropy"
    case competingAnswer = "competing_answer", markerWindow = "marker_window"
  }
}
