import ConfabCore

public enum Pane: Equatable, Sendable { case list, transcript }

public enum Overlay: Equatable, Sendable { case help, problems }

public enum TimelineMetric: String, Equatable, Sendable {
  case entropy, surprisal
}

/// The transcript on screen with everything derived from it once at load.
public struct OpenTranscript: Equatable, Sendable {
  public var index: Int
  public var transcript: Transcript
  /// Per flat token index.
  public var stats: [TokenStats]
  public var layout: TranscriptLayout

  public init(index: Int, transcript: Transcript, width: Int) {
    self.index = index
    self.transcript = transcript
    stats = transcript.messages.flatMap { tokenStats($0.tokens ?? []) }
    layout = TranscriptLayout(transcript: transcript, width: width)
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
  public var overlay: Overlay?
  public var overlayScroll = 0
  /// Text being typed at the `/` prompt, nil when no prompt is open.
  public var prompt: String?
  public var search: SearchState?
  public var message: String?
  public var quitting = false

  public init(size: Size, colorMode: ColorMode = .full256, fileCount: Int = 0) {
    self.size = size
    theme = Theme(mode: colorMode)
    self.fileCount = fileCount
  }

  public var screen: ScreenLayout { ScreenLayout(size: size) }

  /// Text columns the transcript is wrapped to.
  public var transcriptWidth: Int { screen.transcript.width }
}
