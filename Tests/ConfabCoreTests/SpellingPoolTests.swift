@testable import ConfabIO
import ConfabModel
import Testing

/// The pool hands back the very bytes it was given, whatever their length (up to 32 bytes
/// pooled, longer ones made anew), shares one array per spelling, and stays right once full.
@Suite struct SpellingPoolTests {
  /// Spellings of every length from 0 to 40, with zero bytes, high bytes, and ones that differ
  /// only in their length or their last byte.
  static let spellings: [[UInt8]] = {
    var made: [[UInt8]] = [[], [0], [0, 0], [0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0], [255], [255, 255, 255, 255, 255, 255, 255]]
    var seed: UInt64 = 0x2545_F491_4F6C_DD1D
    for length in 0...40 {
      for _ in 0..<6 {
        var spelling: [UInt8] = []
        for _ in 0..<length {
          seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
          spelling.append(UInt8(truncatingIfNeeded: seed >> 56))
        }
        made.append(spelling)
        if let last = spelling.last { made.append(spelling.dropLast() + [last &+ 1]) }
      }
    }
    made += [Array(" Canberra".utf8), Array(" Actually".utf8), Array("é".utf8)]
    return made
  }()

  @Test func handsBackTheBytesItWasGiven() {
    let pool = SpellingPool(tokens: 1000)
    for round in 0..<2 {
      for spelling in Self.spellings {
        let pooled = spelling.withUnsafeBufferPointer { pool.spelling($0) }
        #expect(pooled.bytes == spelling, "round \(round): \(spelling)")
        #expect(pooled == Spelling(spelling))
      }
    }
  }

  @Test func sharesOneArrayPerSpelling() {
    let pool = SpellingPool(tokens: 1000)
    for spelling in Self.spellings where spelling.count <= 32 && !spelling.isEmpty {
      let first = spelling.withUnsafeBufferPointer { pool.array($0) }
      let again = spelling.withUnsafeBufferPointer { pool.array($0) }
      #expect(first.withUnsafeBufferPointer { $0.baseAddress } == again.withUnsafeBufferPointer { $0.baseAddress })
    }
  }

  /// A small table fills up: spellings past it are made anew, still right.
  @Test func aFullTableStillHandsBackTheRightBytes() {
    let pool = SpellingPool(tokens: 1)
    for _ in 0..<2 {
      for spelling in Self.spellings {
        #expect(spelling.withUnsafeBufferPointer { pool.array($0) } == spelling)
      }
    }
  }
}
