import ArgumentParser
import ConfabIO
import ConfabModel
import ConfabServer
import Foundation

/// `confab rescore`: teacher-force every transcript's reply under a live llama.cpp server's
/// model, in a frame, and write the rescored transcripts as confab JSONL.
struct Rescore: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "rescore",
    abstract: "Score transcripts' replies under a running llama.cpp server's model (teacher forcing), in a frame.",
    discussion: """
      Per token of each sampled reply: the forced token's exact logprob and the top-K there \\
      (/completion with n_predict 1 and a logit bias forcing the token, cache_prompt). Frames: \\
      chat (the transcript's own messages and template), document (the text alone, no \\
      template), user (the text quoted in a user turn). Under the model that sampled it, a \\
      chat rescore reproduces the recorded logprobs.
      """)

  @OptionGroup var live: LiveServerOptions

  @Argument(help: ArgumentHelp(InputPaths.helpText))
  var paths: [String]

  @Option(help: "chat, document or user.")
  var frame = "chat"

  @Option(help: "Alternatives per position.")
  var topK = 20

  @Option(help: "Only this transcript (its id or a unique prefix).")
  var transcript: String?

  @Option(help: "llamacpp (exact teacher forcing through /completion) or openai (an OpenAI-compatible server that scores a prompt, such as vLLM: /v1/completions with echo and logprobs; document frame only).")
  var api = "llamacpp"

  func validate() throws {
    guard RescoreFrame(rawValue: frame) != nil else { throw ValidationError("--frame is chat, document or user") }
    guard topK >= 1 else { throw ValidationError("--top-k must be at least 1") }
    guard api == "llamacpp" || api == "openai" else { throw ValidationError("--api is llamacpp or openai") }
  }

  func run() async throws {
    let (files, problems) = InputPaths.expand(paths)
    for problem in problems { warn("\(problem)") }
    try live.refuseUnsafeOutput(inputs: files)
    let output = live.output
    var parents = TranscriptFiles.all(in: files)
    if let transcript { parents = parents.filter { $0.id.hasPrefix(transcript) } }
    guard !parents.isEmpty else {
      warn("no transcripts to rescore in \(paths.joined(separator: " "))")
      throw ExitCode(1)
    }
    let rescorer = Rescorer(session: live.session)
    var appender: LineAppender?
    let started = DispatchTime.now().uptimeNanoseconds
    var positions = 0
    do {
      for (index, parent) in parents.enumerated() {
        let rescored = api == "openai"
          ? try await EchoRescorer(client: live.session.client).rescore(parent, frame: RescoreFrame(rawValue: frame)!, topK: topK)
          : try await rescorer.rescore(parent, frame: RescoreFrame(rawValue: frame)!, topK: topK)
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
