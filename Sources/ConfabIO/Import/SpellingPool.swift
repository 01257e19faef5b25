import ConfabModel
#if canImport(Glibc)
import Glibc
#endif

/// Token spellings already made while reading one list of tokens, handed out again instead of
/// allocated anew: a reply's twenty alternatives per position repeat a few thousand spellings
/// (" the", ",", " Canberra"), and an array per alternative was most of the import's mallocs.
/// Shared arrays also keep an open transcript smaller. One list at a time, one thread.
final class SpellingPool {
  /// One stored property, reached once per call: each access to a class's stored property is
  /// checked for exclusivity at run time, and the probe loop's reads of two arrays made those
  /// checks 5% of a scan.
  private var table: Table

  /// Sized for a list of `tokens` (a short list must not pay for a large table); past half
  /// full, spellings are no longer added (those in it are still found).
  init(tokens: Int) { table = Table(tokens: tokens) }

  /// The pooled spelling with these bytes, made and pooled when it is not there yet.
  func spelling(_ bytes: UnsafeBufferPointer<UInt8>) -> Spelling { table.spelling(bytes) }

  /// The pooled array with these bytes.
  func array(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] { table.spelling(bytes).bytes }

  private struct Table {
    var hashes: [UInt64]
    /// nil where no spelling is: filling the table with empty spellings retained the empty
    /// array once per slot, thousands of times per list.
    var spellings: [Spelling?]
    var used = 0
    let mask: Int

    init(tokens: Int) {
      var slots = 64
      while slots < 8192 && slots < tokens * 8 { slots *= 2 }
      hashes = [UInt64](repeating: 0, count: slots)
      spellings = [Spelling?](repeating: nil, count: slots)
      mask = slots - 1
    }

    mutating func spelling(_ bytes: UnsafeBufferPointer<UInt8>) -> Spelling {
      guard bytes.count <= 32 else { return Spelling(Array(bytes)) }
      let hash = FNV1a.hash(bytes) | 1  // 0 marks an empty slot
      var slot = Int(truncatingIfNeeded: hash) & mask
      while hashes[slot] != 0 {
        if hashes[slot] == hash, let stored = spellings[slot], Self.same(stored.bytes, bytes) { return stored }
        slot = (slot + 1) & mask
      }
      let made = Spelling(Array(bytes))
      if used < (mask + 1) / 2 {
        hashes[slot] = hash
        spellings[slot] = made
        used += 1
      }
      return made
    }

    private static func same(_ array: [UInt8], _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
      guard array.count == bytes.count else { return false }
      return array.withUnsafeBufferPointer { stored in
        bytes.isEmpty || memcmp(stored.baseAddress!, bytes.baseAddress!, bytes.count) == 0
      }
    }
  }
}
