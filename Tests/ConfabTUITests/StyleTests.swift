import ConfabModel
import Testing

@testable import ConfabTUI

@Suite struct StyleTests {
  @Test func cursorTokenIsHighlightedAndHeatColoursTheRest() throws {
    var state = Demo.state()
    Demo.press(&state, .char("l"), .char("l"), .char("l"))  // " Sydney"
    let buffer = view(state)
    let sydney = try #require(cell(buffer, containing: "Sydney"))
    #expect(buffer[sydney.x, sydney.y].style == state.theme.cursor)
    let capital = try #require(cell(buffer, containing: "capital is"))
    // p 0.9 is the surest bucket: no background.
    #expect(buffer[capital.x, capital.y].style.bg == .default)
    let maybe = try #require(cell(buffer, containing: "maybe"))
    #expect(buffer[maybe.x, maybe.y].style.bg == .indexed(88))
  }

  @Test func rankHeatMarksTokensOutsideTheTopK() throws {
    var state = Demo.state()
    Demo.press(&state, .char("m"))
    #expect(state.reader.heat == .rank)
    let buffer = view(state)
    let maybe = try #require(cell(buffer, containing: "maybe"))
    #expect(Theme.bucket(state.reader.open!.stats[8], .rank) == 4)
    #expect(buffer[maybe.x, maybe.y].style.bg == .indexed(127))
    let sydney = try #require(cell(buffer, containing: "Sydney"))
    #expect(buffer[sydney.x, sydney.y].style.bg == .indexed(17))  // rank 2
    // Rank's colours are its own: none means a probability bucket too.
    let theme = state.theme
    let probability = Set((1...4).map { theme.heatStyle($0, .probability).bg })
    #expect(Set((1...4).map { theme.heatStyle($0, .rank).bg }).isDisjoint(with: probability))
    #expect(Set((1...4).map { theme.heatStyle($0, .entropy).bg }).isDisjoint(with: probability))
  }

  @Test func eightColourAndNoColourStayReadable() throws {
    let basic = view(Demo.state(colors: .basic8))
    let maybe = try #require(cell(basic, containing: "maybe"))
    // Heat on the background, the hedge marker on the text: two channels.
    #expect(basic[maybe.x, maybe.y].style.bg == .indexed(1))
    #expect(basic[maybe.x, maybe.y].style.fg == .indexed(3))
    #expect(basic[maybe.x, maybe.y].style.underline)
    let capital = try #require(cell(basic, containing: "capital is"))
    #expect(basic[capital.x, capital.y].style.fg == .default)
    let none = view(Demo.state(colors: .none))
    for y in 0..<none.size.height {
      for x in 0..<none.size.width {
        #expect(none[x, y].style.fg == .default && none[x, y].style.bg == .default)
      }
    }
    let unsure = try #require(cell(none, containing: "maybe"))
    #expect(none[unsure.x, unsure.y].style.bold)
    let sure = try #require(cell(none, containing: "capital is"))
    #expect(none[sure.x, sure.y].style.dim)
  }

  @Test func chosenAlternativeIsMarkedInTheDistribution() throws {
    var state = Demo.state()
    Demo.press(&state, .char("l"), .char("l"), .char("l"))
    let buffer = view(state)
    let row = try #require(buffer.lines.first { $0.contains("▶ \" Sydney\"") })
    #expect(row.contains("0.310"))
    let canberra = try #require(buffer.lines.first { $0.contains("\" Canberra\"") })
    #expect(canberra.hasPrefix("  "))
    #expect(canberra.contains("0.420"))
    let header = try #require(buffer.lines.first { $0.hasPrefix("─ token 4/9") })
    #expect(header.contains("p 0.310"))
    #expect(header.contains("rank 2/3"))
    #expect(header.contains("H≥"))
    #expect(header.contains("tail 0.170"))
  }

  @Test func selectedListRowUsesTheSelectionStyleWhenFocused() throws {
    var state = Demo.state()
    Demo.press(&state, .tab)
    #expect(state.focus == .list)
    let buffer = view(state)
    let row = try #require(cell(buffer, containing: "▶capital-aus"))
    #expect(buffer[row.x, row.y].style == state.theme.selectedRow)
  }

  @Test func timelineMarksTheCursor() throws {
    var state = Demo.state()
    let before = view(state)
    let first = try #require(cell(before, containing: "▲"))
    Demo.press(&state, .char("G"))
    let after = try #require(cell(view(state), containing: "▲"))
    #expect(after.x > first.x)
    #expect(before.lines[first.y - 1].hasPrefix("H≥ "))
  }

  /// Without colour the three marker classes stay apart, and none uses heat's dim or bold.
  @Test func noColourMarkerClassesHaveDistinctAttributes() {
    let theme = Theme(mode: .none)
    let styles = [MarkerKind.hedge, .correction, .assertion].map(theme.marker)
    #expect(Set(styles).count == 3)
    #expect(styles.allSatisfy { !$0.bold && !$0.dim && !$0.reverse && $0.fg == .default })
    #expect(styles[0].underline && !styles[0].italic)
    #expect(styles[2].italic && !styles[2].underline)
  }

