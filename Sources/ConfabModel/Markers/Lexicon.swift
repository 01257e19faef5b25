/// The marker lexicon: phrases per class with context options, plus the word lists the
/// context rules use. Parsed from a small line format (docs/lexicon.md) so users extend it
/// without recompiling: `--lexicon FILE`, or `lexicon.txt` in the config directory.
public struct Lexicon: Sendable, Equatable {
  public struct Entry: Sendable, Equatable {
    public var kind: MarkerKind
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
    /// Only right before a number: an approximator ("around 88 km", "about 1,200"), not
    /// "around the house" or "about the war".
    public var beforeNumber = false
    /// Allowed inside questions (corrections often are: "Wait, is that right?").
    public var inQuestions = false
    /// An `[ignore]` phrase: matched and consumed so no marker fires inside it
    /// ("as soon as possible", "you may").
    public var ignore = false
    /// Only in a reply that follows an earlier assistant turn ("that is incorrect" amends a
    /// claim only when there was one).
    public var replyOnly = false
    /// How strongly the cue commits or retracts, 0–1: a hedge's distance from a plain
    /// statement, an assertion's boost. Decisiveness weighs cues by it.
    public var strength = 1.0
    /// A person's own state ("not sure", "I'm confident"): inside reported speech it is the
    /// reported person's, not the writer's. Propositional cues ("may", "supposedly") still
    /// mark the reported claim as uncertain.
    public var stance = false
    /// Where the entry's family name (`@family` line, e.g. `admission`), phrase and word hashes
    /// are in its lexicon (`family(of:)`, `phrase(of:)`, `words`): an entry holds no text or
    /// array of its own, so decoding thousands of them allocates nothing per entry and
    /// reading one while matching retains nothing.
    var family: Int32 = 0
    var phraseStart: Int32 = 0
    var phraseEnd: Int32 = 0
    var wordStart: Int32 = 0
    var wordCount: Int32 = 0
  }

  /// Key -> entry indices, without re-hashing (the keys are FNV hashes already), in one flat
  /// table: open addressing over the distinct keys, each key's values a run of one array in
  /// the order they were given. A lookup allocates nothing (a table of arrays retained one
  /// per word looked up, and `candidates` made an array at each word).
  struct HashIndex: Sendable {
    /// Per slot: the key's number + 1 (0: empty).
    private(set) var slots: [Int32] = []
    private(set) var keys: [UInt64] = []
    /// Key i's values are `values[runStarts[i]..<runStarts[i + 1]]`.
    private(set) var runStarts: [Int32] = [0]
    private(set) var values: [Int32] = []

    init() {}

    /// The table `slots`, `keys`, `runStarts` and `values` of another make (`LexiconCoding`
    /// stores them), nil unless every lookup in it stays in bounds and ends: each slot names
    /// a key once and one slot at least is empty (or there are none, as in `init()`), and the
    /// runs cover `values`, each below `valueLimit`.
    init?(slots: [Int32], keys: [UInt64], runStarts: [Int32], values: [Int32], valueLimit: Int) {
      guard slots.count & (slots.count - 1) == 0, keys.count < max(1, slots.count),
        runStarts.count == keys.count + 1, runStarts.first == 0, Int(runStarts[keys.count]) == values.count,
        zip(runStarts, runStarts.dropFirst()).allSatisfy({ $0 <= $1 }), values.allSatisfy({ $0 >= 0 && Int($0) < valueLimit })
      else { return nil }
      var named = [Bool](repeating: false, count: keys.count)
      for slot in slots where slot != 0 {
        guard slot > 0, Int(slot) <= keys.count, !named[Int(slot) - 1] else { return nil }
        named[Int(slot) - 1] = true
      }
      guard !named.contains(false) else { return nil }
      (self.slots, self.keys, self.runStarts, self.values) = (slots, keys, runStarts, values)
    }

    /// The values of each key in the order of `pairs`.
    init(_ pairs: [(key: UInt64, value: Int)]) {
      var size = 16
      while size < 2 * pairs.count { size *= 2 }
      slots = [Int32](repeating: 0, count: size)
      var counts: [Int32] = []
      var numbers: [Int32] = []
      numbers.reserveCapacity(pairs.count)
      for pair in pairs {
        var slot = Self.slot(pair.key, size)
        while slots[slot] != 0 && keys[Int(slots[slot]) - 1] != pair.key { slot = (slot + 1) & (size - 1) }
        if slots[slot] == 0 {
          keys.append(pair.key)
          counts.append(0)
          slots[slot] = Int32(keys.count)
        }
        let number = Int(slots[slot]) - 1
        counts[number] += 1
        numbers.append(Int32(number))
      }
      runStarts = [0]
      runStarts.reserveCapacity(keys.count + 1)
      for count in counts { runStarts.append(runStarts[runStarts.count - 1] + count) }
      var next = runStarts
      values = [Int32](repeating: 0, count: pairs.count)
      for (pair, number) in zip(pairs, numbers) {
        values[Int(next[Int(number)])] = Int32(pair.value)
        next[Int(number)] += 1
      }
    }

