import ArgumentParser
import ConfabIO
import ConfabServer
import Foundation

/// What `branch` and `rescore` share: the llama.cpp server they ask, and the confab JSONL they
/// append to (never an input, never the tag store).
struct LiveServerOptions: ParsableArguments {
  @Option(help: "llama.cpp server base URL, e.g. http://127.0.0.1:8080.")
  var server: String

  @Option(help: "Seconds a request may take.")
  var timeout = 120.0

  @Option(name: .shortAndLong, help: "Output confab JSONL (appended; never an input).")
  var output: String

  func validate() throws {
    guard URL(string: server)?.scheme?.hasPrefix("http") == true else { throw ValidationError("--server must be an http(s) URL") }
  }

  var session: LlamaCppSession {
    LlamaCppSession(server: server, timeout: timeout)
  }

  /// Exits 1, saying why, when `output` is one of `inputs` or the tag store.
  func refuseUnsafeOutput(inputs: [String]) throws {
    var outputGuard = OutputGuard()
    outputGuard.protect(inputs: inputs)
    outputGuard.protect(tagStore: TagStore.defaultPath())
    if let refusal = outputGuard.refusal(writing: output) {
      warn("\(refusal)")
      throw ExitCode(1)
    }
  }
}
