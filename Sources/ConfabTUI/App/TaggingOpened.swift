import ConfabModel

/// What opening the tag store and the labels file found (`Event.taggingOpened`).
public struct TaggingOpened: Equatable, Sendable {
  /// Why tags cannot be written, if they cannot.
  public var readOnly: String?
  /// What to tell the user (a read-only or unavailable store).
  public var message: String?
  /// The labels file's labels; nil keeps the built-in ones (no file, or one that failed).
  public var labels: LabelSet?
  /// A labels file that could not be read.
  public var problem: ImportProblem?

  public init(readOnly: String? = nil, message: String? = nil, labels: LabelSet? = nil, problem: ImportProblem? = nil) {
    self.readOnly = readOnly
    self.message = message
    self.labels = labels
    self.problem = problem
  }
}
