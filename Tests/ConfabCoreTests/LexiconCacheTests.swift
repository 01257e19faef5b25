@testable import ConfabIO
@testable import ConfabModel
import Foundation
import Testing

/// The built-in lexicon kept built between runs: the bytes stand for exactly the lexicon the
/// text builds, anything else is refused, and the cache builds over what it cannot use.
@Suite struct LexiconCacheTests {
  static func temporaryDirectory() throws -> String {
    let path = NSTemporaryDirectory() + "confab-lexicon-cache-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }

  @Test func bytesStandForTheLexiconTheTextBuilds() throws {
    let built = Lexicon.standard
    let decoded = try #require(Lexicon(decoding: built.encoded(), sources: [Lexicon.builtInText]))
    #expect(decoded == built)
    #expect(decoded.entries == built.entries, "every field of every entry, in order")
    #expect(decoded.entries.map(decoded.phrase) == built.entries.map(built.phrase))
    #expect(decoded.entries.map(decoded.family) == built.entries.map(built.family))
    #expect(decoded.entries.count > 5000 && built.entries.contains { built.phrase(of: $0) == "i think" })
    #expect(decoded.fingerprint == built.fingerprint)
    for (mine, theirs) in [(decoded.negations, built.negations), (decoded.support, built.support),
                           (decoded.clauseOpeners, built.clauseOpeners), (decoded.reporting, built.reporting),
                           (decoded.reporters, built.reporters)] {
      #expect(Set(mine.members) == Set(theirs.members))
      #expect(!mine.members.isEmpty)
    }
    // The same markers, rules and offsets on the labelled sentences, replies included.
    let text = try String(contentsOfFile: Fixture.path("markers-labelled.tsv"), encoding: .utf8)
    for line in text.split(separator: "\n") where !line.hasPrefix("#") {
      let sentence = String(line.split(separator: "\t", maxSplits: 1)[1])
      #expect(MarkerDetector(lexicon: decoded).markers(in: sentence) == MarkerDetector(lexicon: built).markers(in: sentence))
      #expect(MarkerDetector(lexicon: decoded).markers(in: sentence, replyingTo: "It is 21.")
        == MarkerDetector(lexicon: built).markers(in: sentence, replyingTo: "It is 21."))
    }
  }

  @Test func anythingButAWholeLexiconIsRefused() throws {
    let small = try Lexicon(text: "[hedge]\n@family mine strength=0.3 stance\n(i|we) reckon | negated=assertion questions\n[negation]\nnae\n", source: "mine.txt")
    let bytes = small.encoded()
    #expect(Lexicon(decoding: bytes, sources: ["x"])?.entries == small.entries)
    for length in 0..<bytes.count {
      #expect(Lexicon(decoding: Array(bytes[..<length]), sources: ["x"]) == nil, "cut at \(length)")
    }
    #expect(Lexicon(decoding: bytes + [0], sources: ["x"]) == nil)
    var otherVersion = bytes
    otherVersion[4] &+= 1
    #expect(Lexicon(decoding: otherVersion, sources: ["x"]) == nil)
  }

  /// The tables are copied, not rebuilt: a damaged file that still decodes must not send a
  /// lookup out of bounds or round an index forever. Every byte of a small lexicon's file,
  /// changed three ways: refused, or a lexicon that detects without a trap.
  @Test func aDamagedFileNeverNamesAnythingOutOfBounds() throws {
    let small = try Lexicon(text: "[hedge]\n@family mine strength=0.3\n(i|we) reckon | negated=assertion\nmaybe\n[correction]\nwait\n[negation]\nnot\n", source: "mine.txt")
    let bytes = small.encoded()
    let sentence = "Maybe we reckon it is 4. Wait, I do not reckon so."
    #expect(MarkerDetector(lexicon: small).markers(in: sentence).map(\.text) == ["Maybe", "we reckon", "Wait"])
    var refused = 0
    for position in bytes.indices {
      for change in [{ (_: UInt8) in UInt8(0) }, { _ in 0xFF }, { $0 ^ 0x01 }] {
        var damaged = bytes
        damaged[position] = change(bytes[position])
        guard damaged != bytes else { continue }
        guard let lexicon = Lexicon(decoding: damaged, sources: ["x"]) else {
          refused += 1
          continue
        }
        _ = MarkerDetector(lexicon: lexicon).markers(in: sentence)
      }
    }
    #expect(refused > bytes.count, "most damage is refused outright")
  }

