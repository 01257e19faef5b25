import ConfabModel

/// `B`: branch the open transcript at the cursor on the live model. Chooses one of the
/// alternatives listed there (not the sampled one) and how many samples to draw; Enter asks
/// the server, Esc leaves. Opens on the strongest correction listed there, else the likeliest
/// alternative that was not sampled.
public struct BranchPicker: Equatable, Sendable {
  /// The token's index in the sampled message (what the branch keeps before it).
  public var position: Int
  /// The reader's cursor when the picker opened: the panel marks the choice only there.
  public var cursor: Int
  /// Indices into the token's alternatives that can be chosen, likeliest first.
  public var choices: [Int]
  public var highlighted: Int
  public var samples: Int

  public static let maximumSamples = 16

  public init(position: Int, cursor: Int, token: Token, preferred: Int?, samples: Int) {
    self.position = position
    self.cursor = cursor
    let choices = token.top.indices.filter { $0 != token.chosenIndex }
      .sorted { (token.top[$0].logprob.value ?? -.infinity, -$0) > (token.top[$1].logprob.value ?? -.infinity, -$1) }
    self.choices = choices
    highlighted = preferred.flatMap { choices.firstIndex(of: $0) } ?? 0
    self.samples = samples
  }

  /// The alternative chosen now (an index into the token's `top`).
  public var alternative: Int? { choices.indices.contains(highlighted) ? choices[highlighted] : nil }

  public enum Outcome: Equatable, Sendable { case editing, branch, cancelled }

  public mutating func handle(_ key: Key) -> Outcome {
    switch key {
    case .char("j"), .down: highlighted = min(max(0, choices.count - 1), highlighted + 1)
    case .char("k"), .up: highlighted = max(0, highlighted - 1)
    case .char("+"), .char("l"), .right: samples = min(Self.maximumSamples, samples + 1)
    case .char("-"), .char("h"), .left: samples = max(1, samples - 1)
    case .enter: return alternative == nil ? .editing : .branch
    case .escape, .char("q"), .char("B"): return .cancelled
    default: break
    }
    return .editing
  }
}
