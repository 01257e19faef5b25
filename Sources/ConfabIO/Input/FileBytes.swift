import Foundation

/// A whole small file's bytes, read straight into one array. `FileManager.contents` went
/// through `Data` and took ~0.9 ms for the lexicon cache's 0.5 MB on the explorer's way to its
/// first screen, where every millisecond of the main thread counts.
public enum FileBytes {
  /// The bytes of the regular file at `path`, or nil when it cannot be read whole.
  public static func read(_ path: String) -> [UInt8]? {
    guard let (fd, info) = try? RecordFile.openRegularFile(path) else { return nil }
    defer { close(fd) }
    let size = Int(info.st_size)
    let source = FileByteSource(fd: fd)
    var complete = true
    let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
      while count < size {
        let got = source.read(into: buffer.baseAddress! + count, count: size - count)
        guard got > 0 else { break }
        count += got
      }
      complete = count == size
    }
    return complete ? bytes : nil
  }
}
