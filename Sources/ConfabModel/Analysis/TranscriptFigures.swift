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
    var sums = Sums()
    for message in transcript.messages where message.channel == .prompt {
      for token in message.tokens ?? [] {
        guard let value = token.logprob.value else { continue }
        sums.promptScored += 1
        sums.promptSurprisal -= value
      }
    }
    // Generation figures: the prompt as scored (echo, prefill) is not the model's output.
    for (message, messageStats) in zip(transcript.messages, stats) where message.role == .assistant {
      let tokens = message.tokens ?? []
      for position in 0..<min(tokens.count, messageStats.count) {
        let stats = messageStats[position]
        sums.add(logprob: tokens[position].logprob.value, entropyBound: stats.entropyLowerBound, listed: stats.k > 0, outside: stats.rank == nil)
      }
    }
    self.init(sums)
  }

  /// The figures of these sums.
  public init(_ sums: Sums) {
    tokens = sums.tokens
    meanLogprob = sums.logprobCount > 0 ? sums.logprobSum / Double(sums.logprobCount) : nil
    meanEntropyBound = sums.entropyCount > 0 ? sums.entropySum / Double(sums.entropyCount) : nil
    maxEntropyBound = sums.entropyMax
    outsideTopKShare = sums.withTop > 0 ? Double(sums.outside) / Double(sums.withTop) : nil
    promptTokens = sums.promptScored
    promptMeanSurprisal = sums.promptScored > 0 ? sums.promptSurprisal / Double(sums.promptScored) : nil
  }

  /// What the figures are made of, added up token by token in the transcript's order (the
  /// one-pass figures reader adds up the same sums without making tokens).
  public struct Sums: Sendable, Equatable {
    public var tokens = 0
    public var logprobSum = 0.0
    public var logprobCount = 0
    public var entropySum = 0.0
    public var entropyCount = 0
    public var entropyMax: Double?
    /// Tokens with a recorded top-k, and those of them sampled outside it.
    public var withTop = 0
    public var outside = 0
    public var promptScored = 0
    public var promptSurprisal = 0.0

    public init() {}

    /// One sampled token: its logprob's value, its entropy bound, whether the file listed
    /// alternatives there, and whether the token is outside them.
    public mutating func add(logprob: Double?, entropyBound: Double?, listed: Bool, outside isOutside: Bool) {
      tokens += 1
      if let logprob {
        logprobSum += logprob
        logprobCount += 1
      }
      if let entropyBound {
        entropySum += entropyBound
        entropyCount += 1
        entropyMax = max(entropyMax ?? entropyBound, entropyBound)
      }
      if listed {
        withTop += 1
        if isOutside { outside += 1 }
      }
    }
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
