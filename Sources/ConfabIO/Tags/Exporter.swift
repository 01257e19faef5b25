import ConfabModel
import Foundation

/// Turns tags into records that carry the distribution with them (docs/export.md).
public enum ExportFormat: String, Sendable, CaseIterable {
  case json, jsonl, prodigy
  /// One rollout_viz line per tagged transcript, the tags as its annotations (RolloutVizWriter).
  case rolloutViz = "rollout-viz"
}

public struct ExportFormatError: Error, CustomStringConvertible {
  public var message: String
  public var description: String { message }
}

public struct ExportedToken: Encodable, Sendable {
  public var index: Int
  public var text: String
  /// Raw bytes, only when the token is not valid UTF-8 on its own.
  public var bytes: [UInt8]?
  public var logprob: Double?
  public var rank: Int?
  /// The rank in the whole vocabulary, when the file records it (vLLM).
  public var vocab_rank: Int?
  public var entropy_bound: Double?
  public var correction_pressure: Double
  public var hedge_pressure: Double
  /// The token's id in the model's vocabulary, when the file has it.
  public var id: Int?
  /// Present (true) only for a special token (end of text and the like).
  public var special: Bool?
  public var top: [ExportedAlternative]
}

public struct ExportedAlternative: Encodable, Sendable {
  public var text: String
  public var bytes: [UInt8]?
  public var logprob: Double?
}

/// What made the markers and events: the version, thresholds and lexicon, so a span's figures
/// can be reproduced.
public struct ExportProvenance: Encodable, Sendable, Equatable {
  public struct Thresholds: Encodable, Sendable, Equatable {
    public var high_entropy: Double
    public var unlikely: Double
    public var near_miss_pressure: Double
    public var near_miss_window: Int
    public var unbacked_probability: Double
    public var performative_entropy: Double
    public var competing_answer: Double
    public var marker_window: Int
  }

  public struct LexiconInfo: Encodable, Sendable, Equatable {
    public var entries: Int
    public var fingerprint: String
    /// Lexicon files added to the built-in one (--lexicon, the config directory's).
    public var files: [String]
  }

  public var confab_version: String
  public var thresholds: Thresholds
  public var lexicon: LexiconInfo

  public init(analyzer: Analyzer) {
    confab_version = Release.version
    let t = analyzer.thresholds
    thresholds = Thresholds(
      high_entropy: t.highEntropy, unlikely: t.unlikely, near_miss_pressure: t.nearMissPressure, near_miss_window: t.nearMissWindow,
      unbacked_probability: t.unbackedProbability, performative_entropy: t.performativeEntropy, competing_answer: t.competingAnswer,
      marker_window: t.markerWindow)
    lexicon = LexiconInfo(entries: analyzer.detector.lexicon.entries.count, fingerprint: analyzer.detector.lexicon.fingerprint,
                          files: analyzer.detector.lexicon.addedFiles)
  }
}

/// A message before the tagged one, as the export carries it: what the model was answering.
public struct ExportedMessage: Encodable, Sendable {
  public var role: String
  public var channel: String
  public var text: String
}

/// A transcript's stored `params` (sampler settings, seed), passed through as JSON.
public struct RawJSON: Encodable, Sendable {
  public var text: String

  public func encode(to encoder: Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(JSONTree(text))
  }
}

/// A JSON value parsed from text, re-encodable by JSONEncoder.
indirect enum JSONTree: Encodable, Sendable {
  case null, bool(Bool), number(Double), string(String), array([JSONTree]), object([String: JSONTree])

  init(_ text: String) {
    let parsed = try? JSONParser().parse(Array(text.utf8)) { JSONTree(value: $0) }
    self = parsed ?? .string(text)
  }

  init(value: JSONValue) {
    switch value.kind {
    case .null: self = .null
    case .bool: self = .bool(value.bool ?? false)
    case .number: self = .number(value.double ?? 0)
    case .string: self = .string(value.string ?? "")
    case .array: self = .array(value.elements.map(JSONTree.init(value:)))
    case .object:
      var fields: [String: JSONTree] = [:]
      value.forEachMember { key, field in
        fields[String(decoding: key, as: UTF8.self)] = JSONTree(value: field)
        return true
      }
      self = .object(fields)
    }
  }

  func encode(to encoder: Encoder) throws {
    var container = encoder.singleValueContainer()
    switch self {
    case .null: try container.encodeNil()
    case .bool(let value): try container.encode(value)
    case .number(let value):
      if value == value.rounded(), abs(value) < 1e15 { try container.encode(Int64(value)) } else { try container.encode(value) }
    case .string(let value): try container.encode(value)
    case .array(let values): try container.encode(values)
    case .object(let fields): try container.encode(fields)
    }
  }
}

