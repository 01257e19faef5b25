import ConfabModel


/// Where a token sits in the transcript: message index and token index within it.
public struct TokenRef: Hashable, Sendable {
  public var message: Int
  public var token: Int
}

/// A token position to carry from one transcript to another: the message (nil: the sampled
/// assistant message) and the token within it.
public struct TokenPosition: Equatable, Sendable {
  public var message: Int?
  public var token: Int

  public init(message: Int?, token: Int) {
    self.message = message
    self.token = token
  }
}

/// A run of text on a laid-out line, possibly one token's (part of its) text.
public struct LayoutSpan: Equatable, Sendable {
  public var column: Int
  public var text: String
  public var width: Int
  /// Flat token index, nil for plain text.
  public var token: Int?
  /// Drawn in the muted style: hex for partial UTF-8, ↵ for newlines, · for empty tokens.
  public var muted: Bool
  /// For plain text: the Unicode scalar offset of the span in its message's text.
  public var scalarStart: Int? = nil
}

/// A tag's bracket, drawn over a blank or a space beside its tokens so tags never move the
/// text; where there is no such cell the bracket is left out and the line's gutter mark
/// (`LayoutLine.tagLabel`) still shows the tag.
public struct LayoutBracket: Equatable, Sendable {
  public var line: Int
  public var column: Int
  public var text: String
  public var label: String
}

public struct LayoutLine: Equatable, Sendable {
  public var message: Int
  /// The role label on the first line of a message.
  public var gutter: String?
  public var spans: [LayoutSpan] = []
  /// A tag covers tokens on this line: its label colours a mark in the gutter's last column.
  public var tagLabel: String? = nil
}

/// A transcript wrapped to a width. Built once per (transcript, width) and kept in the
/// state, so moving the cursor costs no layout work.
public struct TranscriptLayout: Equatable, Sendable {
  public static let gutterWidth = 6

  public var width: Int
  public var lines: [LayoutLine] = []
  /// Flat token index -> message/token.
  public var tokens: [TokenRef] = []
  /// Flat token index -> first line and column where it is drawn.
  public var tokenLine: [Int] = []
  public var tokenColumn: [Int] = []
  public var brackets: [LayoutBracket] = []

  /// Lays out `transcript`; each tag gets brackets ⟦…⟧ where a cell beside it is free, and a
  /// gutter mark on its lines, none of which moves the text.
  public init(transcript: Transcript, width: Int, tags: [Tag] = []) {
    self.width = width
    let textWidth = max(1, width - Self.gutterWidth)
    let sampled = transcript.sampledMessageIndex
    for (index, message) in transcript.messages.enumerated() {
      if index > 0 { lines.append(LayoutLine(message: index)) }
      let given = Self.isGiven(index, message, sampled: sampled)
      var builder = LineBuilder(message: index, width: textWidth, gutter: given ? Self.givenLabel : Self.label(message))
      if let tokens = message.tokens {
        let words = Self.wordWidths(tokens)
        for (position, token) in tokens.enumerated() {
          // A word split over tokens ("economy" + ".") moves to the next line whole.
          if let wordWidth = words[position] { builder.keepTogether(wordWidth) }
          let flat = self.tokens.count
          self.tokens.append(TokenRef(message: index, token: position))
          let (line, column) = builder.addToken(token, flat: flat)
          tokenLine.append(lines.count + line)
          tokenColumn.append(column)
        }
      } else {
        builder.addText(message.text)
      }
      lines += builder.finish()
    }
    placeBrackets(transcript: transcript, tags: tags)
  }