  /// The help legend draws each heat bucket and marker class in the style it stands for.
  @Test func helpLegendEntriesCarryTheirOwnStyles() throws {
    for mode in [ColorMode.full256, .none] {
      var state = Demo.state(width: 100, height: 60, colors: mode)
      Demo.press(&state, .char("?"), .char("G"))
      let buffer = view(state)
      let hedge = try #require(cell(buffer, containing: "hedge · self-correction"))
      #expect(buffer[hedge.x, hedge.y].style == state.theme.marker(.hedge))
      let correction = try #require(cell(buffer, containing: "self-correction ·"))
      #expect(buffer[correction.x, correction.y].style == state.theme.marker(.correction))
      let row = try #require(buffer.lines.firstIndex { $0.contains("probability ") && $0.contains("<.1") })
      let unsure = try #require(buffer.lines[row].range(of: "<.1")).lowerBound
      let x = buffer.lines[row].distance(from: buffer.lines[row].startIndex, to: unsure)
      #expect(buffer[x, row].style == state.theme.heatStyle(4, .probability))
      if mode == .none { #expect(buffer.text.contains("hedges underlined, assertions italic")) }
    }
  }

  /// The focused pane's title starts with ▸: focus shows without colour, where both titles
  /// are bold alike.
  @Test func focusIsMarkedWithoutColour() {
    var state = Demo.state(colors: .none)
    #expect(view(state).lines[0].contains("│▸capital-australia"))
    #expect(view(state).lines[0].hasPrefix(" transcripts (2)"))
    Demo.press(&state, .tab)
    #expect(view(state).lines[0].hasPrefix("▸transcripts (2)"))
    #expect(view(state).lines[0].contains("│ capital-australia"))
    Demo.press(&state, .char("P"))
    #expect(view(state).lines[0].hasPrefix("▸transcripts (2) ⊟ "), "narrow: grouping as a glyph")
    var wide = Demo.state(width: 140, colors: .none)
    Demo.press(&wide, .tab, .char("P"), .char("s"))
    #expect(view(wide).lines[0].hasPrefix("▸transcripts (2) by prompt, hedges│"))
  }
}

/// The timeline scales to the corpus by default, so a transcript's bars compare with
/// another's; `=` switches to the transcript's own maximum, and the note says which.
@Suite struct TimelineScaleTests {
  @Test func barsUseTheCorpusScaleUnlessToggled() throws {
    var state = Demo.state(width: 100, height: 30)
    let own = try #require(state.reader.open?.stats.compactMap(\.entropyLowerBound).max())
    state.list.corpusMaxEntropy = own * 2
    let corpus = try #require(view(state).lines.first { $0.hasPrefix("H≥ ") })
    #expect(!corpus.contains("█"), "the transcript's peak is half the corpus's: no full bar")
    #expect(view(state).text.contains("scale corpus " + Format.fixed(own * 2, 2)))
    Demo.press(&state, .char("="))
    #expect(state.reader.timelineScale == .transcript)
    let scaled = try #require(view(state).lines.first { $0.hasPrefix("H≥ ") })
    #expect(scaled.contains("█"), "its own peak is a full bar")
    #expect(view(state).text.contains("scale own"))
  }
}

/// `L` shows a legend line under the timeline, each entry in its own style, for the heat
/// mode in force; the transcript gives up the row.
@Suite struct LegendLineTests {
  @Test func legendLineToggles() throws {
    var state = Demo.state(width: 100, height: 30)
    let height = state.screen.transcript.height
    Demo.press(&state, .char("L"))
    #expect(state.screen.transcript.height == height - 1)
    let buffer = view(state)
    let row = state.screen.legend.y
    #expect(buffer.lines[row].hasPrefix("p ≥.9 ≥.6 ≥.3 ≥.1 <.1  ·  hedge · self-correction · assertion"))
    let unsure = try #require(cell(buffer, containing: "<.1  ·"))
    #expect(buffer[unsure.x, unsure.y].style == state.theme.heatStyle(4, .probability))
    let assertion = try #require(cell(buffer, containing: "assertion  ·"))
    #expect(buffer[assertion.x, assertion.y].style == state.theme.marker(.assertion))
    Demo.press(&state, .char("m"))
    #expect(view(state).lines[row].hasPrefix("rank 1 ≤3 ≤10 ≤k outside top-k"))
    Demo.press(&state, .char("L"))
    #expect(state.screen.legend.isEmpty)
    #expect(state.screen.transcript.height == height)
  }
}

/// The status line is cut at a field (" · ") or word boundary, never mid-word; at 80 columns
/// the list keeps the marker counts while titles keep eight columns.
@Suite struct NarrowTextTests {
  @Test func statusLineCutsAtFieldsThenWords() {
    #expect(DisplayWidth.truncateAtFields("grouped by prompt · samples, agreement · P ungroups", to: 40) == "grouped by prompt · samples, agreement …")
    #expect(DisplayWidth.truncateAtFields("one two three four", to: 12) == "one two…")
    #expect(DisplayWidth.truncateAtFields("abcdefghijklmnop", to: 6) == "abcde…")
    #expect(DisplayWidth.truncateAtFields("short", to: 10) == "short")
  }

  @Test func countsStayInAnEightyColumnList() throws {
    let state = ListGroupingTests.state(width: 80, height: 24)
    #expect(state.screen.list.width < 30)
    let row = try #require(view(state).lines.first { $0.hasPrefix(" prompt-B") })
    #expect(row.contains(" h2 #0"), "\(row)")
  }
}
