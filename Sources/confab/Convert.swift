import ConfabIO
import ConfabModel
import ArgumentParser
import Foundation

struct Convert: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "convert",
    abstract: "Normalize any supported input to confab JSONL (one transcript per line, lossless).",
    discussion: "Problems go to stderr as path:line: message; the rest still converts (exit 1 if any).")

  @Argument(help: ArgumentHelp(InputPaths.helpText))
  var paths: [String]

  @Option(name: .shortAndLong, help: "Write here (default: stdout). Never one of the inputs.")
  var output: String?

  func run() throws {
    let (files, expandProblems) = InputPaths.expand(paths)
    var problems = expandProblems
    var outputGuard = OutputGuard()
    outputGuard.protect(inputs: files)
    outputGuard.protect(tagStore: TagStore.defaultPath())
    if let output, let refusal = outputGuard.refusal(writing: output) ?? outputGuard.refusal(writing: output + ".partial") {
      warn("\(refusal)")
      throw ExitCode(1)
    }
    var handle = FileHandle.standardOutput
    var temporary: String?
    if let output {
      temporary = output + ".partial"
      guard FileManager.default.createFile(atPath: temporary!, contents: nil), let file = FileHandle(forWritingAtPath: temporary!) else {
        throw ValidationError("cannot write \(output)")
      }
      handle = file
    }
    let parser = JSONParser()
    var count = 0
    var buffer = ""
    for file in files {
      RecordFile.scan(path: file, parser: parser) { outcome in
        switch outcome {
        case .transcripts(let transcripts):
          for transcript in transcripts {
            buffer += ConfabWriter.line(transcript) + "\n"
            count += 1
          }
          if buffer.utf8.count > 1 << 20 {
            handle.write(Data(buffer.utf8))
            buffer = ""
          }
        case .summaries: break
        case .problem(let problem): problems.append(problem)
        }
        return true
      }
    }
    handle.write(Data(buffer.utf8))
    if let output, let temporary {
      try handle.close()
      _ = try? FileManager.default.removeItem(atPath: output)
      try FileManager.default.moveItem(atPath: temporary, toPath: output)
      warn("wrote \(count) transcripts to \(output)")
    }
    for problem in problems { warn("\(problem)") }
    if !problems.isEmpty { throw ExitCode(1) }
  }
}
