import ArgumentParser
import ConfabIO
import ConfabModel
import ConfabServer
import Foundation

/// `confab branch`: continue a transcript from a token it did not sample, on a live
/// llama.cpp server, and write the branches as confab JSONL.
struct Branch: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "branch",
    abstract: "Continue a transcript from an alternative it did not sample, on a running llama.cpp server.",
    discussion: """
      Takes transcript ID's sampled reply up to token N, puts the chosen alternative at N (one \\
      the file lists there), and asks the server to go on: S samples with the parent's sampler \\
      settings (flags override), seeds SEED + i. Each branch is a full transcript appended to \\
      OUT, carrying "branch": {parent, token_index, token, parent_source}. Token ids come from \\
      the file (llama-server recordings have them); merged multi-byte entries are re-tokenized.
      """)

  @OptionGroup var live: LiveServerOptions

  @Argument(help: "The file holding the transcript.")
  var file: String

  @Option(help: "The transcript's id (scan's `id`), or a unique prefix of it. Needed with --at N; with near-miss or events:KIND it limits the batch to that transcript.")
  var transcript: String?

  @Option(help: "Where: a token index in the sampled reply (from 0); near-miss (every near-miss correction, at its strongest correction alternative); or events:KIND (every event of a kind, e.g. events:high-entropy).")
  var at: String

  /// The same lexicon and thresholds as the explorer's, for near-miss and event batches.
  @OptionGroup var analysis: AnalysisOptions

  @Option(help: "The alternative to put at N, by its text (\\\\n for a newline).")
  var token: String?

  @Option(help: "The alternative to put at N, by its vocabulary id.")
  var tokenId: Int?

  @Option(name: .shortAndLong, help: "Branches to sample.")
  var n = 1

  @Option(help: "Tokens to generate after the chosen one (default: the parent's max_tokens, else 160).")
  var maxTokens: Int?

  @Option(help: "Seed of branch 0; branch i uses seed + i (default: the parent's seed).")
  var seed: Int?

  @Option(help: "Sampling temperature (default: the parent's).")
  var temperature: Double?

  @Option(help: "llamacpp (token ids through /completion: exact) or openai (an OpenAI-compatible server such as vLLM: the kept text goes back as text, /v1/chat/completions with the assistant turn as a prefill, or /v1/completions for a document; the server's tokens may differ from the recorded ids).")
  var api = "llamacpp"

  func validate() throws {
    guard let target = BranchTarget(at) else { throw ValidationError("--at takes a token index, near-miss, or events:KIND") }
    if case .position = target {
      guard (token == nil) != (tokenId == nil) else { throw ValidationError("give one of --token TEXT or --token-id K") }
      guard transcript != nil else { throw ValidationError("--at N needs --transcript ID") }
    } else if token != nil && tokenId != nil {
      throw ValidationError("give at most one of --token TEXT or --token-id K")
    }
    guard n >= 1, maxTokens.map({ $0 >= 1 }) ?? true else { throw ValidationError("-n and --max-tokens must be at least 1") }
    guard Brancher.API(rawValue: api) != nil else { throw ValidationError("--api is llamacpp or openai") }
  }

  func run() async throws {
    try live.refuseUnsafeOutput(inputs: [file])
    let output = live.output
    let target = BranchTarget(at)!
    let inFile = TranscriptFiles.all(in: [file])
    let parents = try transcript.map { [try TranscriptFiles.find($0, in: inFile, file: file)] } ?? inFile
    let plans: [BranchPlan]
    do {
      plans = try target.plans(parents, analyzer: try analysis.analyzer(), token: token.map(Record.unescaped), tokenID: tokenId)
    } catch {
      warn("\(file): \(error)")
      throw ExitCode(1)
    }
    guard !plans.isEmpty else {
      warn("\(file): no \(at) positions to branch from in \(parents.count) transcript\(parents.count == 1 ? "" : "s")")
      throw ExitCode(1)
    }
    let brancher = Brancher(session: live.session, api: Brancher.API(rawValue: api) ?? .llamacpp)
    let overrides = Brancher.Overrides(samples: n, maxTokens: maxTokens, seed: seed, temperature: temperature)
    var appender: LineAppender?
    var written = 0
    var failure: (any Error)?
    do {
      for (index, plan) in plans.enumerated() {
        try await brancher.branch(plan, overrides) { branch, new, sample in
          // Opened on the first branch: a failed call leaves no file behind.
          if appender == nil {
            do { appender = try LineAppender(path: output) } catch { failure = error; return }
          }
          appender?.write(ConfabWriter.line(branch) + "\n")
          written += 1
          let text = Printable.escaped(String(TokenText.text(of: new).prefix(50)))
          let place = plans.count > 1 ? "[\(index + 1)/\(plans.count)] \(plan.parent.title) " : ""
          warn("\(place)branch \(sample + 1)/\(n) at token \(plan.position) \(TokenText.quoted(plan.chosen.bytes)): \(new.count) tokens: \(text)")
        }
        if let failure { throw failure }
      }
    } catch let error as BranchError {
      warn("\(error)")
      if written > 0 { warn("kept the \(written) branches already written to \(output)") }
      throw ExitCode(1)
    } catch {
      warn("\(error.localizedDescription)")
      throw ExitCode(1)
    }
    warn("wrote \(written) branch\(written == 1 ? "" : "es") from \(Set(plans.map(\.parent.id)).count) transcript(s) to \(output)")
  }
}
