import ConfabIO
import ConfabModel
import Foundation

/// The output of `confab record`: confab JSONL, appended one complete line per finished
/// sample. Reopening it finds what is already done (so a rerun resumes) and drops a partial
/// last line a killed run may have left.
public enum RecordingFile {
  public struct Key: Hashable, Sendable {
    public var prompt: String
    public var sample: Int
    public init(prompt: String, sample: Int) {
      self.prompt = prompt
      self.sample = sample
    }
  }

  /// Samples already recorded in `path` (empty when it does not exist). Truncates a partial
  /// last line first.
  public static func prepare(path: String) throws -> Set<Key> {
    guard FileManager.default.fileExists(atPath: path) else { return [] }
    let fd = open(path, O_RDWR)
    guard fd >= 0 else { throw ImportProblem(path: path, line: nil, message: "cannot open for appending: \(String(cString: strerror(errno)))") }
    defer { close(fd) }
    var info = stat()
    fstat(fd, &info)
    let size = Int(info.st_size)
    if size > 0 {
      // The last newline; what follows it is a tail without one.
      var end = size
      var byte: UInt8 = 0
      while end > 0 {
        _ = pread(fd, &byte, 1, off_t(end - 1))
        if byte == 0x0A { break }
        end -= 1
      }
      if end < size {
        var tail = [UInt8](repeating: 0, count: size - end)
        _ = tail.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, off_t(end)) }
        switch tailKind(tail) {
        case .complete:
          var newline: UInt8 = 0x0A
          guard pwrite(fd, &newline, 1, off_t(size)) == 1 else {
            throw ImportProblem(path: path, line: nil, message: "cannot append: \(String(cString: strerror(errno)))")
          }
          fsync(fd)
        case .cutRecording: ftruncate(fd, off_t(end))
        case .foreign:
          throw ImportProblem(path: path, line: nil, message: "ends with a line confab did not write; not appending to it (choose another -o)")
        }
      }
    }
    var done = Set<Key>()
    RecordFile.scan(path: path, parser: JSONParser()) { outcome in
      if case .transcripts(let transcripts) = outcome {
        for transcript in transcripts {
          if let prompt = transcript.promptID, let sample = transcript.sampleIndex { done.insert(Key(prompt: prompt, sample: sample)) }
        }
      }
      return true
    }
    return done
  }
}

extension RecordingFile {
  enum Tail { case complete, cutRecording, foreign }

  /// A last line without a newline: a whole record (add the newline), the start of a sample a
  /// killed run was writing (drop it), or something else (leave the file alone).
  static func tailKind(_ tail: [UInt8]) -> Tail {
    if (try? JSONParser().parse(tail) { _ in true }) == true { return .complete }
    return tail.starts(with: Array("{\"confab\":".utf8)) ? .cutRecording : .foreign
  }
}

extension ImportProblem: LocalizedError {
  public var errorDescription: String? { description }
}
