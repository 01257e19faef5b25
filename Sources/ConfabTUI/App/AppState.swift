import ConfabModel


public enum Pane: Equatable, Sendable { case list, transcript, tags }

public enum Overlay: Equatable, Sendable { case help, problems }

public enum TimelineMetric: String, Equatable, Sendable, CaseIterable {
  case entropy, surprisal, correction, hedge

  public var next: TimelineMetric {
    let all = Self.allCases
    return all[(all.firstIndex(of: self)! + 1) % all.count]
  }
}

/// What the timeline's bars are scaled to (`=` toggles): one scale for the whole corpus, so
/// transcripts compare, or the open transcript's own maximum.
public enum TimelineScale: String, Equatable, Sendable {
  case corpus, transcript
}

/// How the transcript list is ordered (`s` cycles): file order, or most events of a kind first.
public enum ListSort: String, Equatable, Sendable, CaseIterable {
  case file, hedges, corrections, assertions, nearMisses = "near-misses"
  /// By the gap of each sample's prompt (decisiveness - agreement), widest first.
  case gap

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
    case .gap: return nil
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

/// The transcript on screen: its analysis (made by the load effect) and its layout.
public struct OpenTranscript: Equatable, Sendable {
  public var index: Int
  public let analyzed: AnalyzedTranscript
  public var layout: TranscriptLayout
  /// The events e/E visit (the filter's), in reading order.
  public var events: [PlacedEvent] = []
  /// Every event, whatever the filter: V selects a marker under the cursor from these.
  public var allEvents: [PlacedEvent] = []
  /// Per flat token, Δlogprob against the other scoring of this reply (its rescoring, or its
  /// parent when this is one), for the Δ heat; nil until that partner is read.
  public var deltas: [Double?]?
  /// What the deltas compare with, for the status line.
  public var deltaPartner: String?

  public var transcript: Transcript { analyzed.transcript }

  /// The flat index of `position` here: the same message (nil: the sampled one) and token,
  /// clamped to the message's last token; nil when that message has no tokens.
  public func flatIndex(of position: TokenPosition) -> Int? {
    guard let message = position.message ?? transcript.sampledMessageIndex else { return nil }
    let inMessage = layout.tokens.indices.filter { layout.tokens[$0].message == message }
    guard let last = inMessage.last else { return nil }
    return inMessage.first { layout.tokens[$0].token == position.token } ?? (position.token < 0 ? inMessage.first : last)
  }
  /// The message and token at flat index `flat` (the reader's cursor): where to open this
  /// place again (`flatIndex(of:)` is the way back).
  public func position(at flat: Int) -> TokenPosition? {
    layout.tokens.indices.contains(flat) ? TokenPosition(message: layout.tokens[flat].message, token: layout.tokens[flat].token) : nil
  }
  public var analysis: TranscriptAnalysis { analyzed.analysis }
  public var stats: [TokenStats] { analyzed.stats }
  public var markerKind: [MarkerKind?] { analyzed.markerKind }
  public var correctionPressure: [Double] { analyzed.correctionPressure }
  public var hedgePressure: [Double] { analyzed.hedgePressure }
  public var messageBase: [Int] { analyzed.messageBase }

  /// The filter `events` was chosen by.
  public private(set) var filter: EventFilter

  public init(index: Int, analyzed: AnalyzedTranscript, width: Int, filter: EventFilter = .standard) {
    self.index = index
    self.analyzed = analyzed
    self.filter = filter
    layout = TranscriptLayout(transcript: analyzed.transcript, width: width, tags: analyzed.transcript.annotationTags)
    place()
  }

  mutating func relayout(width: Int, tags: [Tag] = []) {
    // The file's own annotations are drawn with the tags, under them.
    layout = TranscriptLayout(transcript: transcript, width: width, tags: transcript.annotationTags + tags)
    place()
  }

  mutating func refilter(_ filter: EventFilter) {
    self.filter = filter
    events = allEvents.filter { filter.admits($0.event) }
  }

