/// The marker detector and event thresholds in force, passed to every place that analyses.
public struct Analyzer: Sendable, Equatable {
  public var detector: MarkerDetector
  public var thresholds: EventThresholds

  public init(detector: MarkerDetector = MarkerDetector(), thresholds: EventThresholds = EventThresholds()) {
    self.detector = detector
    self.thresholds = thresholds
  }

  public func analyze(_ transcript: Transcript) -> TranscriptAnalysis {
    TranscriptAnalysis(transcript: transcript, detector: detector, thresholds: thresholds)
  }

  /// The list's and scan's view of a transcript.
  public func summarize(_ transcript: Transcript) -> TranscriptSummary {
    TranscriptSummary(transcript, analysis: analyze(transcript))
  }
}
