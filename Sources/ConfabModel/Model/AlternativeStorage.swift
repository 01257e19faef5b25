/// Alternatives stored as plain values: each names its spelling by its index in a table of
/// spellings (a record's distinct ones, each an array made once). Immutable once built;
/// `AlternativeList` windows on it give each position its own.
public final class AlternativeStorage: Sendable {
  private let spellings: [Spelling]
  private let entries: [Entry]

  private init(spellings: [Spelling], entries: [Entry]) {
    self.spellings = spellings
    self.entries = entries
  }

  public var count: Int { entries.count }

  /// One alternative without a reference in it: 24 bytes against an `Alternative`'s 48.
  struct Entry {
    var spelling: UInt32
    var flags: UInt8
    var id: Int
    var raw: Double

    static let hasLogprob: UInt8 = 1
    static let hasID: UInt8 = 2
    static let textUnknown: UInt8 = 4
  }

  func alternative(at index: Int) -> Alternative {
    let entry = entries[index]
    return Alternative(
      spelling: spellings[Int(entry.spelling)], logprob: Self.logprob(entry),
      id: entry.flags & Entry.hasID != 0 ? entry.id : nil, textKnown: entry.flags & Entry.textUnknown == 0)
  }

  func logprob(at index: Int) -> Logprob { Self.logprob(entries[index]) }

  /// Read in place: a copy of the spelling would retain its bytes (the pressures ask this of
  /// every alternative of every token).
  func starterCues(at index: Int) -> StarterCues { spellings[Int(entries[index].spelling)].starterCues }

  func isSpelled(_ bytes: [UInt8], at index: Int) -> Bool { spellings[Int(entries[index].spelling)].bytes == bytes }

  func id(at index: Int) -> Int? {
    let entry = entries[index]
    return entry.flags & Entry.hasID != 0 ? entry.id : nil
  }

  private static func logprob(_ entry: Entry) -> Logprob {
    Logprob(raw: entry.flags & Entry.hasLogprob != 0 ? entry.raw : nil)
  }

  /// Collects a reply's alternatives, then `finish(spellings:)` stores them with the table
  /// their spelling indices name; `AlternativeList` windows on the result give each position
  /// its own.
  public struct Builder {
    private var entries: [Entry] = []

    public init(capacity: Int) { entries.reserveCapacity(capacity) }

    /// How many alternatives are in so far: where the next position's window starts.
    public var count: Int { entries.count }

    /// An alternative whose spelling is `table[spelling]` of the table `finish(spellings:)`
    /// will be given (a record's distinct spellings, as the chat reader's C++ side lists them).
    public mutating func append(spelling: Int, logprob: Logprob, id: Int? = nil, textKnown: Bool = true) {
      var flags: UInt8 = 0
      if logprob.raw != nil { flags |= Entry.hasLogprob }
      if id != nil { flags |= Entry.hasID }
      if !textKnown { flags |= Entry.textUnknown }
      entries.append(Entry(spelling: UInt32(truncatingIfNeeded: spelling), flags: flags, id: id ?? 0, raw: logprob.raw ?? 0))
    }

    /// The storage, the entries' spelling indices naming spellings of `table`.
    public func finish(spellings table: [Spelling]) -> AlternativeStorage {
      precondition(table.count <= Int(UInt32.max), "too many spellings for one storage")
      return AlternativeStorage(spellings: table, entries: entries)
    }
  }
}