public struct ExportRecord: Encodable, Sendable {
  public struct Source: Encodable, Sendable {
    public var path: String
    public var line: Int
    public var choice: Int
    public var format: String
  }

  public struct Summary: Encodable, Sendable {
    public var mean_logprob: Double?
    public var min_logprob: Double?
    public var max_entropy_bound: Double?
  }

  public var tag_id: Int64
  public var transcript: String
  public var source: Source
  public var model: String?
  public var prompt_id: String?
  public var sample: Int?
  public var message: Int
  public var role: String?
  public var channel: String?
  public var start: Int
  public var end: Int
  public var token_start: Int
  public var token_end: Int
  public var text: String
  public var label: String
  public var note: String
  public var created: String
  public var markers: [Marker]
  /// nil when the source transcript could not be found (moved or changed file).
  public var tokens: [ExportedToken]?
  public var summary: Summary?
  /// The whole message's text: `text` is `message_text[start:end]`.
  public var messageText: String?
  /// Every message before the tagged one.
  public var prompt: [ExportedMessage]?
  /// The transcript's stored sampler settings and seed, as the file had them.
  public var params: RawJSON?
  public var analysis: ExportProvenance?
  /// A converted transcript's first source (`source` is the file the tag points at).
  public var original: Source?

  enum CodingKeys: String, CodingKey {
    case tag_id, transcript, source, model, prompt_id, sample, message, role, channel, start, end
    case token_start, token_end, text, label, note, created, markers, tokens, summary
    case messageText = "message_text", prompt, params, analysis, original
  }
}

public enum Exporter {
  /// Builds records for `tags`. `load` fetches a transcript by source; a transcript whose
  /// fingerprint no longer matches the tag is treated as missing (the text is still exported).
  public static func records(
    _ tags: [Tag], analyzer: Analyzer, load: (SourceRef) -> Transcript?
  ) -> (records: [ExportRecord], missing: [Tag]) {
    let provenance = ExportProvenance(analyzer: analyzer)
    var cache: [SourceRef: (Transcript, TranscriptAnalysis)?] = [:]
    var records: [ExportRecord] = []
    var missing: [Tag] = []
    let formatter = ISO8601DateFormatter()
    for tag in tags {
      if cache[tag.source] == nil {
        let transcript = load(tag.source).flatMap { $0.id == tag.transcript ? $0 : nil }
        cache[tag.source] = transcript.map { ($0, analyzer.analyze($0)) }
      }
      let found = cache[tag.source] ?? nil
      var record = ExportRecord(
        tag_id: tag.id, transcript: tag.transcript,
        source: .init(path: tag.source.path, line: tag.source.line, choice: tag.source.choice, format: tag.source.formatLabel),
        model: found?.0.model, prompt_id: found?.0.promptID, sample: found?.0.sampleIndex,
        message: tag.message, role: nil, channel: nil, start: tag.start, end: tag.end,
        token_start: tag.tokenStart, token_end: tag.tokenEnd, text: tag.text, label: tag.label, note: tag.note,
        created: formatter.string(from: Date(timeIntervalSince1970: tag.created)), markers: [], tokens: nil, summary: nil,
        messageText: nil, prompt: nil, params: nil, analysis: provenance, original: nil)
      guard let (transcript, analysis) = found, transcript.messages.indices.contains(tag.message) else {
        missing.append(tag)
        records.append(record)
        continue
      }
      let message = transcript.messages[tag.message]
      record.messageText = message.text
      record.prompt = transcript.messages[..<tag.message].map {
        ExportedMessage(role: $0.role.rawValue, channel: $0.channel.rawValue, text: $0.text)
      }
      record.params = transcript.params.map(RawJSON.init(text:))
      record.original = transcript.original.map { .init(path: $0.path, line: $0.line, choice: $0.choice, format: $0.format) }
      record.role = message.role.rawValue
      record.channel = message.channel.rawValue
      record.markers = analysis.messages[tag.message].markers.filter { $0.start >= tag.start && $0.end <= tag.end }
      if let tokens = message.tokens, tag.tokenStart < tag.tokenEnd, tag.tokenEnd <= tokens.count {
        let pressure = analysis.correctionPressure[tag.message]
        let hedging = analysis.hedgePressure[tag.message]
        var exported: [ExportedToken] = []
        for index in tag.tokenStart..<tag.tokenEnd {
          let token = tokens[index]
          let stats = TokenStats(token: token)
          exported.append(ExportedToken(
            index: index, text: String(decoding: token.bytes, as: UTF8.self),
            bytes: TokenText.isValidUTF8(token.bytes) ? nil : token.bytes,
            logprob: token.logprob.value, rank: stats.rank, vocab_rank: stats.vocabRank, entropy_bound: stats.entropyLowerBound,
            correction_pressure: pressure[index], hedge_pressure: hedging[index], id: token.id, special: token.special ? true : nil,
            top: token.top.map {
              ExportedAlternative(text: String(decoding: $0.bytes, as: UTF8.self),
                                  bytes: TokenText.isValidUTF8($0.bytes) ? nil : $0.bytes, logprob: $0.logprob.value)
            }))
        }
        record.tokens = exported
        let logprobs = exported.compactMap(\.logprob)
        record.summary = .init(
          mean_logprob: logprobs.isEmpty ? nil : logprobs.reduce(0, +) / Double(logprobs.count),
          min_logprob: logprobs.min(), max_entropy_bound: exported.compactMap(\.entropy_bound).max())
      }
      records.append(record)
    }
    return (records, missing)
  }