    @inline(__always) private static func slot(_ key: UInt64, _ size: Int) -> Int {
      Int(truncatingIfNeeded: key ^ (key >> 32)) & (size - 1)
    }

    /// Where `key`'s values are in `values` (empty when it has none).
    func lookup(_ key: UInt64) -> Range<Int> {
      guard !slots.isEmpty else { return 0..<0 }
      var slot = Self.slot(key, slots.count)
      while slots[slot] != 0 {
        let number = Int(slots[slot]) - 1
        if keys[number] == key { return Int(runStarts[number])..<Int(runStarts[number + 1]) }
        slot = (slot + 1) & (slots.count - 1)
      }
      return 0..<0
    }

    subscript(position: Int) -> Int { Int(values[position]) }
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

  public internal(set) var entries: [Entry] = []
  /// The entries' family names, phrases (UTF-8, one after another) and word hashes.
  var families: [String] = []
  var phraseBytes: [UInt8] = []
  var words: [UInt64] = []

  public func phrase(of entry: Entry) -> String {
    String(decoding: phraseBytes[Int(entry.phraseStart)..<Int(entry.phraseEnd)], as: UTF8.self)
  }

  public func family(of entry: Entry) -> String { families[Int(entry.family)] }

  /// The rule names reported with markers, built when one is (building two strings for
  /// each of the lexicon's thousands of phrases slowed every command's start).
  func ruleName(of entry: Entry) -> String {
    (entry.weak ? "weak+support: " : entry.replyOnly ? "reply: " : entry.clauseStart ? "start: " : "lexicon: ") + phrase(of: entry)
  }

  func negatedRuleName(of entry: Entry) -> String { "negation: not … " + phrase(of: entry) }

  /// FNV-1a over every entry's class, phrase and options: equal for the same rules, so an
  /// export says which lexicon made its markers.
  public var fingerprint: String {
    var hash = FNV1a()
    func mix(_ text: String) {
      hash.mix(text.utf8)
      hash.mix(0x1F)
    }
    for entry in entries {
      mix(entry.kind.rawValue)
      mix(phrase(of: entry))
      mix([entry.clauseStart, entry.negatedOnly, entry.weak, entry.lowercase, entry.inQuestions, entry.ignore, entry.replyOnly, entry.beforeNumber]
        .map { $0 ? "1" : "0" }.joined() + (entry.negated?.rawValue ?? ""))
      mix(family(of: entry) + "=" + NumberText.fixed(entry.strength, 3) + (entry.stance ? "s" : ""))
    }
    return hash.hex
  }
  /// Every text added, in order: two lexicons are equal when built from the same texts.
  var sources: [String] = []
  /// Where each text added after the built-in one came from (file paths), in order.
  public internal(set) var addedFiles: [String] = []

  public static func == (a: Lexicon, b: Lexicon) -> Bool { a.sources == b.sources }
  var negations = WordSet()
  var support = WordSet()
  var clauseOpeners = WordSet()
  /// Verbs that report someone else's words ("she said she was not sure").
  var reporting = WordSet()
  /// Third-person subjects of a reporting verb (he, she, they, people, experts ...).
  var reporters = WordSet()
  /// One-word entries by their word's hash.
  var index = HashIndex()
  /// Longer entries by their first two words (`pairKey`), longest phrase first: a common
  /// first word ("I", "the") starts hundreds of phrases, and trying each of them at every
  /// occurrence was half of marker detection. A key can be shared by two pairs, so a
  /// candidate's two words are checked (`firstHashes`, `secondHashes`: flat, so that a
  /// candidate is rejected without reading its entry). Rebuilt with `rebuildIndex`.
  var pairIndex = HashIndex()
  var firstHashes: [UInt64] = []
  var secondHashes: [UInt64] = []

