import ArgumentParser
import ConfabIO
import ConfabModel
import ConfabServer
import Foundation

/// `confab rescore`: teacher-force every transcript's reply under a live llama.cpp server's
/// model, in a frame, and write the rescored transcripts as confab JSONL.
struct Rescore: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Score transcripts' replies under a running llama.cpp server's model (teacher forcing), in a frame.",
    discussion: """
      Per token of each sampled reply: the forced token's exact logprob and the top-K there \\
      (/completion with n_predict 1 and a logit bias forcing the token, cache_prompt). Frames: \\
      chat (the transcript's own messages and template), document (the text alone, no \\
      template), user (the text quoted in a user turn). Under the model that sampled it, a \\
      chat rescore reproduces the recorded logprobs.
      """)

  @Option(help: "llama.cpp server base URL.")
  var server: String

  @Argument(help: ArgumentHelp(InputPaths.helpText))
  var paths: [String]

  @Option(help: "chat, document or user.")
  var frame = "chat"

  @Option(help: "Alternatives per position.")
  var topK = 20

  @Option(help: "Only this transcript (its id or a unique prefix).")
  var transcript: String?

  @Option(help: "Seconds a request may take.")
  var timeout = 120.0

  @Option(name: .shortAndLong, help: "Output confab JSONL (appended; never an input).")
  var output: String

  func validate() throws {
    guard RescoreFrame(rawValue: frame) != nil else { throw ValidationError("--frame is chat, document or user") }
    guard topK >= 1 else { throw ValidationError("--top-k must be at least 1") }
    guard URL(string: server)?.scheme?.hasPrefix("http") == true else { throw ValidationError("--server must be an http(s) URL") }
  }

  func run() async throws {
    var outputGuard = OutputGuard()
    let files = InputPaths.expand(paths).files
    outputGuard.protect(inputs: files)
    outputGuard.protect(tagStore: TagStore.defaultPath())
    if let refusal = outputGuard.refusal(writing: output) {
      warn("\(refusal)")
      throw ExitCode(1)
    }
    var parents: [Transcript] = []
    for file in files { parents += Branch.all(in: file) }
    if let transcript { parents = parents.filter { $0.id.hasPrefix(transcript) } }
    guard !parents.isEmpty else {
      warn("no transcripts to rescore in \(paths.joined(separator: " "))")
      throw ExitCode(1)
    }
    let rescorer = Rescorer(session: LlamaCppSession(client: ServerClient(server: server, timeout: timeout, apiKey: nil, maxBodyBytes: 64 << 20)))
    var appender: LineAppender?
    let started = DispatchTime.now().uptimeNanoseconds
    var positions = 0
    do {
      for (index, parent) in parents.enumerated() {
        let rescored = try await rescorer.rescore(parent, frame: RescoreFrame(rawValue: frame)!, topK: topK)
        if appender == nil { appender = try LineAppender(path: output) }
        appender?.write(ConfabWriter.line(rescored) + "\n")
        let count = rescored.sampledTokens.count
        positions += count
        warn("[\(index + 1)/\(parents.count)] \(parent.title): \(count) positions rescored (\(frame))")
      }
    } catch let error as BranchError {
      warn("\(error)")
      throw ExitCode(1)
    } catch {
      warn("\(error.localizedDescription)")
      throw ExitCode(1)
    }
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
    warn("wrote \(parents.count) rescored transcript(s) to \(output): \(positions) positions in \(NumberText.fixed(seconds, 1)) s "
      + "(\(NumberText.fixed(Double(positions) / max(seconds, 1e-9), 0)) positions/s)")
  }
}