  /// Serializes records in `format`. Prodigy groups spans per message.
  public static func render(_ records: [ExportRecord], format: ExportFormat) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
    switch format {
    case .json:
      encoder.outputFormatting.insert(.prettyPrinted)
      return String(decoding: try encoder.encode(records), as: UTF8.self) + "\n"
    case .jsonl:
      return try records.map { String(decoding: try encoder.encode($0), as: UTF8.self) }.joined(separator: "\n") + (records.isEmpty ? "" : "\n")
    case .prodigy:
      return try prodigy(records, encoder: encoder)
    case .rolloutViz:
      // Its lines are whole transcripts, not spans: RolloutVizWriter writes them.
      throw ExportFormatError(message: "rollout-viz is written per transcript (RolloutVizWriter), not from span records")
    }
  }

  struct ProdigySpan: Encodable {
    var start: Int
    var end: Int
    var token_start: Int
    var token_end: Int
    var label: String
  }

  struct ProdigyMeta: Encodable {
    var transcript: String
    var source: String
    var message: Int
    var role: String?
  }

  struct ProdigyLine: Encodable {
    var text: String
    var spans: [ProdigySpan]
    var meta: ProdigyMeta
  }

  private static func prodigy(_ records: [ExportRecord], encoder: JSONEncoder) throws -> String {
    // One line per message; the message text comes from the tagged transcript.
    var order: [String] = []
    var lines: [String: ProdigyLine] = [:]
    for record in records {
      let key = "\(record.transcript)#\(record.message)"
      if lines[key] == nil {
        order.append(key)
        lines[key] = ProdigyLine(
          text: record.messageText ?? record.text, spans: [],
          meta: ProdigyMeta(transcript: record.transcript, source: "\(record.source.path):\(record.source.line)",
                            message: record.message, role: record.role))
      }
      lines[key]!.spans.append(ProdigySpan(
        start: record.start, end: record.end, token_start: record.token_start, token_end: record.token_end, label: record.label))
    }
    return try order.map { String(decoding: try encoder.encode(lines[$0]!), as: UTF8.self) }.joined(separator: "\n") + (order.isEmpty ? "" : "\n")
  }
}
