/// The marker detector and event thresholds in force, passed to every place that analyses.
public struct Analyzer: Sendable, Equatable {
  public var detector: MarkerDetector
  public var thresholds: EventThresholds

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

  /// The list's and scan's view of a transcript.
  public func summarize(_ transcript: Transcript) -> TranscriptSummary {
    TranscriptSummary(transcript, analysis: analyze(transcript))
  }
}
