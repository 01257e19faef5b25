/// The marker lexicon: phrases per class with context options, plus the word lists the
/// context rules use. Parsed from a small line format (docs/lexicon.md) so users extend it
/// without recompiling: `--lexicon FILE`, or `lexicon.txt` in the config directory.
public struct Lexicon: Sendable, Equatable {
  public struct Entry: Sendable, Equatable {
    public var kind: MarkerKind
    public var phrase: String
    /// Only at the start of a sentence or clause.
    public var clauseStart = false
    /// When a negation precedes within three words, report as this class instead.
    public var negated: MarkerKind?
    /// Match only when negated ("sure" alone is not a marker, "not sure" is a hedge).
    public var negatedOnly = false
    /// Weak evidence: reported only when the sentence also holds a `[support]` word.
    public var weak = false
    /// Skip when capitalized mid-sentence, or at a sentence start before a number ("May 20").
    public var lowercase = false
    /// Allowed inside questions (corrections often are: "Wait, is that right?").
    public var inQuestions = false
    /// An `[ignore]` phrase: matched and consumed so no marker fires inside it
    /// ("as soon as possible", "you may").
    public var ignore = false
    var hashes: [UInt64] = []
    /// The rule names reported with markers, built once.
    var ruleName = ""
    var negatedRuleName = ""
  }

  /// Word-hash lookup without re-hashing (the keys are FNV hashes already).
  struct HashIndex: Sendable {
    private var slots: [[(key: UInt64, values: [Int])]] = Array(repeating: [], count: 1024)

    func lookup(_ key: UInt64) -> [Int]? {
      for entry in slots[Int(truncatingIfNeeded: key & 1023)] where entry.key == key { return entry.values }
      return nil
    }

    func contains(_ key: UInt64) -> Bool { lookup(key) != nil }

    mutating func append(_ value: Int, for key: UInt64) {
      let slot = Int(truncatingIfNeeded: key & 1023)
      if let position = slots[slot].firstIndex(where: { $0.key == key }) {
        slots[slot][position].values.append(value)
      } else {
        slots[slot].append((key, [value]))
      }
    }

    mutating func sortValues(by areInIncreasingOrder: (Int, Int) -> Bool) {
      for slot in slots.indices {
        for position in slots[slot].indices { slots[slot][position].values.sort(by: areInIncreasingOrder) }
      }
    }
  }

  public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
    public var source: String
    public var line: Int
    public var message: String
    public var description: String { "\(source):\(line): \(message)" }

