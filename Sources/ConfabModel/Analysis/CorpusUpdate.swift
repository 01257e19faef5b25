/// What the background scan has found since the last drain.
public struct CorpusUpdate: Sendable, Equatable {
  public var summaries: [TranscriptSummary] = []
  public var problems: [ImportProblem] = []
  public var bytesDone = 0
  public var bytesTotal = 0
  public var finished = false
  /// The first record's transcripts, whole and analysed, so the first screen needs no second
  /// parse and no second analysis.
  public var preloaded: [AnalyzedTranscript] = []

  public init() {}
  public var isEmpty: Bool { summaries.isEmpty && problems.isEmpty }
}
