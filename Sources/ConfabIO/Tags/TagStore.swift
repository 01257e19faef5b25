import ConfabModel
import CSQLite
import Foundation

/// Tags in SQLite (WAL): each write is its own committed transaction before it returns, so a
/// kill -9 loses nothing that was acknowledged, and several confab processes can tag one
/// store (busy timeout, short transactions). Removal is a soft delete, so undo can restore.
public final class TagStore {
  public struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
    public var path: String
    public var message: String
    public var description: String { "\(path): \(message)" }
  }

  public static let schemaVersion: Int32 = 1
  public let path: String
  /// Why writes are refused, when the store opened read-only (newer schema, no permission).
  public private(set) var readOnlyReason: String?
  private var db: OpaquePointer?

  /// `$CONFAB_DB`, else `$XDG_DATA_HOME/confab/tags.sqlite`, else `~/.local/share/confab/tags.sqlite`.
  public static func defaultPath(environment: Environment = .process) -> String {
    if let path = environment["CONFAB_DB"], !path.isEmpty { return path }
    return ConfabDirectory.data.path(environment: environment) + "/tags.sqlite"
  }

  /// Opens (creating when needed) the store. Falls back to read-only, with the reason, when
  /// the location is not writable or the schema is newer; throws when it cannot be read at all.
  public init(path: String) throws(Failure) {
    self.path = path
    let directory = (path as NSString).deletingLastPathComponent
    if !directory.isEmpty { try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) }
    if sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, nil) != SQLITE_OK {
      let reason = db.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
      sqlite3_close(db)
      db = nil
      guard sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, nil) == SQLITE_OK else {
        sqlite3_close(db)
        throw Failure(path: path, message: "cannot open tag store: \(reason)")
      }
      readOnlyReason = "read-only location (\(reason))"
    }
    sqlite3_busy_timeout(db, 5000)
    do {
      try setUp()
    } catch {
      sqlite3_close(db)
      db = nil
      throw error
    }
  }

  deinit { sqlite3_close(db) }

  public var isReadOnly: Bool { readOnlyReason != nil }

  private func setUp() throws(Failure) {
    // A corrupt or non-SQLite file fails here with SQLite's own words.
    let version = try scalarInt("PRAGMA user_version")
    if version > Self.schemaVersion {
      readOnlyReason = "store has schema version \(version), newer than this confab's \(Self.schemaVersion): opened read-only"
      return
    }
    guard readOnlyReason == nil else { return }
    if sqlite3_db_readonly(db, "main") == 1 {
      readOnlyReason = "read-only location"
      return
    }
    _ = try? execute("PRAGMA journal_mode=WAL")
    try execute("PRAGMA synchronous=NORMAL")  // WAL + NORMAL: a process kill loses no commit
    try execute("""
      CREATE TABLE IF NOT EXISTS tags (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        transcript TEXT NOT NULL,
        source_path TEXT NOT NULL, source_line INTEGER NOT NULL, source_choice INTEGER NOT NULL,
        source_offset INTEGER NOT NULL, source_length INTEGER NOT NULL, source_format TEXT NOT NULL,
        message INTEGER NOT NULL, start INTEGER NOT NULL, end INTEGER NOT NULL,
        token_start INTEGER NOT NULL, token_end INTEGER NOT NULL,
        label TEXT NOT NULL, note TEXT NOT NULL DEFAULT '', text TEXT NOT NULL,
        created REAL NOT NULL, deleted REAL
      );
      CREATE INDEX IF NOT EXISTS tags_transcript ON tags(transcript) WHERE deleted IS NULL;
      PRAGMA user_version = \(Self.schemaVersion);
      """)
  }

  private func fail(_ what: String) -> Failure {
    Failure(path: path, message: "\(what): \(String(cString: sqlite3_errmsg(db)))")
  }

  @discardableResult
  private func execute(_ sql: String) throws(Failure) -> Int32 {
    var error: UnsafeMutablePointer<CChar>?
    let code = sqlite3_exec(db, sql, nil, nil, &error)
    if code != SQLITE_OK {
      let message = error.map { String(cString: $0) } ?? "error \(code)"
      sqlite3_free(error)
      throw Failure(path: path, message: message)
    }
    return code
  }

  private func scalarInt(_ sql: String) throws(Failure) -> Int32 {
    var statement: OpaquePointer?
    guard sqlite3_prepare_v2(db, sql, -1, &statement, nil) == SQLITE_OK else { throw fail("cannot read tag store") }
    defer { sqlite3_finalize(statement) }
    guard sqlite3_step(statement) == SQLITE_ROW else { throw fail("cannot read tag store") }
    return sqlite3_column_int(statement, 0)
  }

  private func writable() throws(Failure) {
    if let readOnlyReason { throw Failure(path: path, message: "tags are read-only: \(readOnlyReason)") }
  }

  /// Stores a tag; returns it with its id. Committed when this returns.
  @discardableResult
  public func add(_ tag: Tag) throws(Failure) -> Tag {
    try writable()
    var statement: OpaquePointer?
    let sql = """
      INSERT INTO tags (transcript, source_path, source_line, source_choice, source_offset, source_length,
        source_format, message, start, end, token_start, token_end, label, note, text, created)
      VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
      """
    guard sqlite3_prepare_v2(db, sql, -1, &statement, nil) == SQLITE_OK else { throw fail("cannot save tag") }
    defer { sqlite3_finalize(statement) }
    bind(statement, 1, tag.transcript)
    bind(statement, 2, tag.source.path)
    sqlite3_bind_int64(statement, 3, Int64(tag.source.line))
    sqlite3_bind_int64(statement, 4, Int64(tag.source.choice))
    sqlite3_bind_int64(statement, 5, Int64(tag.source.byteOffset))
    sqlite3_bind_int64(statement, 6, Int64(tag.source.byteLength))
    bind(statement, 7, tag.source.formatLabel)
    sqlite3_bind_int64(statement, 8, Int64(tag.message))
    sqlite3_bind_int64(statement, 9, Int64(tag.start))
    sqlite3_bind_int64(statement, 10, Int64(tag.end))
    sqlite3_bind_int64(statement, 11, Int64(tag.tokenStart))
    sqlite3_bind_int64(statement, 12, Int64(tag.tokenEnd))
    bind(statement, 13, tag.label)
    bind(statement, 14, tag.note)
    bind(statement, 15, tag.text)
    sqlite3_bind_double(statement, 16, tag.created)
    guard sqlite3_step(statement) == SQLITE_DONE else { throw fail("cannot save tag") }
    var saved = tag
    saved.id = sqlite3_last_insert_rowid(db)
    return saved
  }

  /// Soft-deletes a tag (undo restores it).
  public func remove(id: Int64) throws(Failure) {
    try writable()
    try run("UPDATE tags SET deleted = ? WHERE id = ?", double: Date().timeIntervalSince1970, id: id)
  }

  /// Restores a removed tag.
  public func restore(id: Int64) throws(Failure) {
    try writable()
    try run("UPDATE tags SET deleted = NULL WHERE id = ?", double: nil, id: id)
  }

  private func run(_ sql: String, double: Double?, id: Int64) throws(Failure) {
    var statement: OpaquePointer?
    guard sqlite3_prepare_v2(db, sql, -1, &statement, nil) == SQLITE_OK else { throw fail("cannot update tag") }
    defer { sqlite3_finalize(statement) }
    var index: Int32 = 1
    if let double {
      sqlite3_bind_double(statement, index, double)
      index += 1
    }
    sqlite3_bind_int64(statement, index, id)
    guard sqlite3_step(statement) == SQLITE_DONE else { throw fail("cannot update tag") }
  }

  /// How many live tags each tagged transcript has (the explorer's `]`/`[` cross into them).
  public func taggedTranscripts() throws(Failure) -> [String: Int] {
    var statement: OpaquePointer?
    let sql = "SELECT transcript, COUNT(*) FROM tags WHERE deleted IS NULL GROUP BY transcript"
    guard sqlite3_prepare_v2(db, sql, -1, &statement, nil) == SQLITE_OK else { throw fail("cannot read tags") }
    defer { sqlite3_finalize(statement) }
    var result: [String: Int] = [:]
    while true {
      let code = sqlite3_step(statement)
      if code == SQLITE_DONE { break }
      guard code == SQLITE_ROW, let text = sqlite3_column_text(statement, 0) else { throw fail("cannot read tags") }
      result[String(cString: text)] = Int(sqlite3_column_int64(statement, 1))
    }
    return result
  }

  /// Live tags, optionally of one transcript and/or some labels, in creation order.
  public func tags(transcript: String? = nil, labels: [String] = []) throws(Failure) -> [Tag] {
    var sql = """
      SELECT id, transcript, source_path, source_line, source_choice, source_offset, source_length, source_format,
        message, start, end, token_start, token_end, label, note, text, created FROM tags WHERE deleted IS NULL
      """
    if transcript != nil { sql += " AND transcript = ?" }
    if !labels.isEmpty { sql += " AND label IN (" + labels.map { _ in "?" }.joined(separator: ",") + ")" }
    sql += " ORDER BY id"
    var statement: OpaquePointer?
    guard sqlite3_prepare_v2(db, sql, -1, &statement, nil) == SQLITE_OK else { throw fail("cannot read tags") }
    defer { sqlite3_finalize(statement) }
    var index: Int32 = 1
    if let transcript {
      bind(statement, index, transcript)
      index += 1
    }
    for label in labels {
      bind(statement, index, label)
      index += 1
    }
    var result: [Tag] = []
    while true {
      let code = sqlite3_step(statement)
      if code == SQLITE_DONE { break }
      guard code == SQLITE_ROW else { throw fail("cannot read tags") }
      func text(_ column: Int32) -> String { sqlite3_column_text(statement, column).map { String(cString: $0) } ?? "" }
      func int(_ column: Int32) -> Int { Int(sqlite3_column_int64(statement, column)) }
      let (format, origin) = SourceRef.format(label: text(7))
      let source = SourceRef(path: text(2), line: int(3), byteOffset: int(5), byteLength: int(6), choice: int(4), format: format, origin: origin)
      result.append(Tag(
        id: sqlite3_column_int64(statement, 0), transcript: text(1), source: source, message: int(8),
        start: int(9), end: int(10), tokenStart: int(11), tokenEnd: int(12), label: text(13), note: text(14),
        text: text(15), created: sqlite3_column_double(statement, 16)))
    }
    return result
  }

  private func bind(_ statement: OpaquePointer?, _ index: Int32, _ value: String) {
    sqlite3_bind_text(statement, index, value, -1, csqlite_transient())
  }
}
