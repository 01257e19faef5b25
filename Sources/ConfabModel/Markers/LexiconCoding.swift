/// A built lexicon as bytes and back, so a start can skip expanding and hashing the built-in
/// lexicon's thousands of phrases (`LexiconCache` keeps the bytes). Pure: no file access here.
extension Lexicon {
  /// Bumped whenever what `encoded` writes changes.
  static let codingVersion: UInt32 = 1

  /// The entries and word lists, little-endian; the phrase index is rebuilt on decoding.
  public func encoded() -> [UInt8] {
    var writer = ByteWriter()
    writer.bytes(Array("CFLX".utf8))
    writer.u32(Self.codingVersion)
    let families = Array(Set(entries.map(\.family))).sorted()
    let familyIndex = Dictionary(uniqueKeysWithValues: families.enumerated().map { ($1, $0) })
    writer.u32(UInt32(families.count))
    for family in families { writer.text(family) }
    writer.u32(UInt32(entries.count))
    for entry in entries {
      writer.u8(Self.kindCode(entry.kind))
      writer.u8(entry.negated.map(Self.kindCode).map { $0 + 1 } ?? 0)
      let flags = [entry.clauseStart, entry.negatedOnly, entry.weak, entry.lowercase, entry.beforeNumber, entry.inQuestions,
                   entry.ignore, entry.replyOnly, entry.stance]
      writer.u16(flags.enumerated().reduce(0) { $0 | ($1.element ? UInt16(1) << UInt16($1.offset) : 0) })
      writer.u64(entry.strength.bitPattern)
      writer.u32(UInt32(familyIndex[entry.family]!))
      writer.text(entry.phrase)
      writer.u32(UInt32(entry.hashes.count))
      for hash in entry.hashes { writer.u64(hash) }
    }
    for set in [negations, support, clauseOpeners, reporting, reporters] {
      let hashes = set.members
      writer.u32(UInt32(hashes.count))
      for hash in hashes { writer.u64(hash) }
    }
    return writer.output
  }

  /// The lexicon `encoded()` wrote, standing for `sources` (the texts it was built from: what
  /// `==` compares); nil when `bytes` are not a whole lexicon of this version.
  public init?(decoding bytes: [UInt8], sources: [String], addedFiles: [String] = []) {
    guard let decoded = bytes.withUnsafeBytes({ Self.decode(ByteReader($0)) }) else { return nil }
    self = decoded
    self.sources = sources
    self.addedFiles = addedFiles
  }

  private static func decode(_ input: ByteReader) -> Lexicon? {
    var reader = input
    guard reader.bytes(4) == Array("CFLX".utf8), reader.u32() == Self.codingVersion, let familyCount = reader.u32() else { return nil }
    var families: [String] = []
    for _ in 0..<familyCount {
      guard let family = reader.text() else { return nil }
      families.append(family)
    }
    guard let entryCount = reader.u32() else { return nil }
    var entries: [Entry] = []
    entries.reserveCapacity(Int(entryCount))
    for _ in 0..<entryCount {
      guard let kindCode = reader.u8(), let kind = Self.kind(kindCode), let negatedCode = reader.u8(), let flags = reader.u16(),
        let strength = reader.u64(), let family = reader.u32(), Int(family) < families.count, let phrase = reader.text(),
        let hashCount = reader.u32(), hashCount > 0
      else { return nil }
      var entry = Entry(kind: kind, phrase: phrase)
      if negatedCode > 0 {
        guard let negated = Self.kind(negatedCode - 1) else { return nil }
        entry.negated = negated
      }
      func flag(_ bit: UInt16) -> Bool { flags & (1 << bit) != 0 }
      (entry.clauseStart, entry.negatedOnly, entry.weak, entry.lowercase) = (flag(0), flag(1), flag(2), flag(3))
      (entry.beforeNumber, entry.inQuestions, entry.ignore, entry.replyOnly, entry.stance) = (flag(4), flag(5), flag(6), flag(7), flag(8))
      entry.strength = Double(bitPattern: strength)
      entry.family = families[Int(family)]
      var hashes: [UInt64] = []
      hashes.reserveCapacity(Int(hashCount))
      for _ in 0..<hashCount {
        guard let hash = reader.u64() else { return nil }
        hashes.append(hash)
      }
      entry.hashes = hashes
      entries.append(entry)
    }
    var sets: [WordSet] = []
    for _ in 0..<5 {
      guard let count = reader.u32() else { return nil }
      var set = WordSet()
      for _ in 0..<count {
        guard let hash = reader.u64() else { return nil }
        set.insert(hash)
      }
      sets.append(set)
    }
    guard reader.atEnd else { return nil }
    var lexicon = Lexicon()
    lexicon.entries = entries
    (lexicon.negations, lexicon.support, lexicon.clauseOpeners, lexicon.reporting, lexicon.reporters) = (sets[0], sets[1], sets[2], sets[3], sets[4])
    lexicon.rebuildIndex()
    return lexicon
  }

  private static func kindCode(_ kind: MarkerKind) -> UInt8 { UInt8(MarkerKind.allCases.firstIndex(of: kind)!) }

  private static func kind(_ code: UInt8) -> MarkerKind? {
    Int(code) < MarkerKind.allCases.count ? MarkerKind.allCases[Int(code)] : nil
  }
}

/// Little-endian fields into a byte array.
private struct ByteWriter {
  var output: [UInt8] = []

  mutating func bytes(_ values: [UInt8]) { output += values }
  mutating func u8(_ value: UInt8) { output.append(value) }
  mutating func u16(_ value: UInt16) { withUnsafeBytes(of: value.littleEndian) { output += $0 } }
  mutating func u32(_ value: UInt32) { withUnsafeBytes(of: value.littleEndian) { output += $0 } }
  mutating func u64(_ value: UInt64) { withUnsafeBytes(of: value.littleEndian) { output += $0 } }

  mutating func text(_ value: String) {
    let utf8 = Array(value.utf8)
    u32(UInt32(utf8.count))
    output += utf8
  }
}

/// Little-endian fields out of bytes (valid while the caller's `withUnsafeBytes` runs); nil
/// past their end.
private struct ByteReader {
  let input: UnsafeRawBufferPointer
  var position = 0

  init(_ input: UnsafeRawBufferPointer) { self.input = input }

  var atEnd: Bool { position == input.count }

  mutating func bytes(_ count: Int) -> [UInt8]? {
    guard count >= 0, position + count <= input.count else { return nil }
    defer { position += count }
    return Array(input[position..<position + count])
  }

  mutating func u8() -> UInt8? { integer(UInt8.self) }
  mutating func u16() -> UInt16? { integer(UInt16.self) }
  mutating func u32() -> UInt32? { integer(UInt32.self) }
  mutating func u64() -> UInt64? { integer(UInt64.self) }

  mutating func text() -> String? {
    guard let count = u32(), position + Int(count) <= input.count else { return nil }
    defer { position += Int(count) }
    return String(decoding: UnsafeRawBufferPointer(rebasing: input[position..<position + Int(count)]), as: UTF8.self)
  }

  private mutating func integer<T: FixedWidthInteger>(_: T.Type) -> T? {
    guard position + MemoryLayout<T>.size <= input.count else { return nil }
    defer { position += MemoryLayout<T>.size }
    return T(littleEndian: input.loadUnaligned(fromByteOffset: position, as: T.self))
  }
}
