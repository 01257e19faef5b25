#if canImport(Glibc)
  import Glibc
#else
  import Darwin
#endif
import ConfabModel

/// The samples of one prompt, loaded for the compare view.
public struct CompareGroup: Equatable, Sendable {
  /// List entry of each sample.
  public var entries: [Int]
  /// What each sample is called ("#0", or its id).
  public var labels: [String]
  /// The sampled assistant message's tokens of each sample.
  public var tokens: [[Token]]
  public var title: String

  public init(entries: [Int], labels: [String], tokens: [[Token]], title: String) {
    self.entries = entries
    self.labels = labels
    self.tokens = tokens
    self.title = title
  }
}

/// One row of the fork tree: the shared start, or a branch (the token a group of samples took
/// at a fork, and their text up to their next fork or their end).
public struct CompareRow: Equatable, Sendable {
  public var depth: Int
  /// Samples (indices into the group) through this row.
  public var samples: [Int]
  public var text: String
  /// The fork this branch leaves from (index into `CompareState.forks`); nil for the start.
  public var fork: Int?
  /// The branch token's probability at its fork; nil when unknown or for the start.
  public var p: Double?
  /// True for a fork's last branch (drawn └ rather than ├).
  public var isLast = false
  /// Samples that end at the fork: the branch has no token.
  public var ends = false
  /// For each ancestor level, whether its rail (│) goes on past this row: not below a last
  /// branch, as `tree` draws it.
  public var rails: [Bool] = []
}

/// The compare view: the samples drawn as a tree, shared prefix once, each branch on its own
/// row (as `git log --graph` does), and the cursor on a row.
public struct CompareState: Equatable, Sendable {
  public var group: CompareGroup
  public var forks: [Fork]
  public var rows: [CompareRow]
  public var cursor = 0
  public var scroll = 0

  /// Rows are the tree's segments, so rows and `forks` come from one walk.
  public init(_ group: CompareGroup) {
    self.group = group
    let tree = ForkTree.tree(group.tokens)
    forks = tree.forks
    rows = tree.segments.map { segment in
      let tokens = group.tokens[segment.samples[0]]
      let first = segment.tokens.lowerBound
      let p = segment.fork == nil || segment.ends || first >= tokens.count ? nil : tokens[first].logprob.value.map { exp($0) }
      return CompareRow(
        depth: segment.depth, samples: segment.samples,
        text: String(decoding: tokens[segment.tokens.clamped(to: 0..<tokens.count)].flatMap(\.bytes), as: UTF8.self),
        fork: segment.fork, p: p, isLast: segment.isLast, ends: segment.ends)
    }
    var lastAtDepth: [Int: Bool] = [:]
    for index in rows.indices {
      let depth = rows[index].depth
      rows[index].rails = depth > 1 ? (1..<depth).map { !(lastAtDepth[$0] ?? false) } : []
      lastAtDepth[depth] = rows[index].isLast
      for deeper in lastAtDepth.keys where deeper > depth { lastAtDepth[deeper] = nil }
    }
  }

  /// The row under the cursor's fork, if it is a branch.
  public var currentFork: Fork? { rows.indices.contains(cursor) ? rows[cursor].fork.map { forks[$0] } : nil }

  /// The first sample through the cursor's row: what Enter opens.
  public var currentEntry: Int? {
    guard rows.indices.contains(cursor), let sample = rows[cursor].samples.first else { return nil }
    return group.entries[sample]
  }

  /// Moves to the next (or previous) row that starts a fork's branches.
  public mutating func jumpToFork(forward: Bool) -> Bool {
    var seen = Set<Int>()
    let starts = rows.indices.filter { rows[$0].fork.map { seen.insert($0).inserted } ?? false }
    guard let target = forward ? starts.first(where: { $0 > cursor }) : starts.last(where: { $0 < cursor }) else { return false }
    cursor = target
    return true
  }

  public mutating func move(by rows: Int, visibleRows: Int) {
    cursor = min(max(0, cursor + rows), max(0, self.rows.count - 1))
    if cursor < scroll { scroll = cursor }
    if cursor >= scroll + visibleRows { scroll = cursor - max(1, visibleRows) + 1 }
  }
}
