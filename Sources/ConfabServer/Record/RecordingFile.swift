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
      // Keep everything up to the last newline.
      var end = size
      var byte: UInt8 = 0
      while end > 0 {
        _ = pread(fd, &byte, 1, off_t(end - 1))
        if byte == 0x0A { break }
        end -= 1
      }
      if end < size { ftruncate(fd, off_t(end)) }
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

extension ImportProblem: LocalizedError {
  public var errorDescription: String? { description }
}