  static func pairKey(_ first: UInt64, _ second: UInt64) -> UInt64 {
    (first &* 0x9E37_79B9_7F4A_7C15) ^ second
  }

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
    var family = ""
    var familyStrength = 1.0
    var familyStance = false
    // Lines and comments are cut on bytes: Character-wise splitting was a large part of
    // building the lexicon, which every command does.
    for (number, rawLine) in text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
      let code = rawLine.firstIndex(of: UInt8(ascii: "#")).map { rawLine[..<$0] } ?? rawLine
      let line = Substring(code).trimmed(of: " \t\r")
      if line.isEmpty { continue }
      let lineNumber = number + 1
      if line.hasPrefix("[") {
        guard line.hasSuffix("]") else { throw ParseError(source: source, line: lineNumber, message: "unclosed section header") }
        let name = String(line.dropFirst().dropLast()).trimmed(of: " ")
        guard MarkerKind(rawValue: name) != nil || Self.wordSections.contains(name) || name == "ignore" else {
          throw ParseError(source: source, line: lineNumber,
            message: "unknown section [\(name)] (expected hedge, correction, assertion, ignore, negation, support, clause-openers, reporting, reporters)")
        }
        section = name
        family = name
        familyStrength = 1.0
        familyStance = false
        continue
      }
      guard let section else {
        throw ParseError(source: source, line: lineNumber, message: "phrase before any [section] header")
      }
      if line.hasPrefix("@family") {
        (family, familyStrength, familyStance) = try Self.familyLine(line, source: source, line: lineNumber)
        continue
      }
      let (phrasePart, optionPart) = Self.splitOptions(line)
      let phrases = try Self.expandedPhrases(phrasePart, source: source, line: lineNumber)
      // The line's options, read once for all the phrases it stands for.
      var template = Entry(kind: MarkerKind(rawValue: section) ?? .hedge)
      template.ignore = section == "ignore"
      template.family = Int32(familyNumber(family))
      template.strength = familyStrength
      template.stance = familyStance
      if !Self.wordSections.contains(section) {
        for option in optionPart.split(separator: " ") where !option.isEmpty {
          try apply(String(option), to: &template, source: source, line: lineNumber)
        }
      }
      for phrase in phrases {
        let hashes = phrase.withUnsafeBufferPointer(TextTokenizer.phraseHashes(bytes:))
        guard !hashes.isEmpty else { throw ParseError(source: source, line: lineNumber, message: "empty phrase") }
        switch section {
        case "negation": negations.insert(hashes[0]); continue
        case "support": support.insert(hashes[0]); continue
        case "clause-openers": clauseOpeners.insert(hashes[0]); continue
        case "reporting": reporting.insert(hashes[0]); continue
        case "reporters": reporters.insert(hashes[0]); continue
        default: break
        }
        var entry = template
        entry.phraseStart = Int32(phraseBytes.count)
        phraseBytes += phrase
        entry.phraseEnd = Int32(phraseBytes.count)
        entry.wordStart = Int32(words.count)
        entry.wordCount = Int32(hashes.count)
        words += hashes
        entries.append(entry)
      }
    }
    rebuildIndex()
  }

  /// `name`'s place in `families`, added when new (a lexicon has a few dozen).
  private mutating func familyNumber(_ name: String) -> Int {
    if let number = families.firstIndex(of: name) { return number }
    families.append(name)
    return families.count - 1
  }

  private func apply(_ option: String, to entry: inout Entry, source: String, line: Int) throws(ParseError) {
    switch option {
    case "start": entry.clauseStart = true
    case "weak": entry.weak = true
    case "lower": entry.lowercase = true
    case "questions": entry.inQuestions = true
    case "reply": entry.replyOnly = true
    case "number": entry.beforeNumber = true
    default:
      if option.hasPrefix("strength=") {
        entry.strength = try Self.strength(String(option.dropFirst(9)), source: source, line: line)
        return
      }
      let pieces = option.split(separator: "=", maxSplits: 1).map(String.init)
      guard pieces.count == 2, pieces[0] == "negated" || pieces[0] == "negated-only",
        let kind = MarkerKind(rawValue: pieces[1])
      else {
        throw ParseError(source: source, line: line,
          message: "unknown option '\(option)' (expected start, weak, lower, questions, reply, number, strength=0..1, negated=CLASS, negated-only=CLASS)")
      }
      entry.negated = kind
      entry.negatedOnly = pieces[0] == "negated-only"
    }
  }

  /// Sections that list single words for the context rules, not markers.
  static let wordSections: Set<String> = ["negation", "support", "clause-openers", "reporting", "reporters"]

  /// `phrase | options`: the first `|` outside parentheses ends the phrase, so
  /// alternatives such as `(my|the) answer` keep theirs.
  static func splitOptions(_ line: String) -> (String, String) {
    var depth = 0
    // Bytes, not Characters: the three symbols are ASCII, and this runs for every line.
    for index in line.utf8.indices {
      switch line.utf8[index] {
      case UInt8(ascii: "("): depth += 1
      case UInt8(ascii: ")"): depth = max(0, depth - 1)
      case UInt8(ascii: "|") where depth == 0:
        return (String(line[..<index]).trimmed(of: " \t"), String(line[line.utf8.index(after: index)...]).trimmed(of: " \t"))
      default: break
      }
    }
    return (line.trimmed(of: " \t"), "")
  }

  /// Every phrase a pattern stands for, as single-spaced UTF-8 bytes: each `(a|b|c)` group is
  /// one of its alternatives, an empty alternative drops the word ("(my|the|) answer" also
  /// matches "answer"). Built on bytes, not Strings: this runs for each of the built-in
  /// lexicon's thousands of phrases whenever it is built.
  static func expandedPhrases(_ pattern: String, source: String, line: Int) throws(ParseError) -> [[UInt8]] {
    let bytes = Array(pattern.utf8)
    return try expandGroups(bytes[...], in: pattern, source: source, line: line).map(singleSpaced)
  }

  /// One space between words and none at either end; most phrases already are.
  private static func singleSpaced(_ phrase: [UInt8]) -> [UInt8] {
    var previous: UInt8 = 0x20
    var clean = true
    for byte in phrase {
      if byte == 0x20 && previous == 0x20 { clean = false; break }
      previous = byte
    }
    if clean && previous != 0x20 { return phrase }
    var result: [UInt8] = []
    result.reserveCapacity(phrase.count)
    var pendingSpace = false
    for byte in phrase {
      if byte == 0x20 {
        pendingSpace = !result.isEmpty
        continue
      }
      if pendingSpace { result.append(0x20) }
      pendingSpace = false
      result.append(byte)
    }
    return result
  }

  /// Groups nest: "(a|b (c|d))" is a, b c and b d. The first group's `|` at its own depth
  /// separate its choices; each choice and what follows the group are expanded in turn.
  /// `whole` is the line's pattern, which errors name.
  private static func expandGroups(_ pattern: ArraySlice<UInt8>, in whole: String, source: String, line: Int) throws(ParseError) -> [[UInt8]] {
    guard let open = pattern.firstIndex(where: { $0 == UInt8(ascii: "(") || $0 == UInt8(ascii: ")") }) else { return [Array(pattern)] }
    guard pattern[open] == UInt8(ascii: "(") else {
      throw ParseError(source: source, line: line, message: "unmatched ) in '\(whole)'")
    }
    var depth = 0
    var close: Int?
    var cuts = [open + 1]
    scan: for index in open..<pattern.endIndex {
      switch pattern[index] {
      case UInt8(ascii: "("): depth += 1
      case UInt8(ascii: ")"):
        depth -= 1
        if depth == 0 {
          close = index
          break scan
        }
      case UInt8(ascii: "|") where depth == 1: cuts.append(index + 1)
      default: break
      }
    }
    guard let close else { throw ParseError(source: source, line: line, message: "unclosed ( in '\(whole)'") }
    let head = pattern[pattern.startIndex..<open]
    let tails = try expandGroups(pattern[(close + 1)...], in: whole, source: source, line: line)
    var phrases: [[UInt8]] = []
    for (number, cut) in cuts.enumerated() {
      // Each choice runs to the next choice's `|` (one byte before its start) or the `)`.
      let end = number + 1 < cuts.count ? cuts[number + 1] - 1 : close
      for choice in try expandGroups(pattern[cut..<end], in: whole, source: source, line: line) {
        for tail in tails {
          var phrase: [UInt8] = []
          phrase.reserveCapacity(head.count + choice.count + tail.count)
          phrase += head
          phrase += choice
          phrase += tail
          phrases.append(phrase)
        }
      }
      guard phrases.count <= 4096 else {
        throw ParseError(source: source, line: line, message: "'\(whole)' stands for more than 4096 phrases")
      }
    }
    return phrases
  }

  /// `@family NAME [strength=S] [stance]`: the family, default strength and kind of the
  /// entries below it.
  static func familyLine(_ text: String, source: String, line number: Int) throws(ParseError) -> (String, Double, Bool) {
    let words = text.split(separator: " ").map(String.init)
    guard words.count >= 2, words[0] == "@family" else {
      throw ParseError(source: source, line: number, message: "expected '@family NAME [strength=0..1] [stance]'")
    }
    var strength = 1.0
    var stance = false
    for word in words.dropFirst(2) {
      if word == "stance" {
        stance = true
        continue
      }
      guard word.hasPrefix("strength=") else {
        throw ParseError(source: source, line: number, message: "unknown @family option '\(word)' (expected strength=0..1, stance)")
      }
      strength = try Self.strength(String(word.dropFirst(9)), source: source, line: number)
    }
    return (words[1], strength, stance)
  }

  static func strength(_ text: String, source: String, line: Int) throws(ParseError) -> Double {
    guard let value = Double(text), value >= 0, value <= 1 else {
      throw ParseError(source: source, line: line, message: "strength '\(text)' is not a number from 0 to 1")
    }
    return value
  }

  mutating func rebuildIndex() {
    rebuildWordHashes()
    // One-word entries in file order, which is their order.
    index = HashIndex(entries.indices.filter { entries[$0].wordCount == 1 }.map { (firstHashes[$0], $0) })
    // Longer ones longest first, ties in file order. A closure, not a key path: key paths are
    // projected at run time, element by element.
    let lengths = entries.map(\.wordCount)
    let longer = entries.indices.filter { lengths[$0] > 1 }.sorted { lengths[$0] > lengths[$1] || (lengths[$0] == lengths[$1] && $0 < $1) }
    pairIndex = HashIndex(longer.map { (Self.pairKey(firstHashes[$0], secondHashes[$0]), $0) })
  }

  /// Each entry's first and second word hash (0 for a one-word entry's second).
  mutating func rebuildWordHashes() {
    firstHashes = entries.map { words[Int($0.wordStart)] }
    secondHashes = entries.map { $0.wordCount > 1 ? words[Int($0.wordStart) + 1] : 0 }
  }

  /// Whether `entry`'s words follow `tokens[position]` (its first word is known to be there).
  func matches(_ entry: Entry, _ tokens: [TextToken], at position: Int) -> Bool {
    let count = Int(entry.wordCount)
    guard position + count <= tokens.count else { return false }
    let start = Int(entry.wordStart)
    for offset in 1..<max(1, count) where tokens[position + offset].hash != words[start + offset] { return false }
    return true
  }

  /// The entries that may start at `tokens[position]`, longest phrase first (ties in file
  /// order): those whose first two words are there, then the one-word ones. Read them with
  /// `next(_:)`.
  func candidates(_ tokens: [TextToken], at position: Int) -> Candidates {
    let first = tokens[position].hash
    let second = position + 1 < tokens.count ? tokens[position + 1].hash : nil
    return Candidates(
      first: first, second: second ?? 0, pairs: second.map { pairIndex.lookup(Self.pairKey(first, $0)) } ?? 0..<0,
      singles: index.lookup(first))
  }

  /// Where `candidates` are in the two indexes: plain values, so walking them allocates and
  /// retains nothing.
  struct Candidates {
    let first: UInt64
    let second: UInt64
    var pairs: Range<Int>
    var singles: Range<Int>
  }

  /// The next entry of `candidates`, nil when there is none.
  func next(_ candidates: inout Candidates) -> Int? {
    // A key can be shared by two pairs: a candidate's own two words are checked.
    while let position = candidates.pairs.popFirst() {
      let entry = pairIndex[position]
      if firstHashes[entry] == candidates.first && secondHashes[entry] == candidates.second { return entry }
    }
    return candidates.singles.popFirst().map { index[$0] }
  }
}

extension StringProtocol {
  /// `self` without leading and trailing characters from `set`.
  public func trimmed(of set: String) -> String {
    let slice = Substring(self)
    // ASCII sets (all callers') trim on bytes: Character-wise trimming was slow at start-up.
    if set.utf8.allSatisfy({ $0 < 0x80 }) {
      let bytes = Array(set.utf8)
      let utf8 = slice.utf8
      guard let first = utf8.firstIndex(where: { !bytes.contains($0) }) else { return "" }
      let last = utf8.lastIndex(where: { !bytes.contains($0) })!
      // Both ends sit next to ASCII bytes (or the ends of the text): whole characters.
      return String(decoding: utf8[first...last], as: UTF8.self)
    }
    let characters = Set(set)
    var rest = slice
    while let first = rest.first, characters.contains(first) { rest = rest.dropFirst() }
    while let last = rest.last, characters.contains(last) { rest = rest.dropLast() }
    return String(rest)
  }
}
