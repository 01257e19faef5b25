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

/// What `X` exports.
public enum ExportScope: String, Equatable, Sendable {
  case selection, transcript, all
}

/// Tagging state kept in AppState.
public struct TaggingState: Equatable, Sendable {
  public var labels: LabelSet = .standard
  /// Live tags of the open transcript.
  public var tags: [Tag] = []
  /// Anchor of the selection (flat token index); the cursor is its other end.
  public var anchor: Int?
  public var undo: [TagWrite] = []
  public var redo: [TagWrite] = []
  /// Why tags cannot be written (read-only store), shown when the user tries.
  public var readOnly: String?
  /// Row highlighted in the tags pane.
  public var paneRow = 0

  public init() {}
}