  /// A lexicon with nothing in a table (no entries at all, or no phrase of two words) has
  /// empty indexes; its bytes decode too.
  @Test func emptyTablesDecode() throws {
    let empty = try #require(Lexicon(decoding: Lexicon().encoded(), sources: []))
    #expect(empty.entries.isEmpty)
    #expect(MarkerDetector(lexicon: empty).markers(in: "I think it is 4.").isEmpty)
    let oneWord = try Lexicon(text: "[hedge]\nmaybe\n", source: "one.txt")
    let decoded = try #require(Lexicon(decoding: oneWord.encoded(), sources: ["x"]))
    #expect(MarkerDetector(lexicon: decoded).markers(in: "Maybe it is 4.").map(\.text) == ["Maybe"])
  }

  @Test func theCacheWritesOnceReadsAfterAndBuildsOverWhatItCannotUse() throws {
    let directory = try Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    #expect(LexiconCache.load(directory: directory) == Lexicon.standard)
    let files = try FileManager.default.contentsOfDirectory(atPath: directory)
    #expect(files.count == 1 && files[0].hasPrefix("lexicon-") && files[0].hasSuffix(".bin"), "\(files)")
    let path = directory + "/" + files[0]
    let written = try #require(FileManager.default.contents(atPath: path))
    #expect(Lexicon(decoding: [UInt8](written), sources: [Lexicon.builtInText]) == Lexicon.standard)
    // Read back, then a damaged file is built over and written again whole.
    #expect(LexiconCache.load(directory: directory).entries == Lexicon.standard.entries)
    #expect(FileManager.default.createFile(atPath: path, contents: written.prefix(100)))
    #expect(LexiconCache.load(directory: directory).entries == Lexicon.standard.entries)
    #expect(FileManager.default.contents(atPath: path) == written)
  }

  /// Other builds' files: the newest few stay (builds used in turn keep their own), older
  /// ones go when this build writes its own.
  @Test func theNewestOtherBuildsKeepTheirFiles() throws {
    let directory = try Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let count = LexiconCache.keptOtherBuilds + 2
    for index in 0..<count {
      let path = directory + "/lexicon-other\(index).bin"
      #expect(FileManager.default.createFile(atPath: path, contents: Data([UInt8(index)])))
      // Older by index: other0 is the oldest.
      var times = [timespec(tv_sec: 1_000_000 + index, tv_nsec: 0), timespec(tv_sec: 1_000_000 + index, tv_nsec: 0)]
      #expect(utimensat(AT_FDCWD, path, &times, 0) == 0)
    }
    #expect(FileManager.default.createFile(atPath: directory + "/notes.txt", contents: Data([1])))
    #expect(LexiconCache.load(directory: directory) == Lexicon.standard)
    let files = Set(try FileManager.default.contentsOfDirectory(atPath: directory))
    let kept = (count - LexiconCache.keptOtherBuilds..<count).map { "lexicon-other\($0).bin" }
    #expect(files.isSuperset(of: kept), "\(files)")
    #expect(!files.contains("lexicon-other0.bin") && !files.contains("lexicon-other1.bin"), "\(files)")
    #expect(files.contains("notes.txt"))
    #expect(files.count == LexiconCache.keptOtherBuilds + 2, "this build's, the kept ones and notes.txt: \(files)")
  }

  @Test func theKeyNamesTheExecutableAndTheText() throws {
    let directory = try Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let one = directory + "/one", two = directory + "/two"
    #expect(FileManager.default.createFile(atPath: one, contents: Data([1])))
    #expect(FileManager.default.createFile(atPath: two, contents: Data([1, 2])))
    #expect(LexiconCache.key(text: "a", executable: one) != LexiconCache.key(text: "a", executable: two))
    #expect(LexiconCache.key(text: "a", executable: one) != LexiconCache.key(text: "b", executable: one))
    #expect(LexiconCache.key(text: "a", executable: one) == LexiconCache.key(text: "a", executable: one))
  }

  @Test func aDirectoryThatCannotBeWrittenOnlyCostsTheBuild() {
    #expect(LexiconCache.load(directory: "/proc/confab-cannot-write-here") == Lexicon.standard)
  }
}
