import ConfabIO
import ConfabModel
import ConfabServer
import Foundation
import Testing

/// Paths of the fixtures beside this file (the repo's own, written for these tests).
enum Fixture {
  static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
  static func path(_ name: String) -> String { directory.appendingPathComponent(name).path }
}

/// Everything a file yields, in order.
func scanAll(_ path: String) -> (transcripts: [Transcript], problems: [ImportProblem]) {
  var transcripts: [Transcript] = []
  var problems: [ImportProblem] = []
  RecordFile.scan(path: path, parser: JSONParser()) { outcome in
    switch outcome {
    case .transcripts(let found): transcripts += found
    case .problem(let problem): problems.append(problem)
    case .summaries: Issue.record("scan is not lazy here")
    }
    return true
  }
  return (transcripts, problems)
}

/// A temporary file with `contents`, removed by the caller via the returned URL's directory.
func temporaryFile(_ name: String, _ contents: [UInt8]) throws -> String {
  let directory = FileManager.default.temporaryDirectory.appendingPathComponent("confab-tests-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
  let url = directory.appendingPathComponent(name)
  try Data(contents).write(to: url)
  return url.path
}

func temporaryFile(_ name: String, _ text: String) throws -> String {
  try temporaryFile(name, Array(text.utf8))
}
