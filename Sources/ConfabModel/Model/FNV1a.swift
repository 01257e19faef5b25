/// 64-bit FNV-1a: the one hash behind the lexicon's word and phrase hashes, the pressures'
/// word sets, pooled spellings, transcript and lexicon fingerprints and prompt shards. Stable
/// across processes and machines (Swift's `Hasher` is seeded per process), and the tokenizer
/// and `WordShape` must agree on it bit for bit: their hashes meet in the same `WordSet`s.
public struct FNV1a: Sendable {
  public var value: UInt64 = 0xcbf2_9ce4_8422_2325

  public init() {}

  @inlinable @inline(__always) public mutating func mix(_ byte: UInt8) {
    value = (value ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
  }

  @inlinable public mutating func mix(_ bytes: some Sequence<UInt8>) {
    for byte in bytes { mix(byte) }
  }

  @inlinable public static func hash(_ bytes: some Sequence<UInt8>) -> UInt64 {
    var hasher = FNV1a()
    hasher.mix(bytes)
    return hasher.value
  }

  /// The value as 16 hexadecimal digits (fingerprints).
  public var hex: String {
    let digits = String(value, radix: 16)
    return String(repeating: "0", count: 16 - digits.count) + digits
  }
}
