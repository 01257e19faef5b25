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
}

/// The compare view: the samples drawn as a tree, shared prefix once, each branch on its own
/// row (as `git log --graph` does), and the cursor on a row.
public struct CompareState: Equatable, Sendable {
  public var group: CompareGroup
  public var forks: [Fork]
  public var rows: [CompareRow]
  public var cursor = 0
  public var scroll = 0

  /// Tokens compare as ForkTree compares them (ids when every token has one), so the fork
  /// numbers of the rows and of `forks` agree.
  private let byID: Bool

  public init(_ group: CompareGroup) {
    self.group = group
    byID = group.tokens.allSatisfy { $0.allSatisfy { $0.id != nil } }
    forks = ForkTree.forks(group.tokens)
    rows = []
    var forkCounter = 0
    let start = Self.nextFork(Array(group.tokens.indices), from: 0, group.tokens, byID: byID)
    rows.append(CompareRow(depth: 0, samples: Array(group.tokens.indices), text: Self.text(group.tokens.first ?? [], 0..<start), fork: nil, p: nil))
    appendBranches(Array(group.tokens.indices), at: start, depth: 1, forkCounter: &forkCounter)
  }

  /// Where `members` first continue differently (or one of them ends), from `position` on.
  private static func nextFork(_ members: [Int], from position: Int, _ tokens: [[Token]], byID: Bool) -> Int {
    guard members.count > 1 else { return tokens[members[0]].count }
    var at = position
    while true {
      let first = members.first { at < tokens[$0].count }
      guard let first, members.allSatisfy({ at < tokens[$0].count && key(tokens[$0][at], byID) == key(tokens[first][at], byID) }) else {
        return at
      }
      at += 1
    }
  }

  private static func key(_ token: Token, _ byID: Bool) -> [UInt8] { byID ? Array("#\(token.id ?? -1)".utf8) : token.bytes }

  private static func text(_ tokens: [Token], _ range: Range<Int>) -> String {
    let clamped = range.clamped(to: 0..<tokens.count)
    return String(decoding: tokens[clamped].flatMap(\.bytes), as: UTF8.self)
  }

  /// The branches of the fork at `position` among `members`, each followed by its own forks:
  /// the same depth-first order `ForkTree` reports them in, so fork numbers match.
  private mutating func appendBranches(_ members: [Int], at position: Int, depth: Int, forkCounter: inout Int) {
    let tokens = group.tokens
    guard members.count > 1 else { return }
    var order: [[UInt8]?] = []
    var split: [[UInt8]?: [Int]] = [:]
    for member in members {
      let next = position < tokens[member].count ? Self.key(tokens[member][position], byID) : nil
      if split[next] == nil { order.append(next) }
      split[next, default: []].append(member)
    }
    guard order.count > 1 else { return }
    let fork = forkCounter
    forkCounter += 1
    for (index, next) in order.enumerated() {
      let branch = split[next]!
      let isLast = index == order.count - 1
      guard next != nil else {
        rows.append(CompareRow(depth: depth, samples: branch, text: "", fork: fork, p: nil, isLast: isLast, ends: true))
        continue
      }
      let end = Self.nextFork(branch, from: position + 1, tokens, byID: byID)
      let p = tokens[branch[0]][position].logprob.probability
      rows.append(CompareRow(
        depth: depth, samples: branch, text: Self.text(tokens[branch[0]], position..<end), fork: fork,
        p: tokens[branch[0]][position].logprob.value == nil ? nil : p, isLast: isLast))
      appendBranches(branch, at: end, depth: depth + 1, forkCounter: &forkCounter)
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
