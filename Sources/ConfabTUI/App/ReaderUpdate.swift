import ConfabModel


/// The reader slice's own update: the token cursor, scrolling, search and event jumps, given
/// only the height of the text view. Functions that have something to say return the status
/// message instead of writing it, so the slice never reaches outside itself.
extension ReaderState {
  mutating func move(_ motion: Motion, viewHeight: Int) {
    guard let open else { return }
    let layout = open.layout
    let count = layout.tokens.count
    let height = max(1, viewHeight)
    guard count > 0 else {
      // No per-token data: the motion keys scroll the text.
      let delta: Int
      switch motion {
      case .lineDown, .tokenNext, .wordNext: delta = 1
      case .lineUp, .tokenPrevious, .wordPrevious: delta = -1
      case .pageDown: delta = height
      case .pageUp: delta = -height
      case .halfPageDown: delta = height / 2
      case .halfPageUp: delta = -height / 2
      case .start: delta = -scroll
      case .end: delta = layout.lines.count
      }
      scroll = min(max(0, scroll + delta), max(0, layout.lines.count - height))
      return
    }
    switch motion {
    case .tokenNext: cursor = min(count - 1, cursor + 1)
    case .tokenPrevious: cursor = max(0, cursor - 1)
    case .wordNext: cursor = Self.wordStart(open, from: cursor, forward: true)
    case .wordPrevious: cursor = Self.wordStart(open, from: cursor, forward: false)
    case .lineDown: cursor = Self.tokenOnLine(layout, from: cursor, lines: 1)
    case .lineUp: cursor = Self.tokenOnLine(layout, from: cursor, lines: -1)
    case .pageDown: cursor = Self.tokenOnLine(layout, from: cursor, lines: height)
    case .pageUp: cursor = Self.tokenOnLine(layout, from: cursor, lines: -height)
    case .halfPageDown: cursor = Self.tokenOnLine(layout, from: cursor, lines: height / 2)
    case .halfPageUp: cursor = Self.tokenOnLine(layout, from: cursor, lines: -height / 2)
    case .start: cursor = 0
    case .end: cursor = count - 1
    }
    keepCursorVisible(viewHeight: height)
  }

  mutating func keepCursorVisible(viewHeight: Int) {
    guard let open, open.layout.tokenLine.indices.contains(cursor) else { return }
    let height = max(1, viewHeight)
    let line = open.layout.tokenLine[cursor]
    if line < scroll { scroll = max(0, line - 1) }
    if line >= scroll + height { scroll = line - height + 2 }
    scroll = min(max(0, scroll), max(0, open.layout.lines.count - 1))
  }

  // MARK: Search

  /// Starts a search at the cursor; returns the status line to show.
  mutating func runSearch(_ query: String, viewHeight: Int) -> String? {
    guard let open, !query.isEmpty else { search = nil; return nil }
    let found = SearchState(query: query, hits: Self.searchHits(open, query), textHits: Self.textHits(open, query))
    guard found.count > 0 else {
      search = nil
      return "not found: \(query)"
    }
    search = found
    // The first match at or after the cursor, else the first.
    go(to: stops().first { $0.key >= place } ?? stops()[0], viewHeight: viewHeight)
    return matchReport
  }

  mutating func stepSearch(forward: Bool, viewHeight: Int) -> String? {
    guard search != nil else { return nil }
    let all = stops()
    let here = place
    let next = forward ? all.first { $0.key > here } ?? all[0] : all.last { $0.key < here } ?? all[all.count - 1]
    go(to: next, viewHeight: viewHeight)
    return matchReport
  }

  /// A search match in reading order: a token (the cursor goes there) or a text match (the
  /// view scrolls there).
  struct SearchPlace: Comparable {
    var line: Int
    var column: Int
    /// Text matches (0) sort before a token (1) on the same line and column.
    var kind: Int
    static func < (a: SearchPlace, b: SearchPlace) -> Bool { (a.line, a.column, a.kind) < (b.line, b.column, b.kind) }
  }

  struct SearchStop {
    var key: SearchPlace
    var token: Int?
    var text: Int?
  }

