/// The transcript list's rows, held in columns: a fixed-size row of offsets and numbers per
/// transcript, ids and titles in one byte arena, and paths, models and prompt ids interned.
/// A million tiny records take ~150 bytes each this way; as `[TranscriptSummary]` they took
/// ~500 (a 280-byte struct, a heap string or two, and the slack of a growing array).
/// Reading an element builds the `TranscriptSummary` it stands for; the column readers
/// (`counts(at:)`, `source(at:)`) serve loops over every row without building one.
public struct SummaryTable: Sendable, Equatable, RandomAccessCollection {
  /// Where a row's id and title are in `text`.
  private struct Row: Sendable, Equatable {
    var line: Int
    var offset: Int
    var length: Int
    var textStart: Int
    var idLength: UInt32
    var titleLength: UInt32
    var path: UInt32
    /// Index + 1 into `interned`; 0 for none.
    var model: UInt32
    var promptID: UInt32
    /// Index into `interned`: prompts repeat once per sample, so each is held once.
    var promptKey: UInt32
    /// Index + 1 into `interned`; 0 for none. Answers repeat across samples too.
    var answer: UInt32
    /// A rescoring's parent id: index + 1 into `interned`; 0 for none.
    var rescoreParent: UInt32
    /// A converted transcript's first source: path index + 1 (0 for none), line, choice and
    /// format label index.
    var originalPath: UInt32
    var originalLine: Int32
    var originalChoice: Int32
    var originalFormat: UInt32
    var choice: Int32
    /// Int32.min for none.
    var sample: Int32
    var format: Format
    var origin: Format?
    var isPlaceholder: Bool
    var isDerived: Bool
  }

  /// Figures with NaN for "none": 56 bytes instead of 97 (a NaN mean reads back as none).
  private struct Figures: Sendable, Equatable {
    var tokens: Int
    var meanLogprob: Double
    var meanEntropyBound: Double
    var maxEntropyBound: Double
    var outsideTopKShare: Double
    var promptTokens: Int32
    var promptMeanSurprisal: Double
  }

  private var rows: [Row] = []
  private var figures: [Figures] = []
  /// Per row: one count per kind, in `EventKind.allCases` order, then the hedge and
  /// assertion strengths in thousandths (decisiveness needs them).
  private static let stride = EventKind.allCases.count + 2
  private var counts: [UInt32] = []
  private var text: [UInt8] = []
  private var interned: [String] = []
  private var internIndex: [String: UInt32] = [:]

  /// Titles are cut to this many characters: the list shows far fewer, and a prompt of one
  /// long line must not be held once per sample.
  public static let titleLimit = 240

  public init() {}

  public init(_ summaries: [TranscriptSummary]) {
    append(contentsOf: summaries)
  }

  public var startIndex: Int { 0 }
  public var endIndex: Int { rows.count }

  public subscript(position: Int) -> TranscriptSummary {
    get {
      let row = rows[position]
      var summary = TranscriptSummary(
        source: source(row), id: string(row.textStart, row.idLength),
        title: string(row.textStart + Int(row.idLength), row.titleLength),
        model: lookup(row.model), promptID: lookup(row.promptID), sampleIndex: row.sample == .min ? nil : Int(row.sample),
        figures: figures(at: position), counts: counts(at: position))
      summary.isPlaceholder = row.isPlaceholder
      summary.promptKey = interned[Int(row.promptKey)]
      summary.answer = lookup(row.answer)
      summary.rescoreParent = lookup(row.rescoreParent)
      summary.isDerived = row.isDerived
      if let path = lookup(row.originalPath) {
        summary.original = OriginalSource(path: path, line: Int(row.originalLine), choice: Int(row.originalChoice),
                                          format: interned[Int(row.originalFormat)])
      }
      return summary
    }
    set {
      let (row, figures, counts) = columns(newValue)
      rows[position] = row
      self.figures[position] = figures
      self.counts.replaceSubrange(position * Self.stride..<(position + 1) * Self.stride, with: counts)
    }
  }