    public init(source: String, line: Int, message: String) {
      self.source = source
      self.line = line
      self.message = message
    }
  }

  public private(set) var entries: [Entry] = []

  /// FNV-1a over every entry's class, phrase and options: equal for the same rules, so an
  /// export says which lexicon made its markers.
  public var fingerprint: String {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    func mix(_ text: String) {
      for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
      hash = (hash ^ 0x1F) &* 0x0000_0100_0000_01B3
    }
    for entry in entries {
      mix(entry.kind.rawValue)
      mix(entry.phrase)
      mix([entry.clauseStart, entry.negatedOnly, entry.weak, entry.lowercase, entry.inQuestions, entry.ignore]
        .map { $0 ? "1" : "0" }.joined() + (entry.negated?.rawValue ?? ""))
    }
    let digits = String(hash, radix: 16)
    return String(repeating: "0", count: 16 - digits.count) + digits
  }
  /// Every text added, in order: two lexicons are equal when built from the same texts.
  private var sources: [String] = []
  /// Where each text added after the built-in one came from (file paths), in order.
  public private(set) var addedFiles: [String] = []

  public static func == (a: Lexicon, b: Lexicon) -> Bool { a.sources == b.sources }
  var negations = HashIndex()
  var support = HashIndex()
  var clauseOpeners = HashIndex()
  /// First-word hash -> entry indices, longest phrase first.
  var index = HashIndex()

  public init() {}

  /// Parses lexicon text; `source` names it in error messages.
  public init(text: String, source: String) throws(ParseError) {
    try add(text: text, source: source)
  }

  /// The built-in lexicon's source text.
  public static var builtInText: String { DefaultLexicon.text }

  /// The lexicon confab ships with.
  static let builtInSource = "built-in lexicon"

  public static let standard: Lexicon = {
    do { return try Lexicon(text: DefaultLexicon.text, source: builtInSource) } catch {
      fatalError("built-in lexicon does not parse: \(error)")
    }
  }()

  /// Adds another file's entries (user extensions) to this lexicon.
  public mutating func add(text: String, source: String) throws(ParseError) {
    sources.append(text)
    if source != Self.builtInSource { addedFiles.append(source) }
    var section: String?
    for (number, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      let line = rawLine.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first
        .map { $0.trimmed(of: " \t\r") } ?? ""
      if line.isEmpty { continue }
      let lineNumber = number + 1
      if line.hasPrefix("[") {
        guard line.hasSuffix("]") else { throw ParseError(source: source, line: lineNumber, message: "unclosed section header") }
        let name = String(line.dropFirst().dropLast()).trimmed(of: " ")
        guard MarkerKind(rawValue: name) != nil || ["negation", "support", "clause-openers", "ignore"].contains(name) else {
          throw ParseError(source: source, line: lineNumber,
            message: "unknown section [\(name)] (expected hedge, correction, assertion, ignore, negation, support, clause-openers)")
        }
        section = name
        continue
      }
      guard let section else {
        throw ParseError(source: source, line: lineNumber, message: "phrase before any [section] header")
      }
      let parts = line.split(separator: "|", maxSplits: 1).map { $0.trimmed(of: " \t") }
      let phrase = parts[0]
      let hashes = TextTokenizer.phraseHashes(phrase)
      guard !hashes.isEmpty else { throw ParseError(source: source, line: lineNumber, message: "empty phrase") }
      switch section {
      case "negation": negations.append(0, for: hashes[0]); continue
      case "support": support.append(0, for: hashes[0]); continue
      case "clause-openers": clauseOpeners.append(0, for: hashes[0]); continue
      default: break
      }
      var entry = Entry(kind: MarkerKind(rawValue: section) ?? .hedge, phrase: phrase, hashes: hashes)
      entry.ignore = section == "ignore"
      if parts.count > 1 {
        for option in parts[1].split(separator: " ").map(String.init) where !option.isEmpty {
          try apply(option, to: &entry, source: source, line: lineNumber)
        }
      }
      entry.ruleName = (entry.weak ? "weak+support: " : entry.clauseStart ? "start: " : "lexicon: ") + phrase
      entry.negatedRuleName = "negation: not … " + phrase
      entries.append(entry)
    }
    rebuildIndex()
  }

  private func apply(_ option: String, to entry: inout Entry, source: String, line: Int) throws(ParseError) {
    switch option {
    case "start": entry.clauseStart = true
    case "weak": entry.weak = true
    case "lower": entry.lowercase = true
    case "questions": entry.inQuestions = true
    default:
      let pieces = option.split(separator: "=", maxSplits: 1).map(String.init)
      guard pieces.count == 2, pieces[0] == "negated" || pieces[0] == "negated-only",
        let kind = MarkerKind(rawValue: pieces[1])
      else {
        throw ParseError(source: source, line: line,
          message: "unknown option '\(option)' (expected start, weak, lower, questions, negated=CLASS, negated-only=CLASS)")
      }
      entry.negated = kind
      entry.negatedOnly = pieces[0] == "negated-only"
    }
  }

  private mutating func rebuildIndex() {
    index = HashIndex()
    for (position, entry) in entries.enumerated() { index.append(position, for: entry.hashes[0]) }
    let lengths = entries.map(\.hashes.count)
    index.sortValues { lengths[$0] > lengths[$1] || (lengths[$0] == lengths[$1] && $0 < $1) }
  }
}

extension StringProtocol {
  /// `self` without leading and trailing characters from `set`.
  public func trimmed(of set: String) -> String {
    let characters = Set(set)
    var slice = Substring(self)
    while let first = slice.first, characters.contains(first) { slice = slice.dropFirst() }
    while let last = slice.last, characters.contains(last) { slice = slice.dropLast() }
    return String(slice)
  }
}
