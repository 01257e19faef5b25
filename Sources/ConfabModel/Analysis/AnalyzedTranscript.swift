/// A transcript with everything the reader derives from it once, computed where it is loaded
/// (off the UI thread): the analysis, and per flat token index the statistics, marker class and
/// pressures.
public struct AnalyzedTranscript: Equatable, Sendable {
  public let transcript: Transcript
  public let analysis: TranscriptAnalysis
  /// Per flat token index.
  public let stats: [TokenStats]
  /// Per flat token: the marker class covering it, if any.
  public let markerKind: [MarkerKind?]
  public let correctionPressure: [Double]
  public let hedgePressure: [Double]
  /// Flat index of each message's first token.
  public let messageBase: [Int]

  public init(_ transcript: Transcript, analyzer: Analyzer) {
    self.transcript = transcript
    analysis = analyzer.analyze(transcript)
    stats = analysis.stats.flatMap { $0 }
    correctionPressure = analysis.correctionPressure.flatMap { $0 }
    hedgePressure = analysis.hedgePressure.flatMap { $0 }
    var bases: [Int] = []
    var base = 0
    for message in transcript.messages {
      bases.append(base)
      base += message.tokens?.count ?? 0
    }
    messageBase = bases
    var kinds = [MarkerKind?](repeating: nil, count: stats.count)
    for (number, message) in transcript.messages.enumerated() where message.tokens != nil {
      for (marker, range) in zip(analysis.messages[number].markers, analysis.messages[number].tokenRanges) {
        for token in range where kinds[bases[number] + token] == nil { kinds[bases[number] + token] = marker.kind }
      }
    }
    markerKind = kinds
  }
}