  public mutating func append(_ summary: TranscriptSummary) {
    let (row, figures, counts) = columns(summary)
    rows.append(row)
    self.figures.append(figures)
    self.counts.append(contentsOf: counts)
  }

  /// An array, not `some Sequence`: see `ProblemList.append(contentsOf:)`.
  public mutating func append(contentsOf summaries: [TranscriptSummary]) {
    for summary in summaries { append(summary) }
  }

  public func counts(at position: Int) -> EventCounts {
    var result = EventCounts()
    let base = position * Self.stride
    for (offset, kind) in EventKind.allCases.enumerated() { result[kind] = Int(counts[base + offset]) }
    result.hedgeStrength = Double(counts[base + Self.stride - 2]) / 1000
    result.assertionStrength = Double(counts[base + Self.stride - 1]) / 1000
    return result
  }

  /// One count of one row, for sorting a million rows without building their summaries.
  public func count(_ kind: EventKind, at position: Int) -> Int {
    Int(counts[position * Self.stride + Self.kindOffset(kind)])
  }

  public func figures(at position: Int) -> TranscriptFigures {
    let f = figures[position]
    func value(_ number: Double) -> Double? { number.isNaN ? nil : number }
    return TranscriptFigures(
      tokens: f.tokens, meanLogprob: value(f.meanLogprob), meanEntropyBound: value(f.meanEntropyBound),
      maxEntropyBound: value(f.maxEntropyBound), outsideTopKShare: value(f.outsideTopKShare),
      promptTokens: Int(f.promptTokens), promptMeanSurprisal: value(f.promptMeanSurprisal))
  }

  public func source(at position: Int) -> SourceRef { source(rows[position]) }

  /// The first row whose id is `id`, compared in the byte arena (no summaries built).
  public func index(ofID id: String) -> Int? {
    let bytes = Array(id.utf8)
    return rows.indices.first { position in
      let row = rows[position]
      return Int(row.idLength) == bytes.count && text[row.textStart..<row.textStart + bytes.count].elementsEqual(bytes)
    }
  }

  /// The rows that rescore transcript `id` (none at the cost of one lookup when nothing
  /// rescored it: a parent's id is interned only by its rescorings).
  public func rescorings(of id: String) -> [Int] {
    guard let key = internIndex[id] else { return [] }
    return rows.indices.filter { rows[$0].rescoreParent == key + 1 }
  }

  /// The parent id of the rescoring at `position`, if it is one.
  public func rescoreParent(at position: Int) -> String? { lookup(rows[position].rescoreParent) }

  /// The rows that sample the same prompt as `position` (itself included), in file order.
  public func samples(of position: Int) -> [Int] {
    let key = rows[position].promptKey
    guard !interned[Int(key)].isEmpty else { return [position] }
    return rows.indices.filter { rows[$0].promptKey == key }
  }
  public func isPlaceholder(at position: Int) -> Bool { rows[position].isPlaceholder }
  /// A branch or rescoring (not a sample of its prompt).
  public func isDerived(at position: Int) -> Bool { rows[position].isDerived }

  /// A number equal for rows that sample one prompt, for grouping without building strings;
  /// nil for a row with no key yet (a placeholder).
  public func promptGroup(at position: Int) -> UInt32? {
    let key = rows[position].promptKey
    return interned[Int(key)].isEmpty ? nil : key
  }

  /// The row's transcript id, without building its summary.
  public func id(at position: Int) -> String {
    let row = rows[position]
    return string(row.textStart, row.idLength)
  }

  /// The row's title, without building its summary (list search reads every row's).
  public func title(at position: Int) -> String {
    let row = rows[position]
    return string(row.textStart + Int(row.idLength), row.titleLength)
  }

  /// The default heuristic's answer for the row's sampled turn.
  public func answer(at position: Int) -> String? { lookup(rows[position].answer) }

  private func source(_ row: Row) -> SourceRef {
    SourceRef(path: interned[Int(row.path)], line: row.line, byteOffset: row.offset, byteLength: row.length,
              choice: Int(row.choice), format: row.format, origin: row.origin)
  }

