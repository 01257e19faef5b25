import ConfabModel

/// A streaming format: many records (SSE `data:` events or NDJSON lines) that together make
/// one response. The file reader feeds chunks to an accumulator until the stream ends.
public protocol StreamImporter: Sendable {
  /// The stream format it merges, stored in `SourceRef.format`.
  var format: Format { get }
  var summary: String { get }
  /// Whether a parsed record is a chunk of this stream format. `event` is the SSE event name.
  func isChunk(_ root: JSONValue, event: String?) -> Bool
  /// Whether a record continues a stream already open (a final chunk may look like a whole
  /// response: Ollama's `done: true`).
  func continues(_ root: JSONValue, event: String?) -> Bool
  func makeAccumulator() -> any StreamAccumulator
}

extension StreamImporter {
  public var name: String { format.rawValue }
  public func continues(_ root: JSONValue, event: String?) -> Bool { isChunk(root, event: event) }
}

public protocol StreamAccumulator {
  /// Adds one chunk (copying what it needs out of the borrowed value); true when the chunk
  /// says the stream is complete.
  mutating func add(_ root: JSONValue, event: String?) throws(RecordError) -> Bool
  /// The merged transcripts. `source` arrives with the stream's byte range and name.
  func transcripts(source: SourceRef) throws(RecordError) -> [Transcript]
  /// Whether the chunks so far say the response is finished, for formats whose last chunk
  /// does not end the stream (OpenAI: every choice has a finish reason, then `[DONE]`).
  var finished: Bool { get }
}

extension StreamAccumulator {
  public var finished: Bool { false }
}

public enum StreamImporters {
  public static let all: [any StreamImporter] = [
    OpenAIChatStreamImporter(),
    ResponsesStreamImporter(),
    LlamaCppStreamImporter(),
    OllamaStreamImporter(),
    TGIStreamImporter(),
  ]

  public static func importer(for root: JSONValue, event: String?) -> (any StreamImporter)? {
    all.first { $0.isChunk(root, event: event) }
  }
}
