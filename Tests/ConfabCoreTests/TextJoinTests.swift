import ConfabModel
import Testing

@Suite struct TextJoinTests {
  /// The same text the standard library's `joined` gives, for strings and for split words.
  @Test func joinsAsTheStandardLibraryDoes() {
    for parts in [[], [""], ["a"], ["a", "b"], ["", "x", ""], ["日本", "語", "✓"]] {
      #expect(TextJoin.join(parts, separator: " · ") == parts.joined(separator: " · "))
      let words = parts.joined(separator: " ").split(separator: " ", omittingEmptySubsequences: false)
      #expect(TextJoin.join(words.map(String.init), separator: "--") == words.joined(separator: "--"))
      #expect(TextJoin.join(words.prefix(2).map(String.init), separator: "") == words.prefix(2).joined())
    }
  }
}