  /// Every match, ordered by line and column.
  func stops() -> [SearchStop] {
    guard let search, let open else { return [] }
    var all = search.hits.map { SearchStop(key: SearchPlace(line: open.layout.tokenLine[$0], column: open.layout.tokenColumn[$0], kind: 1), token: $0, text: nil) }
    all += search.textHits.enumerated().map { SearchStop(key: SearchPlace(line: $1.line, column: 0, kind: 0), token: nil, text: $0) }
    return all.sorted { $0.key < $1.key }
  }

  /// Where the search stands: the text match last gone to, else the cursor's token.
  private var place: SearchPlace {
    if let index = search?.currentText, let hit = search?.textHits[index] { return SearchPlace(line: hit.line, column: 0, kind: 0) }
    guard let open, open.layout.tokenLine.indices.contains(cursor) else { return SearchPlace(line: 0, column: 0, kind: 0) }
    return SearchPlace(line: open.layout.tokenLine[cursor], column: open.layout.tokenColumn[cursor], kind: 1)
  }

  private mutating func go(to stop: SearchStop, viewHeight: Int) {
    if let token = stop.token {
      search?.currentText = nil
      cursor = token
      keepCursorVisible(viewHeight: viewHeight)
    } else if let index = stop.text, let hit = search?.textHits[index] {
      search?.currentText = index
      scroll = max(0, hit.line - 1)
    }
  }

  var matchReport: String? {
    guard let search else { return nil }
    let all = stops()
    guard let position = all.firstIndex(where: { $0.key == place }) else { return nil }
    let title = search.across ? " in " + (open?.transcript.title ?? "") : ""
    let inText = all[position].text.flatMap { index -> String? in
      guard let message = open?.transcript.messages[search.textHits[index].message] else { return nil }
      return " (in the \(message.role.rawValue) text: no token to put the cursor on)"
    } ?? ""
    return "\(search.across ? "&" : "/")\(search.query): match \(position + 1) of \(search.count)\(title)\(inText) (n/N\(search.across ? " go on across transcripts" : ""), Esc clears)"
  }

  /// Whether n (forward) or N would leave this transcript: no match beyond where it stands.
  func searchEnds(forward: Bool) -> Bool {
    guard search != nil else { return true }
    let here = place
    return forward ? !stops().contains { $0.key > here } : !stops().contains { $0.key < here }
  }

  /// A transcript just opened by an `&` search: its first (or last) match, if it has one.
  mutating func arriveSearching(_ pending: PendingSearch, viewHeight: Int) -> String? {
    guard let open else { return nil }
    let found = SearchState(query: pending.query, hits: Self.searchHits(open, pending.query), across: true,
                            textHits: Self.textHits(open, pending.query))
    guard found.count > 0 else { return nil }
    search = found
    let all = stops()
    go(to: pending.forward ? all[0] : all[all.count - 1], viewHeight: viewHeight)
    return matchReport
  }

  /// Case-insensitive (ASCII) matches in the messages drawn as text, with the layout line
  /// each starts on.
  static func textHits(_ open: OpenTranscript, _ query: String) -> [TextHit] {
    func folded(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
      (0x41...0x5A).contains(scalar.value) ? Unicode.Scalar(scalar.value + 0x20)! : scalar
    }
    let needle = query.unicodeScalars.map(folded)
    guard !needle.isEmpty else { return [] }
    var hits: [TextHit] = []
    for (index, message) in open.transcript.messages.enumerated() where message.tokens == nil {
      let text = message.text.unicodeScalars.map(folded)
      var start = 0
      while start + needle.count <= text.count {
        if text[start] == needle[0] && Array(text[start..<start + needle.count]) == needle {
          let line = open.layout.lines.indices.first { number in
            let line = open.layout.lines[number]
            return line.message == index && line.spans.contains { span in
              guard let first = span.scalarStart else { return false }
              return first <= start && start < first + span.text.unicodeScalars.count
            }
          } ?? 0
          hits.append(TextHit(message: index, scalar: start, length: needle.count, line: line))
          start += needle.count
        } else {
          start += 1
        }
      }
    }
    return hits
  }