  /// Brackets and gutter marks for each tag, placed after the text is laid out: they take
  /// no columns, so tagging never re-flows a paragraph.
  private mutating func placeBrackets(transcript: Transcript, tags: [Tag]) {
    var base = 0
    var messageBase: [Int] = []
    for message in transcript.messages {
      messageBase.append(base)
      base += message.tokens?.count ?? 0
    }
    for tag in tags where transcript.messages.indices.contains(tag.message) {
      let count = transcript.messages[tag.message].tokens?.count ?? 0
      guard tag.tokenStart < tag.tokenEnd, tag.tokenEnd <= count else { continue }
      let first = messageBase[tag.message] + tag.tokenStart
      let last = messageBase[tag.message] + tag.tokenEnd - 1
      for line in tokenLine[first]...lastLine(of: last) { lines[line].tagLabel = tag.label }
      // ⟦ on the first token's leading space, or on the space before it.
      let startLine = tokenLine[first]
      let startColumn = tokenColumn[first]
      if character(line: startLine, column: startColumn) == " " {
        brackets.append(LayoutBracket(line: startLine, column: startColumn, text: "⟦", label: tag.label))
      } else if startColumn > 0, character(line: startLine, column: startColumn - 1) == " " {
        brackets.append(LayoutBracket(line: startLine, column: startColumn - 1, text: "⟦", label: tag.label))
      } else if startColumn == 0 {
        // At the line's start: in the gutter's last column, where the line's tag mark goes.
        brackets.append(LayoutBracket(line: startLine, column: -1, text: "⟦", label: tag.label))
      }
      // ⟧ on the blank or space after the last token.
      let endLine = lastLine(of: last)
      guard let span = lines[endLine].spans.last(where: { $0.token == last }) else { continue }
      let end = span.column + span.width
      if end < width - Self.gutterWidth, [nil, " "].contains(character(line: endLine, column: end)) {
        brackets.append(LayoutBracket(line: endLine, column: end, text: "⟧", label: tag.label))
      }
    }
  }

  /// The last line a token is drawn on (a long token can wrap).
  private func lastLine(of token: Int) -> Int {
    var line = tokenLine[token]
    while line + 1 < lines.count, lines[line + 1].spans.contains(where: { $0.token == token }) { line += 1 }
    return line
  }

  /// The character drawn at a cell, nil for a blank one.
  private func character(line: Int, column: Int) -> Character? {
    guard lines.indices.contains(line), let span = lines[line].spans.first(where: { $0.column <= column && column < $0.column + $0.width })
    else { return nil }
    var used = span.column
    for character in span.text {
      let width = DisplayWidth.of(String(character))
      if column < used + width { return character }
      used += width
    }
    return nil
  }

  /// The gutter of an assistant turn that the prompt gave ("The capital of Canada is
  /// Toronto." before "Are you sure?"): it was written, not sampled.
  static let givenLabel = "given"

  static func isGiven(_ index: Int, _ message: Message, sampled: Int?) -> Bool {
    guard let sampled, index < sampled else { return false }
    return message.role == .assistant && message.channel == .content
  }

  static func label(_ message: Message) -> String {
    switch (message.role, message.channel) {
    case (.assistant, .refusal): return "refus"
    case (.assistant, .reasoning): return "think"
    case (_, .prompt): return "prmpt"
    case (.assistant, _): return "asst"
    case (.user, _): return "user"
    case (.system, _): return "sys"
    case (.tool, _): return "tool"
    }
  }

  /// For each token that starts a word (begins with whitespace, follows whitespace or a line
  /// break, or is first), the drawn width of the word: its tokens up to the next word start.
  /// Punctuation tokens glued to a word ("economy" "." or "(-" "1") belong to it.
  static func wordWidths(_ tokens: [Token]) -> [Int: Int] {
    var widths: [Int: Int] = [:]
    var start: Int?
    var width = 0
    var previousEndsWord = true
    for (position, token) in tokens.enumerated() {
      let pieces = pieces(of: token)
      let startsWord = previousEndsWord || token.bytes.first.map { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A } ?? true
      if startsWord {
        if let start { widths[start] = width }
        start = position
        width = 0
      }
      width += pieces.reduce(0) { $0 + ($1.breakAfter ? 0 : DisplayWidth.of($1.0)) }
      previousEndsWord = token.bytes.last.map { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A } ?? true || pieces.contains { $0.breakAfter }
    }
    if let start { widths[start] = width }
    return widths
  }

  /// The token's text as drawn: UTF-8 when valid, hex when partial, ↵ for newlines, a
  /// labelled glyph (⏎eos, ⟨name⟩) for a special token.
  static func pieces(of token: Token) -> [(String, muted: Bool, breakAfter: Bool)] {
    if !token.textKnown { return [(TokenText.idGlyph(token.id), true, false)] }
    if let glyph = TokenText.specialGlyph(token.bytes, special: token.special) { return [(glyph, true, false)] }
    guard TokenText.isValidUTF8(token.bytes) else { return [(TokenText.hex(token.bytes), true, false)] }
    // Most tokens hold neither a tab nor a newline: one piece, without splitting strings.
    if !token.bytes.contains(where: { $0 == 0x09 || $0 == 0x0A }) { return [(String(decoding: token.bytes, as: UTF8.self), false, false)] }
    let text = TextJoin.join(String(decoding: token.bytes, as: UTF8.self).split(separator: "\t", omittingEmptySubsequences: false).map(String.init),
                             separator: "    ")
    let parts = text.split(separator: "\n", omittingEmptySubsequences: false)
    var result: [(String, Bool, Bool)] = []
    for (index, part) in parts.enumerated() {
      let last = index == parts.count - 1
      if !part.isEmpty { result.append((String(part), false, false)) }
      if !last { result.append(("↵", true, true)) }
    }
    return result
  }
}

