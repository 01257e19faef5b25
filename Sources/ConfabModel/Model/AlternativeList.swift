/// The alternatives a file listed at one position, in the file's order: a window on storage
/// that all positions of a reply can share. Importing a reply then makes one allocation for
/// all its alternatives, of plain values, instead of an array per position holding a counted
/// reference per alternative (20 million of them in a 300 MB corpus: most of a full scan's
/// token making, and half of its memory traffic).
public struct AlternativeList: RandomAccessCollection, Sendable, Equatable, ExpressibleByArrayLiteral {
  /// A window on shared storage (a reply read in one go), or an array of its own (importers
  /// that read one position at a time: no storage is made for it).
  private enum Backing: Sendable {
    case shared(AlternativeStorage, base: Int)
    case own([Alternative])
  }

  private let backing: Backing
  public let endIndex: Int

  public var startIndex: Int { 0 }

  /// A window of `count` alternatives from `base` in `storage`.
  public init(_ storage: AlternativeStorage, base: Int, count: Int) {
    precondition(base >= 0 && count >= 0 && base + count <= storage.count, "alternative window out of range")
    backing = .shared(storage, base: base)
    endIndex = count
  }

  /// A list of its own.
  public init(_ alternatives: [Alternative]) {
    backing = .own(alternatives)
    endIndex = alternatives.count
  }

  public init(arrayLiteral alternatives: Alternative...) { self.init(alternatives) }

  public init() { self.init([]) }

  public subscript(position: Int) -> Alternative {
    switch backing {
    case .shared(let storage, let base): storage.alternative(at: base + checked(position))
    case .own(let alternatives): alternatives[position]
    }
  }

  /// What the hot loops read (TokenStats, the pressures): one field, without making the
  /// alternative (which retains its spelling).
  public func logprob(at position: Int) -> Logprob {
    switch backing {
    case .shared(let storage, let base): storage.logprob(at: base + checked(position))
    case .own(let alternatives): alternatives[position].logprob
    }
  }

  public func starterCues(at position: Int) -> StarterCues {
    switch backing {
    case .shared(let storage, let base): storage.spelling(at: base + checked(position)).starterCues
    case .own(let alternatives): alternatives[position].starterCues
    }
  }

  public func id(at position: Int) -> Int? {
    switch backing {
    case .shared(let storage, let base): storage.id(at: base + checked(position))
    case .own(let alternatives): alternatives[position].id
    }
  }

  /// Whether the alternative at `position` is spelled `bytes`.
  public func isSpelled(_ bytes: [UInt8], at position: Int) -> Bool {
    switch backing {
    case .shared(let storage, let base): storage.isSpelled(bytes, at: base + checked(position))
    case .own(let alternatives): alternatives[position].bytes == bytes
    }
  }

  public static func == (a: AlternativeList, b: AlternativeList) -> Bool {
    a.count == b.count && a.elementsEqual(b)
  }

  private func checked(_ position: Int) -> Int {
    precondition(position >= 0 && position < endIndex, "alternative index out of range")
    return position
  }
}

/// Alternatives stored as plain values: each names its spelling by its index in a table of
/// the spellings it uses (one per distinct spelling of the reply, when the importer pools
/// them). Immutable once built.
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

  func spelling(at index: Int) -> Spelling { spellings[Int(entries[index].spelling)] }

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
    /// will be given (the importer's pool, which hands out indices as it grows).
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
