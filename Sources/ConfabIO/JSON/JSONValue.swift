#if canImport(Glibc)
import ConfabModel
import Glibc
#endif

/// A value on a simdjson tape (see simdjson's doc/tape.md). Borrowed: valid only while the
/// parser that produced it has not parsed again.
public struct JSONValue {
  let tape: UnsafePointer<UInt64>
  let strings: UnsafePointer<UInt8>
  let index: Int

  public enum Kind: Equatable, Sendable { case object, array, string, number, bool, null }

  private var word: UInt64 { tape[index] }
  private var tag: UInt8 { UInt8(truncatingIfNeeded: word >> 56) }
  private var payload: Int { Int(truncatingIfNeeded: word & 0x00FF_FFFF_FFFF_FFFF) }

  public var kind: Kind {
    switch tag {
    case UInt8(ascii: "{"): return .object
    case UInt8(ascii: "["): return .array
    case UInt8(ascii: "\""): return .string
    case UInt8(ascii: "t"), UInt8(ascii: "f"): return .bool
    case UInt8(ascii: "n"): return .null
    default: return .number
    }
  }

  public var isNull: Bool { tag == UInt8(ascii: "n") }

  /// Tape index just past this value.
  var end: Int {
    switch tag {
    case UInt8(ascii: "{"), UInt8(ascii: "["): return Int(truncatingIfNeeded: word & 0xFFFF_FFFF)
    case UInt8(ascii: "l"), UInt8(ascii: "u"), UInt8(ascii: "d"): return index + 2
    default: return index + 1
    }
  }

  /// The raw UTF-8 of a string value (not NUL-terminated; may contain NUL).
  public var stringBytes: UnsafeBufferPointer<UInt8>? {
    guard tag == UInt8(ascii: "\"") else { return nil }
    let start = strings + payload
    let length = UInt32(start[0]) | UInt32(start[1]) << 8 | UInt32(start[2]) << 16 | UInt32(start[3]) << 24
    return UnsafeBufferPointer(start: start + 4, count: Int(length))
  }

  public var string: String? { stringBytes.map { String(decoding: $0, as: UTF8.self) } }

  public var double: Double? {
    switch tag {
    case UInt8(ascii: "d"): return Double(bitPattern: tape[index + 1])
    case UInt8(ascii: "l"): return Double(Int64(bitPattern: tape[index + 1]))
    case UInt8(ascii: "u"): return Double(tape[index + 1])
    default: return nil
    }
  }

  public var int: Int? {
    switch tag {
    case UInt8(ascii: "l"): return Int(Int64(bitPattern: tape[index + 1]))
    case UInt8(ascii: "u"): return tape[index + 1] <= UInt64(Int.max) ? Int(tape[index + 1]) : nil
    case UInt8(ascii: "d"):
      let value = Double(bitPattern: tape[index + 1])
      return value.rounded() == value && abs(value) < 9e15 ? Int(value) : nil
    default: return nil
    }
  }

  public var bool: Bool? {
    switch tag {
    case UInt8(ascii: "t"): return true
    case UInt8(ascii: "f"): return false
    default: return nil
    }
  }

  /// Array elements in order; empty for anything that is not an array.
  public var elements: [JSONValue] {
    guard tag == UInt8(ascii: "[") else { return [] }
    var result: [JSONValue] = []
    var cursor = index + 1
    let stop = end - 1
    while cursor < stop {
      let element = JSONValue(tape: tape, strings: strings, index: cursor)
      result.append(element)
      cursor = element.end
    }
    return result
  }

  /// The array element at `position` (nil past the end, or for anything that is not an array),
  /// found by hopping over the ones before it: for reading short fixed-shape arrays (confab
  /// JSONL's `[text, logprob, ...]` tokens) without building an array of their elements.
  public func element(_ position: Int) -> JSONValue? {
    guard tag == UInt8(ascii: "["), position >= 0 else { return nil }
    var cursor = index + 1
    let stop = end - 1
    var at = 0
    while cursor < stop {
      let element = JSONValue(tape: tape, strings: strings, index: cursor)
      if at == position { return element }
      cursor = element.end
      at += 1
    }
    return nil
  }

  /// Calls `body` for each array element in order, stopping early when it returns false;
  /// nothing for anything that is not an array. No array is built (`elements` allocates one).
  public func forEachElement(_ body: (JSONValue) -> Bool) {
    guard tag == UInt8(ascii: "[") else { return }
    var cursor = index + 1
    let stop = end - 1
    while cursor < stop {
      let element = JSONValue(tape: tape, strings: strings, index: cursor)
      guard body(element) else { return }
      cursor = element.end
    }
  }

