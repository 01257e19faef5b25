/// A span the source file itself labels (rollout_viz `annotations`): shown like a tag but
/// read-only, since it belongs to the file, not to the tag store.
public struct SpanAnnotation: Sendable, Equatable, Hashable {
  public var message: Int
  /// Token range in that message, end exclusive.
  public var tokenStart: Int
  public var tokenEnd: Int
  public var label: String

  public init(message: Int, tokenStart: Int, tokenEnd: Int, label: String) {
    self.message = message
    self.tokenStart = tokenStart
    self.tokenEnd = tokenEnd
    self.label = label
  }
}

extension Transcript {
  /// The file's own annotations as tags to draw: negative ids, so no store tag is ever one.
  public var annotationTags: [Tag] {
    annotations.enumerated().compactMap { index, annotation in
      guard messages.indices.contains(annotation.message) else { return nil }
      let tokens = messages[annotation.message].tokens ?? []
      guard annotation.tokenStart >= 0, annotation.tokenStart < annotation.tokenEnd, annotation.tokenEnd <= tokens.count else { return nil }
      let starts = TokenText.scalarStarts(tokens)
      let end = annotation.tokenEnd < tokens.count ? starts[annotation.tokenEnd] : messages[annotation.message].text.unicodeScalars.count
      return Tag(
        id: -Int64(index + 1), transcript: id, source: source, message: annotation.message,
        start: starts[annotation.tokenStart], end: end, tokenStart: annotation.tokenStart, tokenEnd: annotation.tokenEnd,
        label: annotation.label, note: "from the file (read-only)",
        text: TokenText.text(of: Array(tokens[annotation.tokenStart..<annotation.tokenEnd])), created: 0)
    }
  }
}
