import ConfabModel

/// Python's json module (Inspect logs, hand-saved transformers output) writes bare `NaN`,
/// `Infinity` and `-Infinity`, which are not JSON. When a parse fails, confab rewrites those
/// tokens outside strings (NaN → null, ±Infinity → ±1e308, which the logprob rules read as
/// "impossible/unknown") and tries once more.
enum JSONDialect {
  /// A sanitized copy, or nil when the text holds no such token.
  static func sanitizeNonFinite(_ bytes: UnsafeRawBufferPointer) -> [UInt8]? {
    var out: [UInt8] = []
    var changed = false
    var inString = false
    var escaped = false
    var index = 0
    let count = bytes.count
    out.reserveCapacity(count + 16)
    func matches(_ word: StaticString, at position: Int) -> Bool {
      let length = word.utf8CodeUnitCount
      guard position + length <= count else { return false }
      for offset in 0..<length where bytes[position + offset] != word.utf8Start[offset] { return false }
      // Not part of a longer identifier.
      if position + length < count {
        let next = bytes[position + length]
        if (next >= 0x41 && next <= 0x5A) || (next >= 0x61 && next <= 0x7A) { return false }
      }
      return true
    }
    while index < count {
      let byte = bytes[index]
      if inString {
        out.append(byte)
        if escaped { escaped = false } else if byte == 0x5C { escaped = true } else if byte == 0x22 { inString = false }
        index += 1
        continue
      }
      if byte == 0x22 {
        inString = true
      } else if byte == 0x4E, matches("NaN", at: index) {
        out += Array("null".utf8)
        index += 3
        changed = true
        continue
      } else if byte == 0x49, matches("Infinity", at: index) {
        out += Array("1e308".utf8)
        index += 8
        changed = true
        continue
      }
      out.append(byte)
      index += 1
    }
    return changed ? out : nil
  }
}
