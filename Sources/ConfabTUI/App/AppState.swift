import ConfabCore

public enum Pane: Equatable, Sendable { case list, transcript, tags }

public enum Overlay: Equatable, Sendable { case help, problems }

public enum TimelineMetric: String, Equatable, Sendable, CaseIterable {
  case entropy, surprisal, correction, hedge

  public var next: TimelineMetric {
    let all = Self.allCases
    return all[(all.firstIndex(of: self)! + 1) % all.count]
  }
}

/// How the transcript list is ordered (`s` cycles): file order, or most events of a kind first.
public enum ListSort: String, Equatable, Sendable, CaseIterable {
  case file, hedges, corrections, assertions, nearMisses = "near-misses"

  public var next: ListSort {
    let all = Self.allCases
    return all[(all.firstIndex(of: self)! + 1) % all.count]
  }

  public var kind: EventKind? {
    switch self {
    case .file: return nil
    case .hedges: return .hedge
    case .corrections: return .correction
    case .assertions: return .assertion
    case .nearMisses: return .nearMissCorrection
    }
  }
}

/// An event placed on the flat token index and layout line, for e/E.
public struct PlacedEvent: Equatable, Sendable {
  public var event: AnalysisEvent
  /// First flat token, nil for events in text-only messages.
  public var token: Int?
  public var tokenEnd: Int?
  public var line: Int
}

/// The transcript on screen with everything derived from it once at load.
public struct OpenTranscript: Equatable, Sendable {
  public var index: Int
  public var transcript: Transcript
  /// Per flat token index.
  public var stats: [TokenStats]
  public var layout: TranscriptLayout
  public var analysis: TranscriptAnalysis
  /// Per flat token: the marker class covering it, if any.
  public var markerKind: [MarkerKind?]
  public var correctionPressure: [Double]
  public var hedgePressure: [Double]
  /// Events in reading order.
  public var events: [PlacedEvent] = []
  /// Flat index of each message's first token.
  public let messageBase: [Int]

  public init(index: Int, transcript: Transcript, width: Int, analyzer: Analyzer = Analyzer()) {
    self.index = index
    self.transcript = transcript
    layout = TranscriptLayout(transcript: transcript, width: width)
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
    events = Self.place(analysis.events, messageBase: bases, layout: layout)
  }

  mutating func relayout(width: Int, tags: [Tag] = []) {
    layout = TranscriptLayout(transcript: transcript, width: width, tags: tags)
    events = Self.place(analysis.events, messageBase: messageBase, layout: layout)
  }

  private static func place(_ events: [AnalysisEvent], messageBase: [Int], layout: TranscriptLayout) -> [PlacedEvent] {
    events.map { event in
      if let range = event.tokens, !range.isEmpty {
        let first = messageBase[event.message] + range.lowerBound
        return PlacedEvent(event: event, token: first, tokenEnd: messageBase[event.message] + range.upperBound,
                           line: layout.tokenLine[first])
      }
      let line = layout.lines.firstIndex { $0.message == event.message } ?? 0
      return PlacedEvent(event: event, token: nil, tokenEnd: nil, line: line)
    }
  }

  public func token(_ flat: Int) -> Token? {
    guard layout.tokens.indices.contains(flat) else { return nil }
    let ref = layout.tokens[flat]
    return transcript.messages[ref.message].tokens?[ref.token]
  }
}

public struct SearchState: Equatable, Sendable {
  public var query: String
  /// Flat token indices where a match starts, in order.
  public var hits: [Int]
}

/// The whole UI state. `update` changes it, `view` draws it; neither does I/O.
public struct AppState: Equatable, Sendable {
  public var size: Size
  public var theme: Theme
  public var entries: [TranscriptSummary] = []
  public var problems: [ImportProblem] = []
  public var fileCount: Int
  public var scanned = CorpusUpdate()
  public var selected = 0
  public var listScroll = 0
  public var open: OpenTranscript?
  public var loading: Int?
  public var cursor = 0
  public var scroll = 0
  public var focus: Pane = .transcript
  public var heat: HeatMode = .probability
  public var timeline: TimelineMetric = .entropy
  public var sort: ListSort = .file
  /// Position in `entries` for each list row, in the current sort.
  public var order: [Int] = []
  public var analyzer: Analyzer
  /// After e/E crossed into another transcript: jump to its first (true) or last event on load.
  public var pendingEventJump: Bool?
  /// The event e/E last went to, so events sharing a token are each visited.
  public var currentEvent: Int?
  public var tagging = TaggingState()
  /// Follow mode: the list grows as the files do.
  public var following = false
  public var overlay: Overlay?
  public var overlayScroll = 0
  /// Text being typed at the `/` prompt, nil when no prompt is open.
  public var prompt: String?
  public var search: SearchState?
  public var message: String?
  public var quitting = false

  public init(size: Size, colorMode: ColorMode = .full256, fileCount: Int = 0, analyzer: Analyzer = Analyzer()) {
    self.size = size
    self.analyzer = analyzer
    theme = Theme(mode: colorMode)
    self.fileCount = fileCount
  }

  public var screen: ScreenLayout { ScreenLayout(size: size) }

  /// Text columns the transcript is wrapped to.
  public var transcriptWidth: Int { screen.transcript.width }
}
