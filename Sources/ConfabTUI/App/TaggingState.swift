import ConfabModel


/// One write to the tag store, and why (so undo/redo stacks can be kept straight).
public enum TagWrite: Equatable, Sendable {
  case insert(Tag)
  case delete(Tag)
  case undelete(Tag)

  public var tag: Tag {
    switch self {
    case .insert(let tag), .delete(let tag), .undelete(let tag): return tag
    }
  }
}

public enum TagWriteOrigin: Equatable, Sendable { case user, undo, redo }

/// The label picker (`t`): type to filter, Enter applies, Tab edits a note, ^B binds a digit.
public struct LabelPicker: Equatable, Sendable {
  public var filterEditor = LineEditor()
  public var highlighted = 0
  public var noteEditor = LineEditor()
  public var editingNote = false
  public var bindingDigit = false

  public init() {}

  public var filter: String { filterEditor.text }
  public var note: String { noteEditor.text }

  /// Labels matching the filter, then "create <filter>" when nothing matches exactly.
  public func choices(_ labels: LabelSet) -> [String] {
    let filter = self.filter
    let lowered = filter.lowercased()
    var names = labels.labels.map(\.name).filter { lowered.isEmpty || $0.lowercased().contains(lowered) }
    if !filter.isEmpty && !labels.labels.contains(where: { $0.name == filter }) { names.append(filter) }
    return names
  }
}

public enum PendingTagJump: Equatable, Sendable {
  case first, last
  /// A tag chosen in the tags pane's list of every tag.
  case tag(Tag)
  /// Undo or redo this write once the transcript it belongs to is open.
  case write(TagWrite, TagWriteOrigin)
}

/// What `X` exports.
public enum ExportScope: String, Equatable, Sendable {
  case selection, transcript, all
}

/// Tagging state kept in AppState.
public struct TaggingState: Equatable, Sendable {
  public var labels: LabelSet = .standard
  /// Live tags of the open transcript.
  public var tags: [Tag] = []
  /// Live tag counts of every tagged transcript, by id: where `]`/`[` go past this one's.
  public var tagged: [String: Int] = [:]
  /// After `]`/`[` or an undo crossed into another transcript: where to put the cursor once
  /// its tags arrive (the first tag, the last, or the undone tag's start).
  public var pendingTagJump: PendingTagJump?
  /// Anchor of the selection (flat token index); the cursor is its other end.
  public var anchor: Int?
  public var undo: [TagWrite] = []
  public var redo: [TagWrite] = []
  /// Why tags cannot be written (read-only store), shown when the user tries.
  public var readOnly: String?
  /// Row highlighted in the tags pane.
  public var paneRow = 0
  /// The tags pane lists every tag in the store (`a` toggles), not only this transcript's.
  public var paneShowsAll = false
  /// Every live tag, read when the pane shows them all.
  public var allTags: [Tag] = []

  /// The tags the pane lists, in its order: this transcript's in reading order, or every
  /// tag by file, line and position.
  public var paneTags: [Tag] {
    if paneShowsAll {
      return allTags.sorted { ($0.source.path, $0.source.line, $0.source.choice, $0.message, $0.tokenStart, $0.id)
        < ($1.source.path, $1.source.line, $1.source.choice, $1.message, $1.tokenStart, $1.id) }
    }
    return tags.sorted { ($0.message, $0.tokenStart, $0.id) < ($1.message, $1.tokenStart, $1.id) }
  }

  public init() {}
}