  /// Case-insensitive matches in each message's token bytes, as the flat index of the token
  /// where each match starts (matches may span tokens).
  static func searchHits(_ open: OpenTranscript, _ query: String) -> [Int] {
    let needle = Array(query.lowercased().utf8)
    var hits: [Int] = []
    var flatBase = 0
    for message in open.transcript.messages {
      guard let tokens = message.tokens else { continue }
      var text: [UInt8] = []
      var owner: [Int] = []
      for (index, token) in tokens.enumerated() {
        for byte in token.bytes {
          text.append(byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte)
          owner.append(flatBase + index)
        }
      }
      if needle.count <= text.count {
        var start = 0
        while start + needle.count <= text.count {
          if text[start] == needle[0] && Array(text[start..<start + needle.count]) == needle {
            if hits.last != owner[start] { hits.append(owner[start]) }
            start += needle.count
          } else {
            start += 1
          }
        }
      }
      flatBase += tokens.count
    }
    return hits
  }

  // MARK: Events

  /// The event e/E goes to from the cursor, or nil past the last (first) one.
  func eventTarget(forward: Bool) -> Int? {
    guard let open else { return nil }
    let here = (line: open.layout.tokenLine.indices.contains(cursor) ? open.layout.tokenLine[cursor] : scroll,
                token: open.layout.tokens.isEmpty ? -1 : cursor)
    func key(_ event: PlacedEvent) -> (Int, Int) { (event.line, event.token ?? -1) }
    if let currentEvent, open.events.indices.contains(currentEvent),
      open.events[currentEvent].token == (open.layout.tokens.isEmpty ? nil : cursor)
    {
      let next = currentEvent + (forward ? 1 : -1)
      return open.events.indices.contains(next) ? next : nil
    }
    // Not on an event yet: one that starts right at the cursor counts as the next.
    return forward
      ? open.events.indices.first { key(open.events[$0]) >= (here.line, here.token) }
      : open.events.indices.last { key(open.events[$0]) < (here.line, here.token) }
  }

  /// Puts the cursor on event `index`; returns the status line describing it.
  mutating func goToEvent(_ index: Int, viewHeight: Int) -> String? {
    guard let open, open.events.indices.contains(index) else { return nil }
    let placed = open.events[index]
    currentEvent = index
    if let token = placed.token {
      cursor = token
      keepCursorVisible(viewHeight: viewHeight)
    } else {
      scroll = placed.line
    }
    let event = placed.event
    // Marker details already name their rule ("… (reply: is incorrect)").
    let rule = event.detail.contains(event.rule) ? "" : " · rule: \(event.rule)"
    return "event \(index + 1)/\(open.events.count): \(event.kind.label): \(event.detail) · score \(Format.fixed(event.score, 2))\(rule)"
  }

  // MARK: Helpers

  /// A word starts at a token that begins with whitespace or follows a newline.
  private static func wordStart(_ open: OpenTranscript, from cursor: Int, forward: Bool) -> Int {
    let count = open.layout.tokens.count
    func startsWord(_ index: Int) -> Bool {
      guard index > 0, let token = open.token(index), let previous = open.token(index - 1) else { return true }
      if open.layout.tokens[index].message != open.layout.tokens[index - 1].message { return true }
      // Whitespace-only tokens (newlines) are not words; the token after them starts one.
      if token.bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x09 }) { return false }
      let first = token.bytes.first ?? 0x20
      let last = previous.bytes.last ?? 0x20
      return first == 0x20 || last == 0x0A || last == 0x20
    }
    var index = cursor
    repeat {
      index += forward ? 1 : -1
    } while index > 0 && index < count - 1 && !startsWord(index)
    return min(max(0, index), count - 1)
  }

  /// The token on the line `lines` away whose span covers the cursor's column (or the
  /// nearest one), skipping lines without tokens.
  private static func tokenOnLine(_ layout: TranscriptLayout, from cursor: Int, lines: Int) -> Int {
    let column = layout.tokenColumn[cursor]
    var target = layout.tokenLine[cursor] + lines
    target = min(max(0, target), layout.lines.count - 1)
    let step = lines >= 0 ? 1 : -1
    while target >= 0 && target < layout.lines.count {
      let tokens = layout.lines[target].spans.filter { $0.token != nil }
      if let best = tokens.last(where: { $0.column <= column }) ?? tokens.first {
        return best.token!
      }
      target += step
    }
    return lines >= 0 ? layout.tokens.count - 1 : 0
  }
}
