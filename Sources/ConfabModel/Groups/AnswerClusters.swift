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
  /// 0. a reply that opens with "Yes" or "No" answers yes or no;
  /// 1. after "answer is" / "answer:", up to the end of the clause (not "answer is not…",
  ///    which retracts rather than answers);
  /// 2. else, when the prompt has a number in it, the first number of the reply that is not in
  ///    the prompt ("17 * 24 = 408" gives 408), then a name as in 3;
  /// 3. else the first capitalized word that does not start a sentence or a line, is not
  ///    "I…" or "AI", and is not in the prompt ("…referred to as Sydney." gives sydney), then
  ///    a number as in 2.
  /// "The prompt" is every message before the sampled turn. It fails on yes/no answers given
  /// later in the reply, lower-case answers, and replies that name a wrong value before the
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

  /// Case-folded, HTML tags dropped (base models answer in markup: "<strong>Perth</strong>"),
  /// whitespace collapsed, trailing punctuation removed; nil when nothing is left.
  public static func normalized(_ text: String) -> String? {
    var words = TextJoin.join(withoutTags(text).lowercased().split(whereSeparator: \.isWhitespace).map(String.init), separator: " ")
    while let last = words.last, last.isPunctuation || last == "*" || last == "$" { words.removeLast() }
    // A leading minus belongs to a number ("-3.5").
    while let first = words.first, first.isPunctuation || first == "*" || first.isWhitespace,
          !(first == "-" && words.dropFirst().first?.isNumber == true) { words.removeFirst() }
    return words.isEmpty ? nil : words
  }

  /// `text` without `<tag>`s (a `<` before a letter or `/`), a tag cut at the end included.
  static func withoutTags(_ text: String) -> String {
    guard text.contains("<") else { return text }
    var out = ""
    var inTag = false
    let characters = Array(text)
    for (index, character) in characters.enumerated() {
      if !inTag, character == "<", index + 1 < characters.count, characters[index + 1].isLetter || characters[index + 1] == "/" {
        inTag = true
      } else if inTag {
        if character == ">" { inTag = false }
      } else {
        out.append(character)
      }
    }
    return out
  }

  private static func heuristic(_ reply: String, prompt: String) -> String? {
    let promptWords = Set(prompt.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init))
    // The first word only: splitting the whole reply into words cost ~1 ms on a long one.
    let first = reply.drop { !$0.isLetter }.prefix { $0.isLetter }.lowercased()
    if first == "yes" || first == "no" { return first }
    if let stated = statedAnswer(in: reply) { return stated }
    let numeric = prompt.contains { $0.isNumber }
    return numeric ? number(in: reply, notIn: promptWords) ?? name(in: reply, notIn: promptWords)
      : name(in: reply, notIn: promptWords) ?? number(in: reply, notIn: promptWords)
  }

  // Byte scans, not Regex: the list reads every record's answer while it scans, and Swift's
  // Regex took tens of microseconds a reply.

  /// After "answer is" / "answer:" (any case, "**" allowed), up to six words of the clause.
  private static func statedAnswer(in reply: String) -> String? {
    let bytes = Array(reply.utf8)
    let word = Array("answer".utf8)
    var start = 0
    while start + word.count <= bytes.count {
      defer { start += 1 }
      guard zip(word, bytes[start...]).allSatisfy({ $0 == ($1 | 0x20) }) else { continue }
      var i = start + word.count
      if i < bytes.count, bytes[i] == UInt8(ascii: ":") {
        i += 1
      } else {
        let spaces = i
        while i < bytes.count, isSpace(bytes[i]) { i += 1 }
        guard i > spaces, i + 1 < bytes.count, bytes[i] | 0x20 == UInt8(ascii: "i"), bytes[i + 1] | 0x20 == UInt8(ascii: "s") else { continue }
        i += 2
      }
      while i < bytes.count, isSpace(bytes[i]) { i += 1 }
      if i + 1 < bytes.count, bytes[i] == UInt8(ascii: "*"), bytes[i + 1] == UInt8(ascii: "*") { i += 2 }
      var end = i
      while end < bytes.count, end - i < 60, !".,;\n*".utf8.contains(bytes[end]) { end += 1 }
      let clause = String(decoding: bytes[i..<end], as: UTF8.self)
      let words = TextJoin.join(clause.split(whereSeparator: \.isWhitespace).prefix(6).map(String.init), separator: " ")
      let lower = words.lowercased()
      if !words.isEmpty, lower != "not", !lower.hasPrefix("not ") { return words }
    }
    return nil
  }

  private static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (0x09...0x0d).contains(byte) }
  private static func isDigit(_ byte: UInt8) -> Bool { (0x30...0x39).contains(byte) }

  /// The first number (-?digits, with one decimal point or comma) that is not in the prompt.
  private static func number(in reply: String, notIn promptWords: Set<String>) -> String? {
    let bytes = Array(reply.utf8)
    var i = 0
    while i < bytes.count {
      guard isDigit(bytes[i]) else { i += 1; continue }
      let start = i > 0 && bytes[i - 1] == UInt8(ascii: "-") ? i - 1 : i
      while i < bytes.count, isDigit(bytes[i]) { i += 1 }
      if i + 1 < bytes.count, bytes[i] == UInt8(ascii: ".") || bytes[i] == UInt8(ascii: ","), isDigit(bytes[i + 1]) {
        i += 1
        while i < bytes.count, isDigit(bytes[i]) { i += 1 }
      }
      let number = String(decoding: bytes[start..<i], as: UTF8.self)
      if !promptWords.contains(number) { return number }
    }
    return nil
  }

  /// Capitalized words that start no answer: the model speaking of itself.
  private static let notNames: Set<Substring> = ["I", "AI"]

  private static func name(in reply: String, notIn promptWords: Set<String>) -> String? {
    var sentenceStart = true
    var word: Substring = ""
    var rest = reply[...]
    while !rest.isEmpty {
      // A word, and whether a line break came before it (a new line starts a sentence too).
      let gap = rest.prefix { $0.isWhitespace }
      if gap.contains(where: \.isNewline) { sentenceStart = true }
      rest = rest[gap.endIndex...]
      word = rest.prefix { !$0.isWhitespace }
      rest = rest[word.endIndex...]
      guard !word.isEmpty else { break }
      let core = word.trimmingPunctuation
      defer { sentenceStart = word.last.map { ".!?:".contains($0) } ?? false }
      guard !sentenceStart, let first = core.first, first.isUppercase, !notNames.contains(core),
            !core.hasPrefix("I'"), !core.hasPrefix("I’") else { continue }
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
