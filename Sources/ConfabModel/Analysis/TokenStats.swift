#if canImport(Glibc)
  import Glibc
#else
  import Darwin
#endif

/// What the recorded distribution says about one position, honest under a truncated top-k:
/// figures that depend on the unseen tail are bounds and are named as such.
public struct TokenStats: Sendable, Equatable {
  /// Probability of the sampled token (0 when unknown).
  public var probability: Double
  /// -ln p in nats; nil when the logprob is unknown.
  public var surprisal: Double?
  /// 1-based rank among the recorded alternatives, nil when outside them.
  public var rank: Int?
  /// The rank in the whole vocabulary, when the file records it (vLLM).
  public var vocabRank: Int?
  /// How many alternatives the file recorded here.
  public var k: Int
  /// Probability mass the recorded alternatives cover (plus the chosen token when it is
  /// outside them).
  public var coveredMass: Double
  /// 1 - coveredMass: mass the file does not show.
  public var tailMass: Double
  /// Lower bound of the entropy in nats: each unseen token has p at most the smallest
  /// recorded alternative's, so the tail contributes at least T * ln(1/p_k).
  public var entropyLowerBound: Double?
  /// Probability gap between the best alternative and the sampled token (>= 0).
  public var margin: Double?

  public init(token: Token) {
    var listed = ListedSums()
    // p·ln p is p times the logprob the file gave: no log() needed.
    for index in token.top.indices {
      guard let lp = token.top.logprob(at: index).value else { continue }
      listed.add(lp)
    }
    self.init(logprob: token.logprob, vocabRank: token.vocabRank, k: token.top.count, rank: token.chosenRank,
              chosenListed: token.chosenIndex != nil, listed: listed)
  }

  /// What the listed alternatives add up to, added one usable logprob at a time in the
  /// file's order (the chat reader's digest adds up the same sums as it reads).
  public struct ListedSums: Sendable, Equatable {
    public var covered = 0.0
    /// -Σ p ln p.
    public var entropy = 0.0
    public var smallest = 1.0
    public var best = 0.0

    public init() {}

    public init(covered: Double, entropy: Double, smallest: Double, best: Double) {
      self.covered = covered
      self.entropy = entropy
      self.smallest = smallest
      self.best = best
    }

    mutating func add(_ lp: Double) {
      let p = exp(lp)
      covered += p
      entropy -= p * lp
      smallest = min(smallest, p)
      best = max(best, p)
    }
  }

  /// The statistics of a position from its sampled token's logprob, how many alternatives
  /// were listed (`k`), the chosen token's rank among them and whether it is one of them,
  /// and their sums.
  public init(logprob: Logprob, vocabRank: Int?, k: Int, rank: Int?, chosenListed: Bool, listed: ListedSums) {
    probability = logprob.probability
    surprisal = logprob.value.map { -$0 }
    self.rank = rank
    self.vocabRank = vocabRank
    self.k = k
    var covered = listed.covered
    var entropy = listed.entropy
    if !chosenListed, let lp = logprob.value {
      covered += probability
      entropy -= probability * lp
    }
    covered = min(covered, 1)
    coveredMass = covered
    tailMass = max(0, 1 - covered)
    if k == 0 {
      entropyLowerBound = nil
    } else {
      // With no usable smallest alternative the tail's contribution is unknown: bound by 0.
      let smallest = listed.smallest
      let tailTerm = smallest < 1 && smallest > 0 ? tailMass * log(1 / smallest) : 0
      entropyLowerBound = max(0, entropy + tailTerm)
    }
    margin = k == 0 ? nil : max(0, listed.best - probability)
  }
}

/// Per-token statistics for a whole message, computed once when a transcript loads.
/// Read through a buffer pointer: a token copied out of its array retains its arrays.
public func tokenStats(_ tokens: [Token]) -> [TokenStats] {
  var stats: [TokenStats] = []
  stats.reserveCapacity(tokens.count)
  tokens.withUnsafeBufferPointer { tokens in
    for position in tokens.indices { stats.append(TokenStats(token: tokens[position])) }
  }
  return stats
}
