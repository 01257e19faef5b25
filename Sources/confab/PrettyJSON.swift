/// Pretty JSON with sorted keys, written by hand for scan's rows: the same text JSONEncoder
/// writes (`"key" : value`, two-space indents, nil fields left out) at a fraction of its cost,
/// which was 52 µs a row on a million small records.
enum PrettyJSON {
  indirect enum Value {
    case string(String)
    case int(Int)
    case number(Double?)
    case bool(Bool)
    case array([Value])
    case object([(String, Value?)])
  }

  static func render(_ value: Value, indent: Int = 0) -> String {
    var out: [UInt8] = []
    write(value, indent: indent, into: &out)
    return String(decoding: out, as: UTF8.self)
  }

  /// Appends the UTF-8 text of `value` (bytes, not String: per-scalar String appends were
  /// most of the cost).
  static func write(_ value: Value, indent: Int, into out: inout [UInt8]) {
    switch value {
    case .string(let text): quote(text, into: &out)
    case .int(let number): out += String(number).utf8
    case .number(let number): out += (number.map(text) ?? "null").utf8
    case .bool(let flag): out += (flag ? "true" : "false").utf8
    case .array(let items):
      guard !items.isEmpty else { return out += "[]".utf8 }
      out += "[\n".utf8
      for (index, item) in items.enumerated() {
        out += repeatElement(UInt8(ascii: " "), count: indent + 2)
        write(item, indent: indent + 2, into: &out)
        out += (index == items.count - 1 ? "\n" : ",\n").utf8
      }
      out += repeatElement(UInt8(ascii: " "), count: indent)
      out.append(UInt8(ascii: "]"))
    case .object(let fields):
      let present = fields.compactMap { key, value in value.map { (key, $0) } }.sorted { $0.0 < $1.0 }
      guard !present.isEmpty else {
        out += "{\n\n".utf8
        out += repeatElement(UInt8(ascii: " "), count: indent)
        out.append(UInt8(ascii: "}"))
        return
      }
      out += "{\n".utf8
      for (index, (key, field)) in present.enumerated() {
        out += repeatElement(UInt8(ascii: " "), count: indent + 2)
        quote(key, into: &out)
        out += " : ".utf8
        write(field, indent: indent + 2, into: &out)
        out += (index == present.count - 1 ? "\n" : ",\n").utf8
      }
      out += repeatElement(UInt8(ascii: " "), count: indent)
      out.append(UInt8(ascii: "}"))
    }
  }

  /// As JSONEncoder writes a Double: integral values without a fraction, non-finite ones as
  /// the strings scan's encoder is configured with.
  private static func text(_ number: Double) -> String {
    if number.isNaN { return "\"NaN\"" }
    if number.isInfinite { return number < 0 ? "\"-Infinity\"" : "\"Infinity\"" }
    if number == number.rounded(), abs(number) < 1e15 { return String(Int(number)) }
    return String(number)
  }

  private static func quote(_ text: String, into out: inout [UInt8]) {
    out.append(UInt8(ascii: "\""))
    for byte in text.utf8 {
      switch byte {
      case UInt8(ascii: "\""): out += #"\""#.utf8
      case UInt8(ascii: "\\"): out += #"\\"#.utf8
      case 0x0A: out += #"\n"#.utf8
      case 0x0D: out += #"\r"#.utf8
      case 0x09: out += #"\t"#.utf8
      case 0x08: out += #"\b"#.utf8
      case 0x0C: out += #"\f"#.utf8
      case 0..<0x20:
        let hex = String(byte, radix: 16)
        out += #"\u"#.utf8
        out += repeatElement(UInt8(ascii: "0"), count: 4 - hex.utf8.count)
        out += hex.utf8
      default: out.append(byte)
      }
    }
    out.append(UInt8(ascii: "\""))
  }
}