  private func string(_ start: Int, _ length: UInt32) -> String {
    String(decoding: text[start..<start + Int(length)], as: UTF8.self)
  }

  private func lookup(_ index: UInt32) -> String? { index == 0 ? nil : interned[Int(index) - 1] }

  private mutating func intern(_ value: String) -> UInt32 {
    if let index = internIndex[value] { return index }
    let index = UInt32(interned.count)
    interned.append(value)
    internIndex[value] = index
    return index
  }

  private mutating func columns(_ summary: TranscriptSummary) -> (Row, Figures, [UInt32]) {
    let start = text.count
    text.append(contentsOf: summary.id.utf8)
    let title = summary.title.count > Self.titleLimit ? String(summary.title.prefix(Self.titleLimit - 1)) + "…" : summary.title
    text.append(contentsOf: title.utf8)
    let source = summary.source
    let row = Row(
      line: source.line, offset: source.byteOffset, length: source.byteLength, textStart: start,
      idLength: UInt32(summary.id.utf8.count), titleLength: UInt32(title.utf8.count), path: intern(source.path),
      model: summary.model.map { intern($0) + 1 } ?? 0, promptID: summary.promptID.map { intern($0) + 1 } ?? 0,
      promptKey: intern(summary.promptKey), answer: summary.answer.map { intern($0) + 1 } ?? 0,
      rescoreParent: summary.rescoreParent.map { intern($0) + 1 } ?? 0,
      originalPath: summary.original.map { intern($0.path) + 1 } ?? 0, originalLine: Int32(clamping: summary.original?.line ?? 0),
      originalChoice: Int32(clamping: summary.original?.choice ?? 0), originalFormat: summary.original.map { intern($0.format) } ?? 0,
      choice: Int32(clamping: source.choice), sample: summary.sampleIndex.map { Int32(clamping: $0) } ?? .min,
      format: source.format, origin: source.origin, isPlaceholder: summary.isPlaceholder, isDerived: summary.isDerived)
    let f = summary.figures
    let figures = Figures(
      tokens: f.tokens, meanLogprob: f.meanLogprob ?? .nan, meanEntropyBound: f.meanEntropyBound ?? .nan,
      maxEntropyBound: f.maxEntropyBound ?? .nan, outsideTopKShare: f.outsideTopKShare ?? .nan,
      promptTokens: Int32(clamping: f.promptTokens), promptMeanSurprisal: f.promptMeanSurprisal ?? .nan)
    let counts = EventKind.allCases.map { UInt32(clamping: summary.counts[$0]) }
      + [summary.counts.hedgeStrength, summary.counts.assertionStrength].map { UInt32(clamping: Int(($0 * 1000).rounded())) }
    return (row, figures, counts)
  }

  private static func kindOffset(_ kind: EventKind) -> Int {
    EventKind.allCases.firstIndex(of: kind)!
  }

  // NaN never equals itself, so the figures compare bit by bit.
  private static func same(_ a: [Figures], _ b: [Figures]) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { x, y in
      x.tokens == y.tokens && x.meanLogprob.bitPattern == y.meanLogprob.bitPattern
        && x.meanEntropyBound.bitPattern == y.meanEntropyBound.bitPattern
        && x.maxEntropyBound.bitPattern == y.maxEntropyBound.bitPattern
        && x.outsideTopKShare.bitPattern == y.outsideTopKShare.bitPattern
        && x.promptTokens == y.promptTokens && x.promptMeanSurprisal.bitPattern == y.promptMeanSurprisal.bitPattern
    }
  }

  /// Equal when every row reads back the same; identical columns answer without building rows.
  public static func == (a: SummaryTable, b: SummaryTable) -> Bool {
    guard a.count == b.count else { return false }
    if a.rows == b.rows && a.counts == b.counts && a.text == b.text && a.interned == b.interned && same(a.figures, b.figures) { return true }
    return a.indices.allSatisfy { a[$0] == b[$0] }
  }
}
