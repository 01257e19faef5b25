/// When a prompt's samples read as sure yet disagree (documented defaults; flags change them).
public struct InconsistencyThresholds: Sendable, Equatable {
  /// Decisiveness at or above this reads as sure.
  public var decisive: Double
  /// Agreement at or below this is inconsistent.
  public var agreement: Double

  public init(decisive: Double = 0.8, agreement: Double = 0.6) {
    self.decisive = decisive
    self.agreement = agreement
  }
}

/// One sample of a prompt: its transcript and the marker counts the analyzer found.
public struct PromptSample: Sendable {
  public var transcript: Transcript
  public var counts: EventCounts

  public init(transcript: Transcript, counts: EventCounts) {
    self.transcript = transcript
    self.counts = counts
  }

  public var decisiveness: Double { counts.decisiveness }

  /// The sampled assistant message's tokens (empty without per-token data).
  public var sampledTokens: [Token] { transcript.sampledTokens }

  public var replyText: String { transcript.sampledText }
}

/// The samples of one prompt taken together: where they fork, whether their answers agree,
/// and how decisive their wording is against that agreement.
public struct PromptReport: Sendable {
  public var prompt: String
  public var promptID: String?
  public var model: String?
  public var transcripts: [String]
  public var forks: [Fork]
  public var answers: AnswerClusters
  /// Mean over samples.
  public var decisiveness: Double
  /// decisiveness - agreement: faithful response uncertainty (Yona et al. 2024) from stored samples.
  public var gap: Double
  public var confidentlyInconsistent: Bool

  public var samples: Int { transcripts.count }

  public init(samples: [PromptSample], rule: AnswerRule, thresholds: InconsistencyThresholds) throws {
    let first = samples.first?.transcript
    prompt = first?.promptText ?? ""
    promptID = first?.promptID
    model = first?.model
    transcripts = samples.map(\.transcript.id)
    forks = ForkTree.forks(samples.map(\.sampledTokens))
    let figures = PromptFigures(
      answers: try samples.map { try rule.answer(in: $0.replyText, prompt: $0.transcript.promptContext) },
      counts: samples.map(\.counts), thresholds: thresholds)
    answers = figures.answers
    decisiveness = figures.decisiveness
    gap = figures.gap
    confidentlyInconsistent = figures.confidentlyInconsistent
  }
}
