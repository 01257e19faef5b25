import ArgumentParser
import ConfabIO
import ConfabModel

/// The transcripts of input files, whole: held for the commands that work on a few of them
/// (`branch`, `rescore`), streamed for pairing rescorings. (`events` walks a corpus on the
/// scan's threads: `ParallelScan.map`.) Bad input is reported by path and line; the rest is
/// read.
enum TranscriptFiles {
  static func all(in files: [String]) -> [Transcript] {
    var found: [Transcript] = []
    each(in: files) { found.append($0) } problem: { warn("\($0)") }
    return found
  }

  /// Each transcript in turn, in file order, and each problem as it is met.
  static func each(in files: [String], _ body: (Transcript) -> Void, problem: (ImportProblem) -> Void) {
    let parser = JSONParser()
    for file in files {
      RecordFile.scan(path: file, parser: parser) { outcome in
        switch outcome {
        case .transcripts(let transcripts): transcripts.forEach(body)
        case .problem(let found): problem(found)
        case .summaries: break
        }
        return true
      }
    }
  }

  /// The transcript with id `id`, or the only one whose id starts with it; exits 1 otherwise.
  static func find(_ id: String, in transcripts: [Transcript], file: String) throws -> Transcript {
    if let exact = transcripts.first(where: { $0.id == id }) { return exact }
    let matches = transcripts.filter { $0.id.hasPrefix(id) }
    guard matches.count == 1 else {
      warn(matches.isEmpty ? "\(file): no transcript with id \(id) (ids are scan's `id` field)"
        : "\(file): \(matches.count) transcripts start with \(id): give more of the id")
      throw ExitCode(1)
    }
    return matches[0]
  }
}
