#if canImport(Glibc)
  import Glibc
#else
  import Darwin
#endif

/// How a sample's answer is read from its text.
public enum AnswerRule: Sendable {
  /// The first match of a user's pattern (group 1 when it has a group).
  case pattern(String)
  /// The default, when no pattern is given:
  /// 1. after "answer is" / "answer:", up to the end of the clause;
  /// 2. else, when the prompt has a number in it, the first number of the reply that is not in
  ///    the prompt ("17 * 24 = 408" gives 408), then a name as in 3;
  /// 3. else the first capitalized word that does not start a sentence, is not "I…", and is
  ///    not in the prompt ("…referred to as Sydney." gives sydney), then a number as in 2.
  /// "The prompt" is every message before the sampled turn. It fails on yes/no answers
  /// (sentence-initial), lower-case answers, and replies that name a wrong value before the
  /// right one (the first is taken).
  case heuristic

  public func answer(in reply: String, prompt: String) throws -> String? {
    switch self {
    case .pattern(let pattern):
      let regex = try Regex(pattern)
      guard let match = try regex.firstMatch(in: reply) else { return nil }
      let output = match.output
      let text = output.count > 1 ? output[1].substring.map(String.init) : String(match.0)
      return text.flatMap(Self.normalized)
    case .heuristic:
      return Self.heuristic(reply, prompt: prompt).flatMap(Self.normalized)
    }
  }

  /// Case-folded, whitespace collapsed, trailing punctuation removed; nil when nothing is left.
  public static func normalized(_ text: String) -> String? {
    var words = text.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
    while let last = words.last, last.isPunctuation || last == "*" || last == "$" { words.removeLast() }
    while let first = words.first, first.isPunctuation || first == "*" || first.isWhitespace { words.removeFirst() }
    return words.isEmpty ? nil : words
  }

  private static func heuristic(_ reply: String, prompt: String) -> String? {
    let promptWords = Set(prompt.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init))
    if let match = reply.firstMatch(of: #/(?i)answer(?:\s+is|:)\s*(?:\*\*)?([^.,;\n*]{1,60})/#) {
      let words = match.1.split(whereSeparator: \.isWhitespace).prefix(6).joined(separator: " ")
      if !words.isEmpty { return words }
    }
    let numeric = prompt.contains { $0.isNumber }
    return numeric ? number(in: reply, notIn: promptWords) ?? name(in: reply, notIn: promptWords)
      : name(in: reply, notIn: promptWords) ?? number(in: reply, notIn: promptWords)
  }

  private static func number(in reply: String, notIn promptWords: Set<String>) -> String? {
    reply.matches(of: #/-?\d+(?:[.,]\d+)?/#).lazy.map { String($0.0) }.first { !promptWords.contains($0) }
  }

  private static func name(in reply: String, notIn promptWords: Set<String>) -> String? {
    var sentenceStart = true
    for word in reply.split(whereSeparator: \.isWhitespace) {
      let core = word.trimmingPunctuation
      defer { sentenceStart = word.last.map { ".!?:".contains($0) } ?? false }
      guard !sentenceStart, let first = core.first, first.isUppercase, core != "I", !core.hasPrefix("I'"), !core.hasPrefix("I’") else { continue }
      if !promptWords.contains(core.lowercased()) { return String(core) }
    }
    return nil
  }
}

extension Substring {
  fileprivate var trimmingPunctuation: Substring {
    var text = self
    while let first = text.first, !first.isLetter && !first.isNumber { text.removeFirst() }
    while let last = text.last, !last.isLetter && !last.isNumber { text.removeLast() }
    return text
  }
}

/// Samples grouped by answer: agreement and answer entropy (not semantic entropy: no
/// entailment model is involved, only equal normalized strings).
public struct AnswerClusters: Sendable, Equatable {
  public struct Cluster: Sendable, Equatable {
    /// nil for the samples whose answer could not be read.
    public var answer: String?
    public var samples: Int
  }

  /// Largest first; the no-answer cluster counts like any other.
  public var clusters: [Cluster]
  /// Largest cluster / samples.
  public var agreement: Double
  /// Entropy over clusters, in nats.
  public var entropy: Double

  public init(answers: [String?]) {
    var order: [String?] = []
    var counts: [String?: Int] = [:]
    for answer in answers {
      if counts[answer] == nil { order.append(answer) }
      counts[answer, default: 0] += 1
    }
    clusters = order.map { Cluster(answer: $0, samples: counts[$0]!) }
      .enumerated().sorted { a, b in a.element.samples != b.element.samples ? a.element.samples > b.element.samples : a.offset < b.offset }
      .map(\.element)
    let total = Double(answers.count)
    agreement = total > 0 ? Double(clusters.first?.samples ?? 0) / total : 0
    entropy = clusters.reduce(0.0) { sum, cluster in
      let p = Double(cluster.samples) / total
      return sum - p * log(p)
    }
  }
}
