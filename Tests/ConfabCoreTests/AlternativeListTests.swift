import ConfabModel
import Testing

/// A token's alternatives read the same whether they are a window on a reply's shared
/// storage or an array of their own: element by element, field by field, and in equality.
@Suite struct AlternativeListTests {
  static let spellings = [Spelling(Array(" Paris".utf8)), Spelling(Array(" Actually".utf8)), Spelling([0xE2, 0x80])]

  /// Three positions over one storage: [Paris, Actually], [], [partial, Paris (id 7, text unknown)].
  static func shared() -> [AlternativeList] {
    var builder = AlternativeStorage.Builder(capacity: 4)
    builder.append(spelling: 0, logprob: Logprob(raw: -0.1))
    builder.append(spelling: 1, logprob: Logprob(raw: nil))
    builder.append(spelling: 2, logprob: Logprob(raw: -.infinity))
    builder.append(spelling: 0, logprob: Logprob(raw: -3), id: 7, textKnown: false)
    let storage = builder.finish(spellings: spellings)
    return [AlternativeList(storage, base: 0, count: 2), AlternativeList(storage, base: 2, count: 0), AlternativeList(storage, base: 2, count: 2)]
  }

  static let own: [AlternativeList] = [
    [Alternative(bytes: Array(" Paris".utf8), logprob: Logprob(raw: -0.1)), Alternative(bytes: Array(" Actually".utf8), logprob: .unknown)],
    [],
    [Alternative(bytes: [0xE2, 0x80], logprob: Logprob(raw: -.infinity)),
     Alternative(bytes: Array(" Paris".utf8), logprob: Logprob(raw: -3), id: 7, textKnown: false)],
  ]

  @Test func aWindowReadsAsAnArrayOfItsOwn() {
    for (window, array) in zip(Self.shared(), Self.own) {
      #expect(window == array)
      #expect(window.count == array.count)
      for index in window.indices {
        #expect(window[index] == array[index])
        #expect(window.logprob(at: index) == array[index].logprob)
        #expect(window.starterCues(at: index) == array[index].starterCues)
        #expect(window.id(at: index) == array[index].id)
        #expect(window.isSpelled(array[index].bytes, at: index))
        #expect(!window.isSpelled(Array(" Lyon".utf8), at: index))
      }
    }
    // "Actually" opens a correction: its cues come with its spelling.
    #expect(!Self.shared()[0].starterCues(at: 1).isEmpty)
  }

  @Test func listsDifferWhereTheirAlternativesDo() {
    let windows = Self.shared()
    #expect(windows[0] != windows[2])
    #expect(windows[1] == [])
    var other = Self.own[2].map { $0 }
    other[1].id = 8
    #expect(windows[2] != AlternativeList(other))
  }
}
