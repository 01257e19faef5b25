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
    case .shared(let storage, let base): storage.starterCues(at: base + checked(position))
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
