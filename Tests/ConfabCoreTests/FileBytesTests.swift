import ConfabIO
import Foundation
import Testing

/// `FileBytes.read`: a whole regular file, byte for byte, or nil.
@Suite struct FileBytesTests {
  @Test func readsAWholeFileByteForByte() throws {
    // Past one read's worth and with every byte value, NUL included.
    let bytes = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
    #expect(FileBytes.read(try temporaryFile("whole.bin", bytes)) == bytes)
    #expect(FileBytes.read(try temporaryFile("empty.bin", [])) == [])
  }

  @Test func givesNilForWhatIsNoReadableFile() throws {
    let folder = (try temporaryFile("inside.bin", [1]) as NSString).deletingLastPathComponent
    #expect(FileBytes.read(folder) == nil)
    #expect(FileBytes.read(folder + "/no-such-file-\(UUID().uuidString)") == nil)
  }
}