  /// `transform` of each array element with its index, stopping at the first error; empty for
  /// anything that is not an array.
  public func mapElements<T, E: Error>(_ transform: (JSONValue, Int) throws(E) -> T) throws(E) -> [T] {
    var result: [T] = []
    result.reserveCapacity(count)
    var failure: E?
    var index = 0
    forEachElement { element in
      do throws(E) {
        result.append(try transform(element, index))
        index += 1
        return true
      } catch {
        failure = error
        return false
      }
    }
    if let failure { throw failure }
    return result
  }

  /// Elements of an array or members of an object (simdjson counts them while parsing; it
  /// saturates at 0xFFFFFF, so this is a capacity hint for huge ones); 0 for a scalar.
  public var count: Int {
    guard tag == UInt8(ascii: "[") || tag == UInt8(ascii: "{") else { return 0 }
    return Int(truncatingIfNeeded: (word >> 32) & 0xFF_FFFF)
  }

  /// Calls `body` for each object member in order, stopping early when it returns false.
  public func forEachMember(_ body: (UnsafeBufferPointer<UInt8>, JSONValue) -> Bool) {
    guard tag == UInt8(ascii: "{") else { return }
    var cursor = index + 1
    let stop = end - 1
    while cursor < stop {
      let key = JSONValue(tape: tape, strings: strings, index: cursor)
      let value = JSONValue(tape: tape, strings: strings, index: cursor + 1)
      guard let keyBytes = key.stringBytes, body(keyBytes, value) else { return }
      cursor = value.end
    }
  }

  /// The member named `key`, or nil when absent or when this is not an object.
  public subscript(key: StaticString) -> JSONValue? {
    guard tag == UInt8(ascii: "{") else { return nil }
    let wanted = key.utf8Start
    let wantedCount = key.utf8CodeUnitCount
    var cursor = index + 1
    let stop = end - 1
    while cursor < stop {
      let name = JSONValue(tape: tape, strings: strings, index: cursor)
      let value = JSONValue(tape: tape, strings: strings, index: cursor + 1)
      if let bytes = name.stringBytes, bytes.count == wantedCount,
        wantedCount == 0 || memcmp(bytes.baseAddress!, wanted, wantedCount) == 0
      {
        return value
      }
      cursor = value.end
    }
    return nil
  }

  /// The member named `key` unless it is absent or JSON null.
  public func present(_ key: StaticString) -> JSONValue? {
    guard let value = self[key], !value.isNull else { return nil }
    return value
  }

  /// Member names, for messages and format detection.
  public var keys: [String] {
    var names: [String] = []
    forEachMember { name, _ in names.append(String(decoding: name, as: UTF8.self)); return true }
    return names
  }

  /// Calls `body` with the bytes of an array of integers 0...255, decoded into a temporary
  /// buffer (no array made); nil if malformed. Long arrays go through `byteArray`.
  public func withByteArray<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R? {
    guard tag == UInt8(ascii: "[") else { return nil }
    let values = (end - 1 - (index + 1)) / 2
    guard values <= 64 else { return byteArray.map { $0.withUnsafeBufferPointer(body) } }
    return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 64) { buffer -> R? in
      var cursor = index + 1
      var count = 0
      while cursor < end - 1 {
        let kind = UInt8(truncatingIfNeeded: tape[cursor] >> 56)
        guard kind == UInt8(ascii: "l") || kind == UInt8(ascii: "u") else { return nil }
        let value = tape[cursor + 1]
        guard value <= 255 else { return nil }
        buffer[count] = UInt8(value)
        count += 1
        cursor += 2
      }
      return body(UnsafeBufferPointer(rebasing: buffer[0..<count]))
    }
  }

  /// Byte values of an array of integers 0...255 (OpenAI/llama.cpp `bytes`); nil if malformed.
  public var byteArray: [UInt8]? {
    guard tag == UInt8(ascii: "[") else { return nil }
    var result: [UInt8] = []
    var cursor = index + 1
    let stop = end - 1
    result.reserveCapacity((stop - cursor) / 2)
    while cursor < stop {
      // Only integer tape words qualify; each takes two tape slots.
      let word = tape[cursor]
      let kind = UInt8(truncatingIfNeeded: word >> 56)
      guard kind == UInt8(ascii: "l") || kind == UInt8(ascii: "u") else { return nil }
      let value = tape[cursor + 1]
      guard value <= 255 else { return nil }
      result.append(UInt8(value))
      cursor += 2
    }
    return result
  }
}
