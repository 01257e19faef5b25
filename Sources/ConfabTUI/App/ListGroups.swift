import ConfabModel

/// A row of the list: a transcript, or (grouped by prompt) the header of a prompt's samples.
public enum ListRow: Equatable, Sendable {
  case entry(Int)
  /// A prompt's header: an index into `ListState.groups`.
  case group(Int)
  /// A transcript under its prompt's header.
  case sample(Int)
}

/// The samples of one prompt as the list shows them: its entries and the header's figures.
public struct ListGroup: Equatable, Sendable {
  /// Entry indices, in file order: the samples, and branches and rescorings made from them.
  public var entries: [Int]
  public var figures: PromptFigures
  /// The entries that are samples (not branches or rescorings): what the figures count.
  public var samples: Int
}

extension ListGroup {
  /// Every entry in a group: rows that share a prompt key, and each row with no key yet
  /// alone. Groups come in the order of their first entry.
  static func groups(of table: SummaryTable, thresholds: InconsistencyThresholds = InconsistencyThresholds()) -> [ListGroup] {
    var members: [[Int]] = []
    var byKey: [UInt32: Int] = [:]
    for entry in table.indices {
      if let key = table.promptGroup(at: entry) {
        if let group = byKey[key] {
          members[group].append(entry)
          continue
        }
        byKey[key] = members.count
      }
      members.append([entry])
    }
    return members.map { entries in
      // Branches and rescorings are listed with the samples but are not samples.
      let samples = entries.filter { !table.isDerived(at: $0) }
      return ListGroup(entries: entries, figures: PromptFigures(
        answers: samples.map { table.answer(at: $0) }, counts: samples.map { table.counts(at: $0) }, thresholds: thresholds),
        samples: samples.count)
    }
  }
}
