import ConfabModel

/// One input format. Each format lives in its own file and is listed in `Importers.all`.
public protocol RecordImporter: Sendable {
  /// Stable name shown by `confab formats` and stored in `SourceRef.format`.
  var name: String { get }
  /// One line for `confab formats`.
  var summary: String { get }
  /// Whether a parsed record has this format's shape (content-based, never by file name).
  func matches(_ root: JSONValue) -> Bool
  /// The transcripts in one record. `source` arrives with `choice` 0 and the format's name.
  func transcripts(from root: JSONValue, source: SourceRef) throws(RecordError) -> [Transcript]
}

public enum Importers {
  /// Most specific first: the first importer whose `matches` accepts a record wins.
  public static let all: [any RecordImporter] = [
    ConfabImporter(),
    InspectImporter(),
    CompletionsImporter(),
    OpenAIChatImporter(),
    ResponsesImporter(),
    LlamaCppImporter(),
    TGIImporter(),
    OllamaImporter(),
    GeminiImporter(),
    PlainChatImporter(),
  ]

  public static func importer(for root: JSONValue) -> (any RecordImporter)? {
    all.first { $0.matches(root) }
  }

  /// Imports one parsed record with whichever format matches it.
  public static func transcripts(from root: JSONValue, source: SourceRef) throws(RecordError) -> [Transcript] {
    guard let importer = importer(for: root) else {
      let keys = root.kind == .object ? root.keys.prefix(6).joined(separator: ", ") : "\(root.kind)"
      throw RecordError("no known format matches this record (top-level: \(keys))")
    }
    var located = source
    located.format = importer.name
    return try importer.transcripts(from: root, source: located)
  }
}
