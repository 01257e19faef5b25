import ConfabModel
import Foundation

/// Turns tags into records that carry the distribution with them (docs/export.md).
public enum ExportFormat: String, Sendable, CaseIterable {
  case json, jsonl, prodigy
}

public struct ExportedToken: Encodable, Sendable {
  public var index: Int
  public var text: String
  /// Raw bytes, only when the token is not valid UTF-8 on its own.
  public var bytes: [UInt8]?
  public var logprob: Double?
  public var rank: Int?
  public var entropy_bound: Double?
  public var correction_pressure: Double
  public var top: [ExportedAlternative]
}

public struct ExportedAlternative: Encodable, Sendable {
  public var text: String
  public var bytes: [UInt8]?
  public var logprob: Double?
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
  /// The whole message's text (for Prodigy lines); not part of the JSON record.
  public var messageText: String?

  enum CodingKeys: String, CodingKey {
    case tag_id, transcript, source, model, prompt_id, sample, message, role, channel, start, end
    case token_start, token_end, text, label, note, created, markers, tokens, summary
  }
}

public enum Exporter {
  /// Builds records for `tags`. `load` fetches a transcript by source; a transcript whose
  /// fingerprint no longer matches the tag is treated as missing (the text is still exported).
  public static func records(
    _ tags: [Tag], analyzer: Analyzer, load: (SourceRef) -> Transcript?
  ) -> (records: [ExportRecord], missing: [Tag]) {
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
        messageText: nil)
      guard let (transcript, analysis) = found, transcript.messages.indices.contains(tag.message) else {
        missing.append(tag)
        records.append(record)
        continue
      }
      let message = transcript.messages[tag.message]
      record.messageText = message.text
      record.role = message.role.rawValue
      record.channel = message.channel.rawValue
      record.markers = analysis.messages[tag.message].markers.filter { $0.start >= tag.start && $0.end <= tag.end }
      if let tokens = message.tokens, tag.tokenStart < tag.tokenEnd, tag.tokenEnd <= tokens.count {
        let pressure = analysis.correctionPressure[tag.message]
        var exported: [ExportedToken] = []
        for index in tag.tokenStart..<tag.tokenEnd {
          let token = tokens[index]
          let stats = TokenStats(token: token)
          exported.append(ExportedToken(
            index: index, text: String(decoding: token.bytes, as: UTF8.self),
            bytes: TokenText.isValidUTF8(token.bytes) ? nil : token.bytes,
            logprob: token.logprob.value, rank: stats.rank, entropy_bound: stats.entropyLowerBound,
            correction_pressure: pressure[index],
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
