import ConfabModel
import CSimdjson

/// Why a JSON text did not parse, in simdjson's words.
public struct JSONParseError: Error, Sendable, Equatable, CustomStringConvertible {
  public let message: String
  public var description: String { message }
}

/// A simdjson DOM parser. Not thread-safe: give each thread its own.
public final class JSONParser {
  private let handle: OpaquePointer

  /// Bytes past the end of the input that simdjson may read; allocate them to parse in place.
  public static let padding = Int(cj_padding())

  public init() {
    guard let parser = cj_parser_new() else { fatalError("out of memory creating a JSON parser") }
    handle = parser
  }

  deinit { cj_parser_free(handle) }

  /// The one-pass reader that takes plain chat records before this parser does: one per
  /// parser, so one per thread as well.
  public private(set) lazy var chatRecords = ChatRecordReader()

  /// Parses `bytes` and hands the root value to `body`. The value borrows the parser's
  /// buffers, so it must not escape `body`.
  /// Bare NaN/Infinity (Python's json) are accepted unless `allowNonFinite` is false.
  public func parse<R>(
    _ bytes: UnsafeRawBufferPointer, capacity: Int? = nil, allowNonFinite: Bool = true, _ body: (JSONValue) throws -> R
  ) throws -> R {
    var tape: UnsafePointer<UInt64>?
    var strings: UnsafePointer<UInt8>?
    let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self)
    let code = withUnsafeTemporaryEmptyIfNil(base) { pointer in
      cj_parse(handle, pointer, bytes.count, capacity ?? bytes.count, &tape, &strings)
    }
    guard code == 0, let tape, let strings else {
      if allowNonFinite, var fixed = JSONDialect.sanitizeNonFinite(bytes) {
        fixed += [UInt8](repeating: 0, count: Self.padding)
        return try fixed.withUnsafeBytes { raw in
          try parse(UnsafeRawBufferPointer(rebasing: raw[0..<(raw.count - Self.padding)]), capacity: raw.count, allowNonFinite: false, body)
        }
      }
      throw JSONParseError(message: String(cString: cj_error_message(code)))
    }
    return try body(JSONValue(tape: tape, strings: strings, index: 1))
  }

  /// Parses an owned byte array, adding the zeroed padding simdjson reads past the end.
  public func parse<R>(_ bytes: [UInt8], _ body: (JSONValue) throws -> R) throws -> R {
    var padded = bytes
    padded.append(contentsOf: repeatElement(0, count: Self.padding))
    return try padded.withUnsafeBytes { raw in
      try parse(UnsafeRawBufferPointer(rebasing: raw[0..<bytes.count]), capacity: raw.count, body)
    }
  }

  private func withUnsafeTemporaryEmptyIfNil<R>(
    _ pointer: UnsafePointer<UInt8>?, _ body: (UnsafePointer<UInt8>) -> R
  ) -> R {
    if let pointer { return body(pointer) }
    var empty: UInt8 = 0
    return withUnsafePointer(to: &empty) { body($0) }
  }
}
