/// A set of word hashes (FNV-1a already, so well mixed) looked up without hashing them again:
/// `Set<UInt64>` runs SipHash on every lookup, which was 3% of a scan when every listed
/// alternative of every token is checked for a correction or hedge word. The lexicon's word
/// sections (negations, support words, reporting verbs ...) are WordSets too.
struct WordSet: Sendable {
  private var slots = [UInt64](repeating: 0, count: 16)
  private var count = 0

  init() {}

  init(_ hashes: some Sequence<UInt64>) {
    for hash in hashes { insert(hash) }
  }

  /// The hashes in the set, in slot order.
  var members: [UInt64] { slots.filter { $0 != 0 } }

  /// 0 marks an empty slot (no word's FNV-1a is 0 in practice; a 0 would only go unfound).
  mutating func insert(_ hash: UInt64) {
    guard hash != 0, !contains(hash) else { return }
    if (count + 1) * 4 > slots.count { grow() }
    place(hash)
    count += 1
  }

  @inline(__always) func contains(_ hash: UInt64) -> Bool {
    let mask = slots.count - 1
    var slot = Int(truncatingIfNeeded: hash) & mask
    while true {
      let key = slots[slot]
      if key == hash { return hash != 0 }
      if key == 0 { return false }
      slot = (slot + 1) & mask
    }
  }

  /// Open addressing with linear probing, kept at most a quarter full.
  private mutating func place(_ hash: UInt64) {
    let mask = slots.count - 1
    var slot = Int(truncatingIfNeeded: hash) & mask
    while slots[slot] != 0 { slot = (slot + 1) & mask }
    slots[slot] = hash
  }

  private mutating func grow() {
    let old = slots
    slots = [UInt64](repeating: 0, count: old.count * 2)
    for hash in old where hash != 0 { place(hash) }
  }
}
