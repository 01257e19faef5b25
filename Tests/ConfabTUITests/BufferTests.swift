import Testing

@testable import ConfabTUI

@Suite struct BufferTests {
  @Test func wideCharactersTakeTwoCellsAndClipCleanly() {
    var buffer = Buffer(size: Size(width: 6, height: 2))
    let end = buffer.put("a日本", x: 0, y: 0)
    #expect(end == 5)
    #expect(buffer[1, 0].symbol == "日")
    #expect(buffer[2, 0].isContinuation)
    #expect(buffer.lines[0] == "a日本 ")
    // A wide character that would straddle the clip edge becomes a space.
    buffer.put("xx日", x: 0, y: 1, clip: Rect(x: 0, y: 1, width: 3, height: 1))
    #expect(buffer.lines[1] == "xx    ")
  }

  @Test func overwritingHalfAWideCharacterRepairsIt() {
    var buffer = Buffer(size: Size(width: 4, height: 1))
    buffer.put("日本", x: 0, y: 0)
    buffer.put("x", x: 1, y: 0)
    #expect(buffer.lines[0] == " x本")
  }

  @Test func combiningMarksJoinTheirBaseAndControlsAreVisible() {
    var buffer = Buffer(size: Size(width: 5, height: 1))
    buffer.put("e\u{301}\u{7}👨‍👩‍👧", x: 0, y: 0)
    #expect(buffer[0, 0].symbol == "e\u{301}")
    #expect(buffer[1, 0].symbol == "?")
    #expect(buffer[2, 0].symbol == "👨")
    #expect(buffer[3, 0].isContinuation)
  }

  @Test func widthRuleMatchesKnownCases() {
    #expect(DisplayWidth.of("abc") == 3)
    #expect(DisplayWidth.of("日本語") == 6)
    #expect(DisplayWidth.of("한국어") == 6)
    #expect(DisplayWidth.of("e\u{301}") == 1)
    #expect(DisplayWidth.of("🙂") == 2)
    #expect(DisplayWidth.of("\u{200B}") == 0)
    #expect(DisplayWidth.truncate("abcdef", to: 4) == "abc…")
    #expect(DisplayWidth.pad("日本", to: 5) == "日本 ")
  }

  @Test func barsResolveEighths() {
    #expect(Bar.text(0.5, width: 4) == "██  ")
    #expect(Bar.text(1.0 / 32, width: 4) == "▏   ")
    #expect(Bar.text(0.0001, width: 4) == "▏   ")
    #expect(Bar.text(0, width: 3) == "   ")
  }

  @Test func numbersFormatWithoutFoundation() {
    #expect(Format.fixed(0.3104, 3) == "0.310")
    #expect(Format.fixed(-2.0049, 2) == "-2.00")
    #expect(Format.fixed(1.5, 0) == "2")
    #expect(Format.probability(0.0001) == "<0.001")
    #expect(Format.compact(1_234_567) == "1.2M")
  }
}
