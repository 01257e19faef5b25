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

  /// How decisive the wording is, 0–1: (1 + assertions) / (1 + assertions + hedges). Plain
  /// unhedged text is 1 (an expert's statement needs no "definitely"); each hedge lowers it,
  /// each assertion offsets one. Every cue counts 1: the lexicon has no strengths.
  public var decisiveness: Double {
    let assertions = Double(counts.assertions)
    return (1 + assertions) / (1 + assertions + Double(counts.hedges))
  }

  /// The sampled assistant message's tokens (empty without per-token data).
  public var sampledTokens: [Token] { transcript.sampledTokens }

  public var replyText: String { transcript.sampledMessageIndex.map { transcript.messages[$0].text } ?? "" }
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
    answers = AnswerClusters(answers: try samples.map { try rule.answer(in: $0.replyText, prompt: $0.transcript.promptContext) })
    decisiveness = samples.isEmpty ? 0 : samples.reduce(0.0) { $0 + $1.decisiveness } / Double(samples.count)
    gap = decisiveness - answers.agreement
    confidentlyInconsistent = samples.count > 1 && decisiveness >= thresholds.decisive && answers.agreement <= thresholds.agreement
  }
}
