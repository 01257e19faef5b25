import CSQLite
import ConfabModel
import Foundation

/// simonw/llm's `logs.db` (SQLite), opened read-only. llm up to 0.31 logs each prompt as a
/// row of `responses` (`prompt`, `system`, `model`, `response_json`); 0.32 logs `turns`
/// (`response_json`, the prompt's text in `turn_search`). Both are read, a turn whose id is
/// also a response once. A transcript's SourceRef holds the row: `line` its ordinal among the
/// rows read, `byteOffset` its rowid, `byteLength` the table (0 responses, 1 turns).
enum LLMLogsFile {
  static let format = Format.llmLogs

  private enum Table: Int, CaseIterable {
    case responses = 0, turns = 1

    /// Columns: rowid, id, model, system, prompt, response_json.
    var select: String {
      switch self {
      case .responses:
        return "SELECT rowid, id, model, system, prompt, response_json FROM responses"
      case .turns:
        return "SELECT turns.rowid, turns.id, turns.model, NULL, turn_search.prompt, turns.response_json "
          + "FROM turns LEFT JOIN turn_search ON turn_search.turn_id = turns.id"
      }
    }
    var rowid: String { self == .responses ? "rowid" : "turns.rowid" }
    var required: (table: String, column: String) { self == .responses ? ("responses", "response_json") : ("turns", "response_json") }
  }

  static func scan(path: String, parser: JSONParser, _ body: (RecordFile.Outcome) -> Bool) {
    let database: Database
    do { database = try Database(path: path) } catch {
      _ = body(.problem(error))
      return
    }
    let tables = Table.allCases.filter { database.hasColumn($0.required.table, $0.required.column) && (database.hasTable("turn_search") || $0 == .responses) }
    if tables.isEmpty {
      _ = body(.problem(ImportProblem(path: path, line: nil, message: "SQLite database without llm's responses or turns table: not an llm logs.db")))
      return
    }
    var ordinal = 0
    var seen: Set<String> = []
    var withoutLogprobs = 0
    for table in tables {
      let failure = database.each(table.select + " ORDER BY \(table.rowid)") { row in
        ordinal += 1
        guard seen.insert(row.id).inserted else { return true }
        let source = SourceRef(path: path, line: ordinal, byteOffset: Int(row.rowid), byteLength: table.rawValue, choice: 0, format: format)
        guard let outcome = importRow(row, source: source, parser: parser) else {
          withoutLogprobs += 1
          return true
        }
        return body(outcome)
      }
      if let failure {
        _ = body(.problem(ImportProblem(path: path, line: nil, message: failure)))
        return
      }
    }
    if ordinal > 0 && withoutLogprobs == ordinal {
      _ = body(.problem(ImportProblem(path: path, line: nil, message:
        "none of its \(ordinal) logged responses holds logprobs (llm records them for completion models run with -o logprobs N)")))
    }
  }

  static func load(_ source: SourceRef, parser: JSONParser) throws(ImportProblem) -> Transcript {
    let database = try Database(path: source.path)
    guard let table = Table(rawValue: source.byteLength) else {
      throw ImportProblem(path: source.path, line: source.line, message: "not a logs.db row reference")
    }
    var found: RecordFile.Outcome?
    let failure = database.each(table.select + " WHERE \(table.rowid) = \(source.byteOffset)") { row in
      found = importRow(row, source: source, parser: parser)
      return false
    }
    if let failure { throw ImportProblem(path: source.path, line: source.line, message: failure) }
    switch found {
    case .transcripts(let transcripts)?:
      if let first = transcripts.first { return first }
    case .problem(let problem)?: throw problem
    default: break
    }
    throw ImportProblem(path: source.path, line: source.line, message: "file changed: logged response no longer there")
  }

  private static func importRow(_ row: Database.Row, source: SourceRef, parser: JSONParser) -> RecordFile.Outcome? {
    guard let json = row.responseJSON, !json.isEmpty else { return nil }
    do {
      return try parser.parse(json) { root -> RecordFile.Outcome? in
        do {
          let fields = LLMLogsResponse.Row(id: row.id, model: row.model, system: row.system, prompt: row.prompt)
          return try LLMLogsResponse.transcript(fields, json: root, source: source).map { .transcripts([$0]) }
        } catch let error as RecordError {
          return .problem(ImportProblem(path: source.path, line: source.line, field: error.field, message: error.message + " (response \(row.id))"))
        }
      }
    } catch {
      return .problem(ImportProblem(path: source.path, line: source.line, field: "response_json", message: "invalid JSON: \(error) (response \(row.id))"))
    }
  }

  /// The few SQLite calls a read-only walk over rows needs.
  private final class Database {
    struct Row {
      var rowid: Int64
      var id: String
      var model: String?
      var system: String?
      var prompt: String?
      var responseJSON: [UInt8]?
    }

    private var handle: OpaquePointer?

    init(path: String) throws(ImportProblem) {
      // Read-only: an input file is never written.
      guard sqlite3_open_v2(path, &handle, SQLITE_OPEN_READONLY, nil) == SQLITE_OK else {
        let reason = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
        sqlite3_close(handle)
        throw ImportProblem(path: path, line: nil, message: "cannot open SQLite database: \(reason)")
      }
      // A writer (llm logging meanwhile) holds its lock for milliseconds; a file that stays
      // busy (a damaged one whose journal needs a recovery a read-only open cannot do) is
      // reported after a short wait, not two seconds.
      sqlite3_busy_timeout(handle, 100)
    }

    deinit { sqlite3_close(handle) }

    func hasTable(_ name: String) -> Bool {
      var found = false
      _ = query("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '\(name)'") { _ in
        found = true
        return false
      }
      return found
    }

    func hasColumn(_ table: String, _ column: String) -> Bool {
      var found = false
      _ = query("SELECT name FROM pragma_table_info('\(table)')") { statement in
        found = Self.text(statement, 0) == column
        return !found
      }
      return found
    }

    /// Calls `body` per row until it returns false; SQLite's words when the query fails.
    func each(_ sql: String, _ body: (Row) -> Bool) -> String? {
      query(sql) { statement in
        let row = Row(
          rowid: sqlite3_column_int64(statement, 0), id: Self.text(statement, 1) ?? "", model: Self.text(statement, 2),
          system: Self.text(statement, 3), prompt: Self.text(statement, 4), responseJSON: Self.bytes(statement, 5))
        return body(row)
      }
    }

    private func query(_ sql: String, _ body: (OpaquePointer) -> Bool) -> String? {
      var statement: OpaquePointer?
      guard sqlite3_prepare_v2(handle, sql, -1, &statement, nil) == SQLITE_OK, let statement else {
        return String(cString: sqlite3_errmsg(handle))
      }
      defer { sqlite3_finalize(statement) }
      while true {
        let code = sqlite3_step(statement)
        if code == SQLITE_DONE { return nil }
        guard code == SQLITE_ROW else { return String(cString: sqlite3_errmsg(handle)) }
        if !body(statement) { return nil }
      }
    }

    private static func bytes(_ statement: OpaquePointer, _ column: Int32) -> [UInt8]? {
      guard sqlite3_column_type(statement, column) != SQLITE_NULL, let text = sqlite3_column_text(statement, column) else { return nil }
      return Array(UnsafeBufferPointer(start: text, count: Int(sqlite3_column_bytes(statement, column))))
    }

    private static func text(_ statement: OpaquePointer, _ column: Int32) -> String? {
      bytes(statement, column).map { String(decoding: $0, as: UTF8.self) }
    }
  }
}
