#if canImport(Glibc)
  import Glibc
#else
  import Darwin
#endif

/// A node of the samples' prefix tree where two or more samples continue differently.
public struct Fork: Sendable, Equatable {
  public struct Branch: Sendable, Equatable {
    /// nil for samples that end here.
    public var token: String?
    public var samples: Int
    /// The token's probability at the fork, from the stored distribution; nil when unknown.
    public var p: Double?

    public init(token: String?, samples: Int, p: Double?) {
      self.token = token
      self.samples = samples
      self.p = p
    }
  }

  /// Position in the sampled assistant message's tokens.
  public var tokenIndex: Int
  /// The assistant text before the fork (shared by every sample through it).
  public var prefix: String
  /// Most-taken first.
  public var branches: [Branch]
  /// Listed probability mass on tokens no sample took here; nil when nothing is listed.
  public var unsampledMass: Double?
}

/// A stretch of the prefix tree: some samples' shared tokens from where they left a fork (or
/// the start) to where they part again or end. The compare view draws one row per segment.
public struct ForkSegment: Sendable, Equatable {
  /// The samples through this stretch (indices into the samples given).
  public var samples: [Int]
  /// Token range in those samples; a branch's range starts with its fork token.
  public var tokens: Range<Int>
  /// The fork this branch leaves (index into `forks`); nil for the shared start.
  public var fork: Int?
  public var depth: Int
  /// The last branch of its fork.
  public var isLast: Bool
  /// Samples that end at the fork: an empty branch.
  public var ends: Bool
}

/// Builds the prefix tree of several samples' tokens: its forks, in the order a depth-first
/// walk meets them (the first fork first), and its segments in drawing order.
public enum ForkTree {
  /// Tokens compare by id when every token of every sample has one, else by their bytes.
  private enum Key: Hashable {
    case id(Int)
    case bytes([UInt8])
  }

  public struct Tree: Sendable, Equatable {
    public var forks: [Fork] = []
    public var segments: [ForkSegment] = []
  }

  public static func forks(_ samples: [[Token]]) -> [Fork] { tree(samples).forks }

  public static func tree(_ samples: [[Token]]) -> Tree {
    let byID = samples.allSatisfy { $0.allSatisfy { $0.id != nil } }
    var tree = Tree()
    if !samples.isEmpty {
      walk(Array(samples.indices), from: 0, leaving: nil, depth: 0, isLast: false, samples, byID: byID, into: &tree)
    }
    return tree
  }

  private static func key(_ bytes: [UInt8], _ id: Int?, byID: Bool) -> Key { byID ? .id(id ?? -1) : .bytes(bytes) }

  /// A listed alternative is the sampled token by id when both have one, else by bytes.
  private static func same(_ alternative: Alternative, _ token: Token, byID: Bool) -> Bool {
    if byID, let id = alternative.id { return id == token.id }
    return alternative.bytes == token.bytes
  }

  /// The segment of `group` from `start` (a branch's fork token, or 0) to where its samples
  /// part or end, then the fork there and each branch after it.
  private static func walk(
    _ group: [Int], from start: Int, leaving parent: Int?, depth: Int, isLast: Bool, _ samples: [[Token]], byID: Bool,
    into tree: inout Tree
  ) {
    func segment(to end: Int) {
      tree.segments.append(ForkSegment(samples: group, tokens: start..<end, fork: parent, depth: depth, isLast: isLast, ends: false))
    }
    guard group.count > 1 else { return segment(to: max(start, samples[group[0]].count)) }
    var position = parent == nil ? start : start + 1
    while true {
      var order: [Key?] = []
      var members: [Key?: [Int]] = [:]
      for sample in group {
        let tokens = samples[sample]
        let next = position < tokens.count ? key(tokens[position].bytes, tokens[position].id, byID: byID) : nil
        if members[next] == nil { order.append(next) }
        members[next, default: []].append(sample)
      }
      if order.count == 1 {
        guard order[0] != nil else { return segment(to: position) }  // every sample ends here together
        position += 1
        continue
      }
      segment(to: position)
      let index = tree.forks.count
      tree.forks.append(fork(at: position, order: order, members: members, samples, byID: byID))
      for (offset, next) in order.enumerated() {
        let last = offset == order.count - 1
        guard next != nil else {
          tree.segments.append(ForkSegment(
            samples: members[next]!, tokens: position..<position, fork: index, depth: depth + 1, isLast: last, ends: true))
          continue
        }
        walk(members[next]!, from: position, leaving: index, depth: depth + 1, isLast: last, samples, byID: byID, into: &tree)
      }
      return
    }
  }

  private static func fork(at position: Int, order: [Key?], members: [Key?: [Int]], _ samples: [[Token]], byID: Bool) -> Fork {
    let everyone = order.flatMap { members[$0]! }
    // The prefix is shared, so any sample's distribution here is the distribution.
    let listed = everyone.lazy.compactMap { sample -> AlternativeList? in
      let tokens = samples[sample]
      return position < tokens.count && !tokens[position].top.isEmpty ? tokens[position].top : nil
    }.first
    var branches: [Fork.Branch] = []
    for next in order {
      let takers = members[next]!
      guard next != nil else {
        branches.append(Fork.Branch(token: nil, samples: takers.count, p: nil))
        continue
      }
      let taken = samples[takers[0]][position]
      let p = taken.logprob.value.map { exp($0) }
        ?? listed?.first { same($0, taken, byID: byID) }?.logprob.value.map { exp($0) }
      branches.append(Fork.Branch(token: String(decoding: taken.bytes, as: UTF8.self), samples: takers.count, p: p))
    }
    branches.sort { a, b in a.samples != b.samples ? a.samples > b.samples : (a.p ?? -1) > (b.p ?? -1) }
    let taken = order.compactMap { next in next.map { _ in samples[members[next]![0]][position] } }
    let unsampled = listed.map { alternatives in
      alternatives.reduce(0.0) { sum, alternative in
        guard !taken.contains(where: { same(alternative, $0, byID: byID) }), let lp = alternative.logprob.value else { return sum }
        return sum + exp(lp)
      }
    }
    let prefixBytes = samples[everyone[0]].prefix(position).flatMap(\.bytes)
    return Fork(tokenIndex: position, prefix: String(decoding: prefixBytes, as: UTF8.self), branches: branches, unsampledMass: unsampled)
  }
}
