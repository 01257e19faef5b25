/// The per-transcript numbers `confab scan` prints and the transcript list shows.
public struct TranscriptFigures: Sendable, Equatable, Codable {
  /// Tokens with per-token data (0 for a transcript without logprobs).
  public var tokens: Int
  public var meanLogprob: Double?
  public var meanEntropyBound: Double?
  public var maxEntropyBound: Double?
  /// Share of tokens (with a recorded top-k) whose sampled token was outside it.
  public var outsideTopKShare: Double?
  /// The prompt as the model scored it (echo, prefill, prompt_logprobs): tokens with a
  /// logprob there and their mean surprisal in nats. Kept apart: the prompt was given, not
  /// sampled, so it is in none of the figures above.
  public var promptTokens = 0
  public var promptMeanSurprisal: Double?

  /// One naming for every script-facing output (scan's corpus keys are snake_case too).
  enum CodingKeys: String, CodingKey {
    case tokens
    case meanLogprob = "mean_logprob"
    case meanEntropyBound = "mean_entropy_bound"
    case maxEntropyBound = "max_entropy_bound"
    case outsideTopKShare = "outside_topk_share"
    case promptTokens = "prompt_tokens"
    case promptMeanSurprisal = "prompt_mean_surprisal"
  }

  public init(
    tokens: Int, meanLogprob: Double?, meanEntropyBound: Double?, maxEntropyBound: Double?, outsideTopKShare: Double?,
    promptTokens: Int = 0, promptMeanSurprisal: Double? = nil
  ) {
    self.tokens = tokens
    self.meanLogprob = meanLogprob
    self.meanEntropyBound = meanEntropyBound
    self.maxEntropyBound = maxEntropyBound
    self.outsideTopKShare = outsideTopKShare
    self.promptTokens = promptTokens
    self.promptMeanSurprisal = promptMeanSurprisal
  }

  public init(transcript: Transcript) {
    self.init(transcript: transcript, stats: transcript.messages.map { tokenStats($0.tokens ?? []) })
  }

  /// From statistics already computed per message (`TranscriptAnalysis.stats`).
  public init(transcript: Transcript, stats: [[TokenStats]]) {
    var tokens = 0
    var logprobSum = 0.0
    var logprobCount = 0
    var entropySum = 0.0
    var entropyCount = 0
    var entropyMax: Double?
    var withTop = 0
    var outside = 0
    var promptScored = 0
    var promptSurprisal = 0.0
    for message in transcript.messages where message.channel == .prompt {
      for token in message.tokens ?? [] {
        guard let value = token.logprob.value else { continue }
        promptScored += 1
        promptSurprisal -= value
      }
    }
    // Generation figures: the prompt as scored (echo, prefill) is not the model's output.
    for (message, messageStats) in zip(transcript.messages, stats) where message.role == .assistant {
      for (token, stats) in zip(message.tokens ?? [], messageStats) {
        tokens += 1
        if let value = token.logprob.value {
          logprobSum += value
          logprobCount += 1
        }
        if let bound = stats.entropyLowerBound {
          entropySum += bound
          entropyCount += 1
          entropyMax = max(entropyMax ?? bound, bound)
        }
        if stats.k > 0 {
          withTop += 1
          if stats.rank == nil { outside += 1 }
        }
      }
    }
    self.tokens = tokens
    meanLogprob = logprobCount > 0 ? logprobSum / Double(logprobCount) : nil
    meanEntropyBound = entropyCount > 0 ? entropySum / Double(entropyCount) : nil
    maxEntropyBound = entropyMax
    outsideTopKShare = withTop > 0 ? Double(outside) / Double(withTop) : nil
    promptTokens = promptScored
    promptMeanSurprisal = promptScored > 0 ? promptSurprisal / Double(promptScored) : nil
  }
}

/// A transcript as the list knows it before it is opened: where it is, what it is called,
/// and its figures. Small, so a million of them fit in memory.
public struct TranscriptSummary: Sendable, Equatable {
  public var source: SourceRef
  public var id: String
  public var title: String
  public var model: String?
  public var promptID: String?
  public var sampleIndex: Int?
  /// Which prompt this samples (`PromptKey`, as one string): equal for the samples the
  /// compare view sets side by side. Empty for a placeholder not read yet.
  public var promptKey = ""
  /// The sampled turn's answer by the default heuristic, for the list's per-prompt agreement
  /// (set by `Analyzer.summarize` when it reads answers).
  public var answer: String?
  /// A rescoring's parent (its id): scan compares the two.
  public var rescoreParent: String?
  /// A branch or a rescoring: made from another transcript, so not a sample of its prompt
  /// (listed with the prompt's samples, left out of their agreement and decisiveness).
  public var isDerived = false
  /// Where a converted transcript was first read (scan reports it beside its own location).
  public var original: OriginalSource?
  public var figures: TranscriptFigures
  public var counts: EventCounts
  /// Listed before it was read (a lazily opened container): figures come once it is opened.
  public var isPlaceholder = false

  /// A transcript listed before it is read (a lazily opened container): no figures yet.
  public init(placeholder source: SourceRef, title: String, model: String?) {
    isPlaceholder = true
    self.source = source
    id = ""
    self.title = title
    self.model = model
    promptID = nil
    sampleIndex = nil
    figures = TranscriptFigures(transcript: Transcript(id: "", source: source, messages: []))
    counts = EventCounts()
  }

  public init(
    source: SourceRef, id: String, title: String, model: String?, promptID: String?, sampleIndex: Int?,
    figures: TranscriptFigures, counts: EventCounts
  ) {
    self.source = source
    self.id = id
    self.title = title
    self.model = model
    self.promptID = promptID
    self.sampleIndex = sampleIndex
    self.figures = figures
    self.counts = counts
  }

  /// With figures from an analysis that already holds the token statistics.
  public init(_ transcript: Transcript, analysis: TranscriptAnalysis) {
    self.init(transcript, counts: analysis.counts, figures: TranscriptFigures(transcript: transcript, stats: analysis.stats))
  }

  public init(_ transcript: Transcript, counts: EventCounts = EventCounts(), figures: TranscriptFigures? = nil) {
    self.counts = counts
    source = transcript.source
    id = transcript.id
    title = transcript.title
    model = transcript.model
    promptID = transcript.promptID
    sampleIndex = transcript.sampleIndex
    promptKey = PromptKey(transcript).text
    original = transcript.original
    rescoreParent = transcript.rescoreParent
    isDerived = transcript.branch != nil || transcript.rescoreParent != nil
    self.figures = figures ?? TranscriptFigures(transcript: transcript)
  }
}
