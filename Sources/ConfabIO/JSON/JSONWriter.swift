import ConfabModel

/// Minimal JSON text output for confab's own format: exact strings, shortest round-trip
/// numbers, and a serializer for parsed values (to keep foreign objects verbatim).
public enum JSONWriter {
  public static func string(_ text: String, into out: inout String) {
    out.append("\"")
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out.append("\\\"")
      case "\\": out.append("\\\\")
      case "\n": out.append("\\n")
      case "\r": out.append("\\r")
      case "\t": out.append("\\t")
      default:
        if scalar.value < 0x20 {
          let hex = String(scalar.value, radix: 16)
          out.append("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    out.append("\"")
  }

  /// A raw logprob: shortest round-trip decimal; non-finite values as strings so nothing is lost.
  public static func number(_ value: Double?, into out: inout String) {
    guard let value else { out.append("null"); return }
    if value.isNaN { out.append("\"NaN\""); return }
    if value.isInfinite { out.append(value < 0 ? "\"-Infinity\"" : "\"Infinity\""); return }
    if value == value.rounded() && abs(value) < 1e15 { out.append(String(Int64(value))); return }
    out.append(String(value))
  }

  /// Re-serializes a parsed value.
  public static func value(_ value: JSONValue, into out: inout String) {
    switch value.kind {
    case .null: out.append("null")
    case .bool: out.append(value.bool == true ? "true" : "false")
    case .number:
      if let int = value.int, value.double == Double(int) { out.append(String(int)) } else { number(value.double, into: &out) }
    case .string: string(value.string ?? "", into: &out)
    case .array:
      out.append("[")
      for (index, element) in value.elements.enumerated() {
        if index > 0 { out.append(",") }
        self.value(element, into: &out)
      }
      out.append("]")
    case .object:
      out.append("{")
      var first = true
      value.forEachMember { key, member in
        if !first { out.append(",") }
        first = false
        string(String(decoding: key, as: UTF8.self), into: &out)
        out.append(":")
        self.value(member, into: &out)
        return true
      }
      out.append("}")
    }
  }
}
