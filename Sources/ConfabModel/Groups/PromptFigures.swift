/// The scalar figures of one prompt's samples: answer agreement, decisiveness of the wording,
/// their gap, and whether they read as sure yet disagree. `confab prompts` and the explorer's
/// grouped list both compute them here.
public struct PromptFigures: Sendable, Equatable {
  public var answers: AnswerClusters
  /// Mean over samples.
  public var decisiveness: Double
  /// decisiveness - agreement: faithful response uncertainty (Yona et al. 2024) from stored samples.
  public var gap: Double
  public var confidentlyInconsistent: Bool

  public var agreement: Double { answers.agreement }

  /// One answer and one set of marker counts per sample.
  public init(answers: [String?], counts: [EventCounts], thresholds: InconsistencyThresholds) {
    self.answers = AnswerClusters(answers: answers)
    decisiveness = counts.isEmpty ? 0 : counts.reduce(0.0) { $0 + $1.decisiveness } / Double(counts.count)
    gap = decisiveness - self.answers.agreement
    confidentlyInconsistent = counts.count > 1 && decisiveness >= thresholds.decisive && self.answers.agreement <= thresholds.agreement
  }
}
