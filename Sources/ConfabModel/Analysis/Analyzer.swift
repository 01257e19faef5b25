/// The marker detector and event thresholds in force, passed to every place that analyses.
public struct Analyzer: Sendable, Equatable {
  public var detector: MarkerDetector
  public var thresholds: EventThresholds
  /// Whether summaries carry each sampled turn's answer (the default heuristic): the explorer's
  /// grouped list needs them; `scan` does not, so it does not pay for them.
  public var readsAnswers = false
  /// Summaries with the token figures only: no markers, pressures or events (their counts
  /// stay zero). `scan --figures-only`, for a quick pass over a large corpus.
  public var figuresOnly = false

  public init(detector: MarkerDetector, thresholds: EventThresholds) {
    self.detector = detector
    self.thresholds = thresholds
  }

  /// The built-in lexicon and default thresholds, with no user configuration: for tests and
  /// benchmarks. Commands get theirs from `AnalysisOptions.analyzer()`, which reads the user's
  /// lexicon files and flags.
  public static let builtIn = Analyzer(detector: MarkerDetector(), thresholds: EventThresholds())

  public func analyze(_ transcript: Transcript) -> TranscriptAnalysis {
    TranscriptAnalysis(transcript: transcript, detector: detector, thresholds: thresholds)
  }

  /// This analyzer, its summaries carrying answers.
  public var readingAnswers: Analyzer {
    var copy = self
    copy.readsAnswers = true
    return copy
  }

  /// The list's and scan's view of a transcript.
  public func summarize(_ transcript: Transcript) -> TranscriptSummary {
    summary(of: transcript, analysis: figuresOnly ? nil : counting(transcript))
  }

  /// The analysis a summary needs: its events counted, not worded.
  private func counting(_ transcript: Transcript, stats: [[TokenStats]]? = nil) -> TranscriptAnalysis {
    TranscriptAnalysis(transcript: transcript, detector: detector, thresholds: thresholds, stats: stats, describesEvents: false)
  }

  /// The summary of a transcript analysed already (the explorer's first record: its analysis
  /// serves both the list and the reader).
  public func summarize(_ analyzed: AnalyzedTranscript) -> TranscriptSummary {
    summary(of: analyzed.transcript, analysis: figuresOnly ? nil : analyzed.analysis)
  }

  /// The summary of a transcript whose tokens list only the alternatives the rules read, their
  /// statistics made as it was read (`TranscriptAnalysis`'s `stats`: the chat reader's digest).
  public func summarize(_ transcript: Transcript, stats: [[TokenStats]]) -> TranscriptSummary {
    summary(of: transcript, analysis: figuresOnly ? nil : counting(transcript, stats: stats), stats: stats)
  }

  /// `stats`: the tokens' statistics when they were made already.
  private func summary(of transcript: Transcript, analysis: TranscriptAnalysis?, stats: [[TokenStats]]? = nil) -> TranscriptSummary {
    var summary = analysis.map { TranscriptSummary(transcript, analysis: $0) }
      ?? TranscriptSummary(transcript, figures: stats.map { TranscriptFigures(transcript: transcript, stats: $0) })
    if readsAnswers { summary.answer = transcript.defaultAnswer }
    return summary
  }
}
