import ConfabModel


/// A key press, as the backend decodes it.
public enum Key: Equatable, Hashable, Sendable {
  case char(Character)
  case ctrl(Character)
  case up, down, left, right, pageUp, pageDown, home, end
  case tab, backTab, enter, escape, backspace, delete, f1
}

/// Everything that can happen to the app: input, and results of effects.
public enum Event: Sendable {
  case key(Key)
  case resize(Size)
  /// SIGTERM, SIGHUP, SIGINT or SIGQUIT arrived: leave, restoring the terminal.
  case terminate
  case corpus(CorpusUpdate)
  /// A transcript read and analysed by the load effect.
  case loaded(index: Int, AnalyzedTranscript)
  case loadFailed(index: Int, ImportProblem)
  /// The tag store and labels file, opened once the first record is on screen: what the
  /// store cannot do, and the labels.
  case taggingOpened(TaggingOpened)
  /// The store's live tags for a transcript (after opening it).
  /// The open transcript's tags, and how many tags each tagged transcript has.
  case tagsLoaded(transcript: String, [Tag], tagged: [String: Int])
  /// A tag write went through (with the stored tag), or failed with a message.
  case tagWritten(TagWrite, TagWriteOrigin)
  case tagWriteFailed(String)
  /// Every live tag in the store, for the tags pane's all-tags list.
  case allTagsLoaded([Tag])
  /// An export finished: what to tell the user.
  case exported(String)
  /// The samples of one prompt, read for the compare view (or why they could not be).
  case groupLoaded(Result<CompareGroup, ImportProblem>)
  /// A branch on the live model finished: the new transcripts as listed from the branches
  /// file (empty when it failed or was cancelled) and what to tell the user.
  case liveResult([TranscriptSummary], message: String)
  /// How far the live-model request is, for the status line.
  case liveProgress(String)
  /// The corpus's own cut-offs for high-entropy and unlikely-token events (its top 2% entropy
  /// bound, its bottom 2% probability), read over every file; nil where it has no positions.
  case corpusThresholds(highEntropy: Double?, unlikely: Double?)
  /// The other scoring of the open transcript's reply (its rescoring or its parent), read
  /// for the Δlogprob heat.
  case partnerLoaded(for: String, Transcript)
}

/// Work `update` asks the run loop to do (I/O stays out of update).
public enum Effect: Equatable, Sendable {
  case load(index: Int, SourceRef)
  case loadTags(transcript: String)
  case loadAllTags
  case writeTag(TagWrite, TagWriteOrigin)
  case saveLabels(LabelSet)
  /// Keep reading input files as they grow (or stop).
  case setFollow(Bool)
  /// Export tags (or, for `.selection`, the given unsaved span) to a path.
  case export(ExportScope, path: String, selection: Tag?, transcript: String?)
  case quit
  /// Read these entries (the samples of one prompt) for the compare view.
  case loadGroup(entries: [Int], [SourceRef], title: String)
  /// Give the terminal back to the shell until the job is continued (^Z, then fg).
  case suspend
  /// Continue a transcript on the live model from an alternative it did not sample.
  case branch(BranchJob)
  /// Stop the live-model request in flight (a branch keeps its finished samples).
  case cancelLiveJob
  /// Teacher-force the open transcript's reply on the live model, in a frame.
  case rescore(RescoreJob)
  /// Read the other scoring of transcript `for` (Δ heat).
  case loadPartner(for: String, SourceRef)
  /// Read every file for the corpus's own statistical cut-offs (`corpusThresholds`).
  case findCorpusThresholds
  /// Analyse from now on with these cut-offs (nil keeps the one in force); the loop's own.
  case useThresholds(highEntropy: Double?, unlikely: Double?)
}

/// What `R` asks the live model: transcript `transcript`'s reply scored in `frame` (chat,
/// document or user).
public struct RescoreJob: Equatable, Sendable {
  public var source: SourceRef
  public var transcript: String
  public var frame: String

  public init(source: SourceRef, transcript: String, frame: String) {
    self.source = source
    self.transcript = transcript
    self.frame = frame
  }
}

/// What `B` asks the live model: transcript `transcript` (read from `source`), its sampled
/// reply kept up to token `position`, alternative `alternative` of that token put there, then
/// `samples` continuations.
public struct BranchJob: Equatable, Sendable {
  public var source: SourceRef
  public var transcript: String
  public var position: Int
  public var alternative: Int
  public var samples: Int

  public init(source: SourceRef, transcript: String, position: Int, alternative: Int, samples: Int) {
    self.source = source
    self.transcript = transcript
    self.position = position
    self.alternative = alternative
    self.samples = samples
  }
}