  private mutating func place() {
    allEvents = Self.place(analysis.events, messageBase: messageBase, layout: layout)
    events = allEvents.filter { filter.admits($0.event) }
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
  /// `&`: n/N go on into the next (previous) transcript with a match, past the last here.
  public var across = false
  /// Matches in messages without tokens (the prompt): n/N scroll to them.
  public var textHits: [TextHit] = []
  /// The text match n/N last went to; nil while the cursor's token is the place.
  public var currentText: Int?

  public init(query: String, hits: [Int], across: Bool = false, textHits: [TextHit] = []) {
    self.query = query
    self.hits = hits
    self.across = across
    self.textHits = textHits
  }

  public var count: Int { hits.count + textHits.count }
}

/// A match in a message drawn as plain text: no token to put the cursor on.
public struct TextHit: Equatable, Sendable {
  public var message: Int
  /// Unicode scalar offset and length in the message text.
  public var scalar: Int
  public var length: Int
  /// The layout line it starts on.
  public var line: Int
}

/// An `&` search on its way through the list: each transcript it opens is searched, and one
/// with no match passes it on to the next.
public struct PendingSearch: Equatable, Sendable {
  public var query: String
  public var forward: Bool
  /// Transcripts opened so far without a match (said in the status line when none is found).
  public var passed = 0
  /// The row the search started from: back there when no transcript further on matches.
  public var startRow: Int
}

/// The transcript list: what the scan found and how it is ordered and scrolled.
public struct ListState: Equatable, Sendable {
  public var entries = SummaryTable()
  public var fileCount: Int
  public var scanned = CorpusUpdate()
  /// Row of the selection in the current order.
  public var selected = 0
  public var listScroll = 0
  public var sort: ListSort = .file
  /// Position in `entries` for each transcript, in the current sort.
  public var order: [Int] = []
  /// Samples of one prompt under one header row (`P`); a prompt of one sample is its row.
  public var grouped = false
  /// The prompts, in the current sort: built while grouped or sorted by gap, else empty.
  public var groups: [ListGroup] = []
  /// The rows while grouped: each group's header then its samples.
  public var groupedRows: [ListRow] = []
  /// The largest entropy bound of any transcript scanned: the timeline's corpus-wide scale.
  public var corpusMaxEntropy = 0.0
  /// `/` typed in the list: rows whose title (or, grouped, answer) holds it; n/N step them.
  public var titleQuery: String?
  /// Index into `groups` for each entry, while groups are built.
  var entryGroup: [Int32] = []

  public init(fileCount: Int) { self.fileCount = fileCount }
}

/// The reader: the open transcript, the token cursor and how the text is drawn.
public struct ReaderState: Equatable, Sendable {
  public var open: OpenTranscript?
  /// Entry index of the load in flight, if any (a stale result is dropped).
  public var loading: Int?
  public var cursor = 0
  public var scroll = 0
  public var heat: HeatMode = .probability
  public var timeline: TimelineMetric = .entropy
  public var timelineScale: TimelineScale = .corpus
  /// The one-line legend under the timeline (`L`).
  public var showLegend = false
  public var search: SearchState?
  /// After e/E crossed into another transcript: jump to its first (true) or last event on load.
  public var pendingEventJump: Bool?
  /// Where the cursor goes when the transcript being loaded arrives: n/N keep the token
  /// position so one position compares across samples; the compare view opens at its fork.
  public var pendingPosition: TokenPosition?
  /// `&` typed: the search prompt's query goes across transcripts.
  public var searchingAcross = false
  public var pendingSearch: PendingSearch?
  /// Reopening the transcript an `&` search started from: search it again on arrival.
  public var resumeSearch: SearchState?
  /// The event e/E last went to, so events sharing a token are each visited.
  public var currentEvent: Int?
  /// Which events e/E visit (`f`).
  public var eventFilter: EventFilter = .standard
  /// The statistical events' cut-offs: fixed until the corpus's own are read (asked for the
  /// first time high-entropy or unlikely tokens are let through the filter).
  public var corpusCutoffs: CorpusCutoffs = .fixed
  /// Cut-offs the user gave on the command line: the corpus's own never replace them.
  public var userHighEntropy = false
  public var userUnlikely = false

  public init() {}
}

/// The whole UI state, in slices: the list, the reader, tagging and the mode stack, plus what
/// the screen as a whole needs. `update` changes it, `view` draws it; neither does I/O.
public struct AppState: Equatable, Sendable {
  public var size: Size
  public var theme: Theme
  public var list: ListState
  public var reader = ReaderState()
  public var tagging = TaggingState()
  /// Modes above normal reading, innermost last (see Mode).
  public var modes: [Mode] = []
  public var focus: Pane = .transcript
  public var problems = ProblemList()
  /// Follow mode: the list grows as the files do.
  public var following = false
  /// While following, the newest record is selected and stays selected as records arrive,
  /// until a key moves the selection away (as `less +F` stays at the end).
  public var atNewest = false
  public var message: String?
  public var quitting = false
  /// The live model server (`--server`), as shown; nil when none was given.
  public var server: String?
  /// What the live-model request in flight (a branch or a rescore) is doing; nil when none is.
  public var liveJob: String?
  /// Samples per branch, kept from one `B` to the next.
  public var branchSamples = 1
  /// Where the live result opens (a branch at its fork, a rescoring where the cursor was).
  public var liveOpenPosition: TokenPosition?

  public init(size: Size, colorMode: ColorMode = .full256, fileCount: Int = 0) {
    self.size = size
    theme = Theme(mode: colorMode)
    list = ListState(fileCount: fileCount)
  }

  public var screen: ScreenLayout { ScreenLayout(size: size, legend: reader.showLegend) }

  /// Text columns the transcript is wrapped to.
  public var transcriptWidth: Int { screen.transcript.width }
}
