import ConfabModel
import ConfabTUI
import Foundation

/// What every command's report shares: table cells, CSV quoting, the pretty JSON encoder,
/// and problems as JSON rows.
enum ReportText {
  /// `text` in a column `width` terminal cells wide (wide characters take two, as in the
  /// explorer), cut with one space before the next column.
  static func cell(_ text: String, _ width: Int) -> String {
    if text.utf8.allSatisfy({ $0 < 0x80 }) {
      let count = text.utf8.count
      return count >= width ? String(text.prefix(width - 1)) + " " : text + String(repeating: " ", count: width - count)
    }
    return DisplayWidth.of(text) >= width ? DisplayWidth.pad(text, to: width - 1) + " " : DisplayWidth.pad(text, to: width)
  }

  /// A CSV field: quoted, inner quotes doubled; nil is an empty field.
  static func csvQuoted(_ text: String?) -> String { "\"" + (text ?? "").replacingOccurrences(of: "\"", with: "\"\"") + "\"" }

  /// Pretty, sorted keys, slashes as is, non-finite numbers as strings.
  static let encoder: JSONEncoder = {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
    return encoder
  }()

  static func json(_ value: some Encodable) throws -> String { String(decoding: try encoder.encode(value), as: UTF8.self) }

  /// A problem as reports write it (and shard files carry it to the merge).
  struct Problem: Codable, Equatable {
    var path: String
    var line: Int?
    var field: String?
    var message: String

    init(_ problem: ImportProblem) {
      path = problem.path
      line = problem.line
      field = problem.field
      message = problem.message
    }

    var importProblem: ImportProblem { ImportProblem(path: path, line: line, field: field, message: message) }
  }
}
