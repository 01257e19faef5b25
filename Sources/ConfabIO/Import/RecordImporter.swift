import ConfabModel

/// One input format. Each format lives in its own file and is listed in `Importers.all`.
public protocol RecordImporter: Sendable {
  /// The format it reads, stored in `SourceRef.format`.
  var format: Format { get }
  /// One line for `confab formats`.
  var summary: String { get }
  /// How sure this importer is that a parsed record is in its format, from the record alone
  /// (content, never the file name). The strongest claim wins; a tie at the top is a bug.
  func claim(_ root: JSONValue) -> Claim
  /// The transcripts in one record. `source` arrives with `choice` 0 and the format's name.
  func transcripts(from root: JSONValue, source: SourceRef) throws(RecordError) -> [Transcript]
}

extension RecordImporter {
  /// The stable name `confab formats` prints.
  public var name: String { format.rawValue }
}

/// An importer's confidence that a record is its format.
public enum Claim: Int, Comparable, Sendable {
  /// Not this format's shape.
  case none
  /// A generic shape other formats share (e.g. a bare `messages` list).
  case weak
  /// A field or combination that only this format has.
  case strong

  public static func < (a: Claim, b: Claim) -> Bool { a.rawValue < b.rawValue }

  /// Strong when `condition` holds; none otherwise.
  static func strong(if condition: Bool) -> Claim { condition ? .strong : .none }
}

public enum Importers {
  /// Every record format, in the order `confab formats` lists them (order never decides).
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
    VLLMOfflineImporter(),
    SGLangImporter(),
    HELMImporter(),
    MLXImporter(),
    RolloutVizImporter(),
    PlainChatImporter(),
  ]

  /// Every importer's claim on a record, strongest first.
  public static func claims(_ root: JSONValue) -> [(importer: any RecordImporter, claim: Claim)] {
    all.map { ($0, $0.claim(root)) }.filter { $0.claim != .none }.sorted { $0.claim > $1.claim }
  }

  /// The importer with the strongest claim; throws when nothing claims the record or two
  /// importers claim it equally.
  public static func importer(for root: JSONValue) throws(RecordError) -> any RecordImporter {
    let ranked = claims(root)
    guard let best = ranked.first else {
      let keys = root.kind == .object ? root.keys.prefix(6).joined(separator: ", ") : "\(root.kind)"
      throw RecordError("no known format matches this record (top-level: \(keys))")
    }
    if ranked.count > 1, ranked[1].claim == best.claim {
      let names = ranked.prefix { $0.claim == best.claim }.map(\.importer.name).joined(separator: ", ")
      throw RecordError("ambiguous record: \(names) all claim it equally")
    }
    return best.importer
  }

  /// Imports one parsed record with the format that claims it most strongly.
  public static func transcripts(from root: JSONValue, source: SourceRef) throws(RecordError) -> [Transcript] {
    let importer = try importer(for: root)
    var located = source
    located.format = importer.format
    return try importer.transcripts(from: root, source: located)
  }
}
