/// Input problems as the explorer and scan keep them: each once, at most `perFileLimit` listed
/// per file and the rest counted, so a file of a million bad lines costs a line, not a million
/// (and inserting stays constant time: the list used to be searched for every new problem).
public struct ProblemList: Sendable, Equatable, RandomAccessCollection {
  public static let perFileLimit = 1000

  private var listed: [ImportProblem] = []
  private var seen: Set<ImportProblem> = []
  private var perFile: [String: Int] = [:]
  /// For a file over the limit: where its "more problems" line is, and how many it stands for.
  private var overflow: [String: (index: Int, count: Int)] = [:]

  public init() {}
  public init(_ problems: [ImportProblem]) { append(contentsOf: problems) }

  public var startIndex: Int { 0 }
  public var endIndex: Int { listed.count }
  public subscript(position: Int) -> ImportProblem { listed[position] }

  /// Every problem inserted, listed or only counted.
  public var total: Int { seen.count - overflow.count + overflow.values.reduce(0) { $0 + $1.count } }

  public mutating func append(_ problem: ImportProblem) {
    if seen.contains(problem) { return }
    let count = perFile[problem.path, default: 0]
    if count < Self.perFileLimit {
      seen.insert(problem)
      perFile[problem.path] = count + 1
      listed.append(problem)
      return
    }
    // Past the limit only the count grows; the set is not, so memory stays bounded (a repeat
    // of an unlisted problem is then counted twice, which only a follow-mode re-read does).
    var entry = overflow[problem.path] ?? (listed.count, 0)
    if entry.count == 0 {
      let marker = ImportProblem(path: problem.path, line: nil, message: "")
      seen.insert(marker)
      listed.append(marker)
    }
    entry.count += 1
    overflow[problem.path] = entry
    listed[entry.index].message = "and \(entry.count) more problem\(entry.count == 1 ? "" : "s") in this file, counted but not listed"
  }

  // An array, not `some Sequence`: a generic walk asks the runtime for the sequence's
  // conformances (a scan of every conformance record, ~0.25 ms, on the first screen's path).
  public mutating func append(contentsOf problems: [ImportProblem]) {
    for problem in problems { append(problem) }
  }

  public static func == (a: ProblemList, b: ProblemList) -> Bool { a.listed == b.listed && a.total == b.total }
}
