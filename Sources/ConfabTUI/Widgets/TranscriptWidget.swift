import ConfabModel


/// The transcript: role gutter, text wrapped at token granularity, each token's background
/// from the heat mode, the cursor token highlighted, search matches underlined.
struct TranscriptWidget {
  let reader: ReaderState
  let tagging: TaggingState
  let scanned: CorpusUpdate
  let theme: Theme

  func render(in area: Rect, _ buffer: inout Buffer) {
    guard !area.isEmpty else { return }
    guard let open = reader.open else {
      let text = reader.loading != nil || !scanned.finished ? "loading…" : "nothing to show"
      buffer.put(text, x: area.x + 1, y: area.y, style: theme.dimText, clip: area)
      return
    }
    let layout = open.layout
    let hits = Set(reader.search?.hits ?? [])
    let selection: Range<Int>? = tagging.anchor == nil ? nil : selectedRange(reader, tagging).map {
      let base = open.messageBase[$0.message]
      return base + $0.tokens.lowerBound..<base + $0.tokens.upperBound
    }
    let end = min(layout.lines.count, reader.scroll + area.height)
    guard reader.scroll < end else { return }
    // Tagged tokens take their label's colour (the latest tag wins where tags overlap), so a
    // tag's extent shows even where a bracket found no free cell.
    var tagged: [Int: Style] = [:]
    for tag in tagging.tags {
      for token in flatRange(open, tag) { tagged[token] = Style(fg: theme.tagLabel(tag.label, in: tagging.labels).fg) }
    }
    let sampled = open.transcript.sampledMessageIndex
    let given = Set(open.transcript.messages.indices.filter { TranscriptLayout.isGiven($0, open.transcript.messages[$0], sampled: sampled) })
    for (row, lineIndex) in (reader.scroll..<end).enumerated() {
      let line = layout.lines[lineIndex]
      let y = area.y + row
      if let label = line.tagLabel {
        buffer.put("▍", x: area.x + TranscriptLayout.gutterWidth - 1, y: y, style: theme.tagLabel(label, in: tagging.labels), clip: area)
      }
      if let gutter = line.gutter {
        let role = open.transcript.messages[line.message].role
        buffer.put(gutter, x: area.x, y: y, style: gutter == TranscriptLayout.givenLabel ? theme.dimText : theme.role(role), clip: area)
      }
      let textX = area.x + TranscriptLayout.gutterWidth
      for span in line.spans {
        var style = span.muted ? theme.hex : Style.plain
        if let token = span.token {
          if reader.heat == .delta {
            let bucket = Theme.deltaBucket(open.deltas.flatMap { $0.indices.contains(token) ? $0[token] : nil })
            style = style.merged(with: bucket.map { theme.heatStyle($0, .delta) } ?? .plain)
          } else {
            style = style.merged(with: theme.heat(open.stats[token], reader.heat))
          }
          if let kind = open.markerKind[token] { style = style.merged(with: theme.marker(kind)) }
          if let tagStyle = tagged[token] { style = style.merged(with: tagStyle) }
          if selection?.contains(token) == true { style = style.merged(with: theme.selection) }
          if hits.contains(token) { style = style.merged(with: theme.searchHit) }
          if token == reader.cursor { style = theme.cursor }
          buffer.put(span.text, x: textX + span.column, y: y, style: style, clip: area)
        } else {
          // Given text recedes: the reply after it is what was sampled.
          let base = given.contains(line.message) ? theme.dimText : .plain
          drawText(span, message: line.message, base: base, x: textX + span.column, y: y, open: open, area: area, &buffer)
        }
      }
      // Over the blank or space the layout chose: brackets never move the text.
      for bracket in layout.brackets where bracket.line == lineIndex {
        buffer.put(bracket.text, x: textX + bracket.column, y: y, style: theme.tagLabel(bracket.label, in: tagging.labels), clip: area)
      }
    }
  }

  /// Plain text (a message without tokens): markers still show, character by character.
  private func drawText(
    _ span: LayoutSpan, message: Int, base: Style, x: Int, y: Int, open: OpenTranscript, area: Rect, _ buffer: inout Buffer
  ) {
    let markers = open.analysis.messages[message].markers
    let found = (reader.search?.textHits ?? []).filter { $0.message == message }.map { $0.scalar..<$0.scalar + $0.length }
    guard let scalarStart = span.scalarStart,
      markers.contains(where: { $0.end > scalarStart && $0.start < scalarStart + span.text.unicodeScalars.count })
        || found.contains(where: { $0.upperBound > scalarStart && $0.lowerBound < scalarStart + span.text.unicodeScalars.count })
    else {
      buffer.put(span.text, x: x, y: y, style: base, clip: area)
      return
    }
    var column = x
    var offset = scalarStart
    for character in span.text {
      let kind = markers.first { $0.start <= offset && offset < $0.end }?.kind
      var style = kind.map { base.merged(with: theme.marker($0)) } ?? base
      if found.contains(where: { $0.contains(offset) }) { style = style.merged(with: theme.searchHit) }
      column = buffer.put(String(character), x: column, y: y, style: style, clip: area)
      offset += character.unicodeScalars.count
    }
  }
}
