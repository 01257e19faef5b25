/// A fixed set of word hashes (FNV-1a already, so well mixed) looked up without hashing them
/// again: `Set<UInt64>` runs SipHash on every lookup, which was 3% of a scan when every
/// listed alternative of every token is checked for a correction or hedge word.
struct WordSet: Sendable {
  private let slots: [UInt64]
  private let mask: Int

  init(_ hashes: some Sequence<UInt64>) {
    let unique = Set(hashes)
    var size = 16
    while size < unique.count * 4 { size *= 2 }
    var slots = [UInt64](repeating: 0, count: size)
    // Open addressing with linear probing; 0 marks an empty slot (no FNV-1a of a word is 0
    // in practice, and a 0 key would only make that one word unfindable).
    for hash in unique where hash != 0 {
      var slot = Int(truncatingIfNeeded: hash) & (size - 1)
      while slots[slot] != 0 { slot = (slot + 1) & (size - 1) }
      slots[slot] = hash
    }
    self.slots = slots
    mask = size - 1
  }

  @inline(__always) func contains(_ hash: UInt64) -> Bool {
    var slot = Int(truncatingIfNeeded: hash) & mask
    while true {
      let key = slots[slot]
      if key == hash { return hash != 0 }
      if key == 0 { return false }
      slot = (slot + 1) & mask
    }
  }
}
