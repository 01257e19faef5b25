/// A labelled span of one message. Keyed by the transcript's content fingerprint, so it
/// survives the file being moved or renamed, with the source it was made on beside it.
public struct Tag: Sendable, Equatable, Hashable, Codable {
  public var id: Int64
  public var transcript: String
  public var source: SourceRef
  public var message: Int
  /// Unicode scalar offsets in the message text (end exclusive).
  public var start: Int
  public var end: Int
  /// Token range (end exclusive); equal bounds for a text-only message.
  public var tokenStart: Int
  public var tokenEnd: Int
  public var label: String
  public var note: String
  /// The tagged text, kept so an export works even when the source file is gone.
  public var text: String
  /// Seconds since 1970.
  public var created: Double

  public init(
    id: Int64 = 0, transcript: String, source: SourceRef, message: Int, start: Int, end: Int,
    tokenStart: Int, tokenEnd: Int, label: String, note: String = "", text: String, created: Double
  ) {
    self.id = id
    self.transcript = transcript
    self.source = source
    self.message = message
    self.start = start
    self.end = end
    self.tokenStart = tokenStart
    self.tokenEnd = tokenEnd
    self.label = label
    self.note = note
    self.text = text
    self.created = created
  }
}
