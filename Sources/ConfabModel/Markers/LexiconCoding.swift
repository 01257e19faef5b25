/// A built lexicon as bytes and back, so a start can skip expanding and hashing the built-in
/// lexicon's thousands of phrases (`LexiconCache` keeps the bytes). Pure: no file access here.
extension Lexicon {
  /// Bumped whenever what `encoded` writes changes.
  static let codingVersion: UInt32 = 2
  /// Written in this machine's byte order after the version: the tables are copied as they
  /// lie in memory, so a file from a machine of the other order is refused (and built over).
  static let byteOrderMark: UInt32 = 0x0102_0304

  /// The entries, their pools, the word lists and both indexes, so decoding copies tables
  /// and builds nothing (decoding entries one by one and rebuilding the indexes took ~4 ms
  /// of the explorer's start, racing the first record for the cores).
  public func encoded() -> [UInt8] {
    var writer = ByteWriter()
    writer.bytes(Array("CFLX".utf8))
    writer.u32(Self.codingVersion)
    writer.table([Self.byteOrderMark])
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
      for field in [entry.family, entry.phraseStart, entry.phraseEnd, entry.wordStart, entry.wordCount] { writer.u32(UInt32(field)) }
    }
    writer.table(phraseBytes)
    writer.table(words)
    for set in [negations, support, clauseOpeners, reporting, reporters] { writer.table(set.members) }
    for table in [index, pairIndex] {
      writer.table(table.slots)
      writer.table(table.keys)
      writer.table(table.runStarts)
      writer.table(table.values)
    }
    return writer.output
  }

  /// The lexicon `encoded()` wrote, standing for `sources` (the texts it was built from: what
  /// `==` compares); nil when `bytes` are not a whole lexicon of this version, or name
  /// anything out of bounds.
  public init?(decoding bytes: [UInt8], sources: [String], addedFiles: [String] = []) {
    guard let decoded = bytes.withUnsafeBytes({ Self.decode(ByteReader($0)) }) else { return nil }
    self = decoded
    self.sources = sources
    self.addedFiles = addedFiles
  }

  private static func decode(_ input: ByteReader) -> Lexicon? {
    var reader = input
    guard reader.bytes(4) == Array("CFLX".utf8), reader.u32() == Self.codingVersion,
      reader.table(UInt32.self) == [Self.byteOrderMark], let familyCount = reader.u32()
    else { return nil }
    var lexicon = Lexicon()
    for _ in 0..<familyCount {
      guard let family = reader.text() else { return nil }
      lexicon.families.append(family)
    }
    // An entry is 32 bytes: a count the rest cannot hold is damage, not a size to reserve.
    guard let entryCount = reader.u32(), Int(entryCount) * 32 <= reader.remaining else { return nil }
    var entries: [Entry] = []
    entries.reserveCapacity(Int(entryCount))
    for _ in 0..<entryCount {
      guard let kindCode = reader.u8(), let kind = Self.kind(kindCode), let negatedCode = reader.u8(), let flags = reader.u16(),
        let strength = reader.u64(), let family = reader.place(), let phraseStart = reader.place(), let phraseEnd = reader.place(),
        let wordStart = reader.place(), let wordCount = reader.place()
      else { return nil }
      var entry = Entry(kind: kind)
      if negatedCode > 0 {
        guard let negated = Self.kind(negatedCode - 1) else { return nil }
        entry.negated = negated
      }
      func flag(_ bit: UInt16) -> Bool { flags & (1 << bit) != 0 }
      (entry.clauseStart, entry.negatedOnly, entry.weak, entry.lowercase) = (flag(0), flag(1), flag(2), flag(3))
      (entry.beforeNumber, entry.inQuestions, entry.ignore, entry.replyOnly, entry.stance) = (flag(4), flag(5), flag(6), flag(7), flag(8))
      entry.strength = Double(bitPattern: strength)
      // Bounds are checked once the pools are read.
      (entry.family, entry.phraseStart, entry.phraseEnd, entry.wordStart, entry.wordCount) = (family, phraseStart, phraseEnd, wordStart, wordCount)
      entries.append(entry)
    }
    guard let phraseBytes = reader.table(UInt8.self), let words = reader.table(UInt64.self) else { return nil }
    for entry in entries {
      guard Int(entry.family) < lexicon.families.count, entry.phraseStart <= entry.phraseEnd, Int(entry.phraseEnd) <= phraseBytes.count,
        entry.wordCount > 0, Int(entry.wordStart) + Int(entry.wordCount) <= words.count
      else { return nil }
    }
    var sets: [WordSet] = []
    for _ in 0..<5 {
      guard let members = reader.table(UInt64.self) else { return nil }
      sets.append(WordSet(members))
    }
    var indexes: [HashIndex] = []
    for _ in 0..<2 {
      guard let slots = reader.table(Int32.self), let keys = reader.table(UInt64.self), let runStarts = reader.table(Int32.self),
        let values = reader.table(Int32.self),
        let table = HashIndex(slots: slots, keys: keys, runStarts: runStarts, values: values, valueLimit: entries.count)
      else { return nil }
      indexes.append(table)
    }
    guard reader.atEnd else { return nil }
    lexicon.entries = entries
    (lexicon.phraseBytes, lexicon.words) = (phraseBytes, words)
    (lexicon.negations, lexicon.support, lexicon.clauseOpeners, lexicon.reporting, lexicon.reporters) = (sets[0], sets[1], sets[2], sets[3], sets[4])
    (lexicon.index, lexicon.pairIndex) = (indexes[0], indexes[1])
    lexicon.rebuildWordHashes()
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

  /// A count, then the values as they lie in memory.
  mutating func table<T: FixedWidthInteger>(_ values: [T]) {
    u32(UInt32(values.count))
    values.withUnsafeBytes { output += $0 }
  }
}

/// Little-endian fields out of bytes (valid while the caller's `withUnsafeBytes` runs); nil
/// past their end.
private struct ByteReader {
  let input: UnsafeRawBufferPointer
  var position = 0

  init(_ input: UnsafeRawBufferPointer) { self.input = input }

  var atEnd: Bool { position == input.count }
  var remaining: Int { input.count - position }

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

  /// A u32 that is a place in a table (an `Int32`, as entries keep them).
  mutating func place() -> Int32? { u32().flatMap { Int32(exactly: $0) } }

  /// What `ByteWriter.table` wrote, copied at once.
  mutating func table<T: FixedWidthInteger>(_: T.Type) -> [T]? {
    guard let count = u32() else { return nil }
    let size = Int(count) * MemoryLayout<T>.size
    guard position + size <= input.count else { return nil }
    defer { position += size }
    return [T](unsafeUninitializedCapacity: Int(count)) { buffer, initialized in
      UnsafeMutableRawBufferPointer(buffer).copyMemory(from: UnsafeRawBufferPointer(rebasing: input[position..<position + size]))
      initialized = Int(count)
    }
  }

  private mutating func integer<T: FixedWidthInteger>(_: T.Type) -> T? {
    guard position + MemoryLayout<T>.size <= input.count else { return nil }
    defer { position += MemoryLayout<T>.size }
    return T(littleEndian: input.loadUnaligned(fromByteOffset: position, as: T.self))
  }
}