/// Word-wrapping accumulator for one message's lines.
private struct LineBuilder {
  let message: Int
  let width: Int
  var lines: [LayoutLine]
  var column = 0

  init(message: Int, width: Int, gutter: String) {
    self.message = message
    self.width = width
    lines = [LayoutLine(message: message, gutter: gutter)]
  }

  /// The current line began at a wrap, not at a newline of the text: a token's leading
  /// space is not drawn there, so wrapped lines start flush.
  private var softWrapped = false

  mutating func newLine(soft: Bool = false) {
    lines.append(LayoutLine(message: message))
    column = 0
    softWrapped = soft
  }

  /// Places a token; returns the line (relative to this message) and column of its start.
  mutating func addToken(_ token: Token, flat: Int) -> (Int, Int) {
    var start: (Int, Int)?
    for (text, muted, breakAfter) in TranscriptLayout.pieces(of: token) {
      let placed = place(text, token: flat, muted: muted, scalar: nil)
      if start == nil { start = placed }
      if breakAfter { newLine() }
    }
    return start ?? (lines.count - 1, column)
  }

  /// Before a word's first token: wrap now if the whole word (up to a line's width) will
  /// not fit on this line.
  mutating func keepTogether(_ wordWidth: Int) {
    if column > 0 && wordWidth <= width && column + wordWidth > width { newLine(soft: true) }
  }

  mutating func addText(_ text: String) {
    var scalar = 0
    for (index, paragraph) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      if index > 0 {
        newLine()
        scalar += 1
      }
      var word = ""
      var wordStart = scalar
      for character in paragraph {
        word.append(character == "\t" ? " " : character)
        scalar += character.unicodeScalars.count
        if character == " " || character == "\t" {
          _ = place(word, token: nil, muted: false, scalar: wordStart)
          word = ""
          wordStart = scalar
        }
      }
      if !word.isEmpty { _ = place(word, token: nil, muted: false, scalar: wordStart) }
    }
  }

  /// Puts `text` on the current line, wrapping first when it does not fit and the line has
  /// content, and hard-splitting text wider than a whole line.
  private mutating func place(_ text: String, token: Int?, muted: Bool, scalar: Int? = nil) -> (Int, Int) {
    var text = text
    if column > 0 && column + DisplayWidth.of(text) > width { newLine(soft: true) }
    if softWrapped && column == 0 && token != nil && text.count > 1 && text.first == " " { text.removeFirst() }
    let textWidth = DisplayWidth.of(text)
    let start = (lines.count - 1, column)
    if textWidth <= width - column {
      append(text, width: textWidth, token: token, muted: muted, scalar: scalar)
      return start
    }
    var chunk = ""
    var chunkWidth = 0
    var chunkScalar = scalar
    for character in text {
      let w = DisplayWidth.of(String(character))
      if column + chunkWidth + w > width {
        append(chunk, width: chunkWidth, token: token, muted: muted, scalar: chunkScalar)
        newLine(soft: true)
        chunkScalar = chunkScalar.map { $0 + chunk.unicodeScalars.count }
        chunk = ""
        chunkWidth = 0
      }
      chunk.append(character)
      chunkWidth += w
    }
    if !chunk.isEmpty { append(chunk, width: chunkWidth, token: token, muted: muted, scalar: chunkScalar) }
    return start
  }

  private mutating func append(_ text: String, width: Int, token: Int?, muted: Bool, scalar: Int?) {
    guard !text.isEmpty else { return }
    lines[lines.count - 1].spans.append(
      LayoutSpan(column: column, text: text, width: width, token: token, muted: muted, scalarStart: scalar))
    column += width
    softWrapped = false
  }

  func finish() -> [LayoutLine] { lines }
}
