/// What takes the keys when it is on top of the mode stack, above normal reading. The stack is
/// the one place that says which mode is active: `update` routes keys to the top mode and the
/// status line and overlays draw from it. New modes (the compare view, server actions) go here.
public enum Mode: Equatable, Sendable {
  /// Typing a `/` query.
  case search(LineEditor)
  /// The label picker (`t`).
  case picker(LabelPicker)
  /// `X`: choosing what to export.
  case exportScope
  /// `X`, then a scope: editing the path to write.
  case exportPath(ExportScope, LineEditor)
  /// A scrollable overlay: help or the problems list.
  case overlay(Overlay, scroll: Int)
  /// The samples of one prompt as a fork tree (`c`).
  case compare(CompareState)
  /// `f`: the event kinds e/E visit.
  case eventFilter(EventFilterMenu)
  /// `B`: the alternative and sample count of a branch on the live model.
  case branchPicker(BranchPicker)
  /// `R`: the frame to rescore the open transcript in.
  case rescoreFrame
}

extension AppState {
  /// The mode on top of the stack; nil while reading.
  public var mode: Mode? { modes.last }

  /// Replaces the top mode (the one taking keys).
  mutating func replaceMode(_ mode: Mode) {
    if modes.isEmpty { modes.append(mode) } else { modes[modes.count - 1] = mode }
  }

  mutating func popMode() { if !modes.isEmpty { modes.removeLast() } }

  /// The overlay shown, if the top mode is one.
  public var overlay: Overlay? {
    if case .overlay(let overlay, _) = mode { return overlay }
    return nil
  }

  public var overlayScroll: Int {
    if case .overlay(_, let scroll) = mode { return scroll }
    return 0
  }

  /// The search query being typed, if the top mode is the search prompt.
  public var prompt: String? {
    if case .search(let editor) = mode { return editor.text }
    return nil
  }

  public var compare: CompareState? {
    if case .compare(let compare) = mode { return compare }
    return nil
  }

  public var eventFilterMenu: EventFilterMenu? {
    if case .eventFilter(let menu) = mode { return menu }
    return nil
  }

  public var branchPicker: BranchPicker? {
    if case .branchPicker(let picker) = mode { return picker }
    return nil
  }

  public var picker: LabelPicker? {
    if case .picker(let picker) = mode { return picker }
    return nil
  }

  /// The export path being edited, if the top mode is that prompt.
  public var exportPath: String? {
    if case .exportPath(_, let editor) = mode { return editor.text }
    return nil
  }
}
