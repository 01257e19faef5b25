import ConfabIO
import ConfabServer
import ConfabModel
import ArgumentParser
import Dispatch
import Foundation
import Synchronization


struct Record: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "record",
    abstract: "Sample from a running model server and record full distributions to confab JSONL.",
    discussion: """
      Prompts: JSONL, one per line: {"id", "messages" | "prompt", optional settings}. See docs/record.md.
      Rerunning the same command skips samples already in OUT. Ctrl-C stops cleanly; every
      finished sample is on disk. Exit code 1 when any sample failed (with a summary).
      """)

  @Option(help: "Server base URL, e.g. http://127.0.0.1:8080 (llama-server, vLLM, Ollama, OpenAI).")
  var server: String

  @Option(help: "Prompts JSONL file.")
  var prompts: String

  @Option(name: .shortAndLong, help: "Samples per prompt.")
  var n = 1

  @Option(help: "Alternatives per token (top_logprobs / n_probs).")
  var topLogprobs = 20

  @Option(help: "Sampling temperature.")
  var temperature = 1.0

  @Option(help: "top_k sent to the server (0 = off). Sent explicitly: servers have their own defaults.")
  var topK = 0

  @Option(help: "top_p sent to the server (1 = off).")
  var topP = 1.0

  @Option(help: "min_p sent to the server (0 = off).")
  var minP = 0.0

  @Option(help: "confab's own cap on generated tokens per sample.")
  var maxTokens = 256

  @Option(help: "Seed of sample 0; sample i uses seed + i.")
  var seed = 1000

  @Option(help: "A string that ends a sample (repeat for several); e.g. \"\\nQuestion:\" for a base model sampled as a document.")
  var stop: [String] = []

  @Option(help: "Requests in flight at once.")
  var concurrency = 1

  @Option(help: "openai-chat, openai-completions, llamacpp (native /completion: raw bytes, token ids), ollama.")
  var api = "openai-chat"

  @Option(help: "Model name to request (needed by OpenAI and Ollama).")
  var model: String?

  @Option(help: "Environment variable holding the API key (sent as a Bearer token, never stored).")
  var apiKeyEnv = "OPENAI_API_KEY"

  @Option(help: "Seconds a whole request may take, first byte to last (a slow drip counts), before it is abandoned.")
  var timeout = 120.0

  @Option(help: "Largest response body read, in bytes; a longer one is stopped and the sample fails.")
  var maxResponseBytes = 64 << 20

  @Option(help: "Retries for transient errors (connection, timeouts, 429, 5xx), with backoff.")
  var retries = 2

  @Option(name: .shortAndLong, help: "Output confab JSONL (appended).")
  var output = "recording.jsonl"

  @Flag(help: "Ask for a streamed response (SSE / NDJSON), merged by the same stream importers as saved streams.")
  var stream = false

  func validate() throws {
    guard RecordAPI(rawValue: api) != nil else {
      throw ValidationError("unknown --api '\(api)' (\(RecordAPI.allCases.map(\.rawValue).joined(separator: ", ")))")
    }
    guard n >= 1, concurrency >= 1, maxTokens >= 1, topLogprobs >= 0, timeout > 0, maxResponseBytes > 0 else {
      throw ValidationError("-n, --concurrency and --max-tokens must be at least 1, --timeout and --max-response-bytes positive")
    }
    guard URL(string: server)?.scheme?.hasPrefix("http") == true else { throw ValidationError("--server must be an http(s) URL") }
  }

  func run() async throws {
    var outputGuard = OutputGuard()
    outputGuard.protect(prompts, as: "the prompts file")
    outputGuard.protect(tagStore: TagStore.defaultPath())
    if let refusal = outputGuard.refusal(writing: output) {
      warn("\(refusal)")
      throw ExitCode(1)
    }
    let (loaded, problems) = PromptFile.read(path: prompts)
    for problem in problems { warn("\(problem)") }
    guard !loaded.isEmpty else { throw ExitCode(1) }
    var settings = SamplerSettings()
    settings.temperature = temperature
    settings.topK = topK
    settings.topP = topP
    settings.minP = minP
    settings.maxTokens = maxTokens
    settings.seed = seed
    settings.topLogprobs = topLogprobs
    settings.model = model
    settings.stop = stop.map(Self.unescaped)
    let done: Set<RecordingFile.Key>
    do {
      done = try RecordingFile.prepare(path: output)
    } catch {
      warn("\(error)")
      throw ExitCode(1)
    }
    var jobs: [Job] = []
    for prompt in loaded {
      let samples = prompt.settings["n"].flatMap { Int($0) } ?? n
      for sample in 0..<samples where !done.contains(RecordingFile.Key(prompt: prompt.id, sample: sample)) {
        jobs.append(Job(prompt: prompt, sample: sample, settings: settings.overridden(by: prompt.settings)))
      }
    }
    let total = jobs.count + done.count
    if jobs.isEmpty {
      warn("all \(total) samples are already in \(output)")
      return
    }
    if !done.isEmpty {
      warn("resuming: \(done.count) samples already in \(output), \(jobs.count) to go")
    }
    let client = ServerClient(
      server: server, timeout: timeout, apiKey: Environment.process[apiKeyEnv], maxBodyBytes: maxResponseBytes)
    let recorder = try Recorder(
      api: RecordAPI(rawValue: api)!, client: client, output: output, retries: retries, stream: stream, total: total,
      alreadyDone: done.count)
    let summary = await recorder.run(jobs, concurrency: concurrency)
    FileHandle.standardError.write(Data((summary.text + "\n").utf8))
    if summary.interrupted { throw ExitCode(130) }
    if summary.failed > 0 { throw ExitCode(1) }
  }
}

extension Record {
  /// `\n` and `\t` typed on a command line stand for the characters (a shell passes them
  /// as two characters each).
  static func unescaped(_ text: String) -> String {
    text.replacingOccurrences(of: "\\n", with: "\n").replacingOccurrences(of: "\\t", with: "\t")
  }
}

struct Job: Sendable {
  var prompt: RecordPrompt
  var sample: Int
  var settings: SamplerSettings
  var label: String { "\(prompt.id)#\(sample)" }
}

/// Sends the requests, writes each finished sample at once, reports progress and errors.
final class Recorder: Sendable {
  struct Summary {
    var text: String
    var failed: Int
    var interrupted: Bool
  }

  private struct Progress {
    var recorded = 0
    var failed = 0
    var tokens = 0
    var serverSpeeds: [Double] = []
    var errors: [String] = []
  }

  let api: RecordAPI
  let client: ServerClient
  let output: String
  let retries: Int
  let stream: Bool
  let total: Int
  let alreadyDone: Int
  private let progress = Mutex(Progress())
  private let stop = Atomic<Bool>(false)
  private let appender: LineAppender
  private let isTerminal = isatty(STDERR_FILENO) == 1
  private let started = DispatchTime.now().uptimeNanoseconds

  init(api: RecordAPI, client: ServerClient, output: String, retries: Int, stream: Bool, total: Int, alreadyDone: Int) throws {
    self.stream = stream
    self.api = api
    self.client = client
    self.output = output
    self.retries = retries
    self.total = total
    self.alreadyDone = alreadyDone
    do {
      appender = try LineAppender(path: output)
    } catch {
      throw ValidationError(error.localizedDescription)
    }
  }

  func run(_ jobs: [Job], concurrency: Int) async -> Summary {
    let interrupt = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
    signal(SIGINT, SIG_IGN)
    interrupt.setEventHandler { [self] in stop.store(true, ordering: .relaxed) }
    interrupt.resume()
    defer { interrupt.cancel() }
    await withTaskGroup(of: Void.self) { group in
      var next = 0
      func schedule() -> Bool {
        guard next < jobs.count, !stop.load(ordering: .relaxed) else { return false }
        let job = jobs[next]
        next += 1
        group.addTask { [self] in await perform(job) }
        return true
      }
      for _ in 0..<concurrency where schedule() {}
      while await group.next() != nil {
        if stop.load(ordering: .relaxed) { group.cancelAll() }
        _ = schedule()
      }
    }
    return summary(remaining: jobs.count)
  }

  private func perform(_ job: Job) async {
    let templated = job.prompt.messages != nil && api == .llamacpp ? await template(job.prompt) : nil
    let body = RecordRequest.body(
      api: api, prompt: job.prompt, templated: templated, settings: job.settings, sample: job.sample,
      includeSamplerExtras: !client.server.contains("api.openai.com"), stream: stream)
    var attempt = 0
    while true {
      if stop.load(ordering: .relaxed) || Task.isCancelled { return }
      let started = DispatchTime.now().uptimeNanoseconds
      // A stream sends about one event per token: far more than --max-tokens means it never ends.
      let outcome = await client.post(api.path, body: body, maxStreamEvents: stream ? job.settings.maxTokens + 16 : nil)
      switch outcome {
      case .success(let bytes):
        do {
          let result = try RecordedSample.make(
            response: bytes, api: api, prompt: job.prompt, sample: job.sample, settings: job.settings, server: client.server)
          write(ConfabWriter.line(result.transcript) + "\n")
          let tokens = result.transcript.messages.reduce(0) { $0 + ($1.tokens?.count ?? 0) }
          let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
          record(job, tokens: tokens, serverTokens: result.serverTokens, speed: result.serverTokensPerSecond, seconds: seconds)
        } catch {
          fail(job, Printable.escaped(error.message))
        }
        return
      case .failure(let failure):
        if failure.transient && attempt < retries && !stop.load(ordering: .relaxed) {
          attempt += 1
          try? await Task.sleep(nanoseconds: UInt64(500_000_000 << (attempt - 1)))
          continue
        }
        fail(job, failure.message + (attempt > 0 ? " (after \(attempt) retr\(attempt == 1 ? "y" : "ies"))" : ""))
        return
      }
    }
  }

  /// llama-server applies the model's chat template for /completion prompts.
  private func template(_ prompt: RecordPrompt) async -> String? {
    let body = "{\"messages\":" + RecordRequest.messagesJSON(prompt) + "}"
    guard case .success(let bytes) = await client.post("/apply-template", body: body),
      let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any]
    else { return nil }
    return object["prompt"] as? String
  }

  private func write(_ line: String) { appender.write(line) }

  private func record(_ job: Job, tokens: Int, serverTokens: Int?, speed: Double?, seconds: Double) {
    let snapshot = progress.withLock { state -> Progress in
      state.recorded += 1
      state.tokens += tokens
      if let speed { state.serverSpeeds.append(speed) }
      return state
    }
    let merged = serverTokens.map { $0 > tokens ? " (server generated \($0); \($0 - tokens) not listed: merged into multi-byte entries or cut with a stop string)" : "" } ?? ""
    report("\(job.label): \(tokens) tokens in \(String(format: "%.2f", seconds)) s\(merged)", snapshot)
  }

  private func fail(_ job: Job, _ message: String) {
    let snapshot = progress.withLock { state -> Progress in
      state.failed += 1
      state.errors.append("\(job.label): \(message)")
      return state
    }
    report("\(job.label): FAILED: \(message)", snapshot, isError: true)
  }

  private func report(_ line: String, _ state: Progress, isError: Bool = false) {
    let done = alreadyDone + state.recorded
    let elapsed = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
    let rate = elapsed > 0 ? Double(state.tokens) / elapsed : 0
    if isTerminal {
      let width = 24
      let filled = total > 0 ? width * done / total : width
      let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
      var text = "\r\u{1B}[K"
      if isError { text += "confab: \(line)\n" }
      text += "[\(bar)] \(done)/\(total) samples · \(String(format: "%.1f", rate)) tok/s · \(state.failed) error\(state.failed == 1 ? "" : "s")"
      FileHandle.standardError.write(Data(text.utf8))
    } else {
      warn("[\(done)/\(total)] \(line)")
    }
  }

  private func summary(remaining jobs: Int) -> Summary {
    let state = progress.withLock { $0 }
    let elapsed = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
    let interrupted = stop.load(ordering: .relaxed)
    var lines: [String] = []
    if isTerminal { lines.append("") }
    let rate = elapsed > 0 ? Double(state.tokens) / elapsed : 0
    var speed = ""
    if !state.serverSpeeds.isEmpty {
      let mean = state.serverSpeeds.reduce(0, +) / Double(state.serverSpeeds.count)
      speed = String(format: "; the server reported %.1f tok/s generating", mean)
    }
    lines.append("confab: recorded \(state.recorded) sample\(state.recorded == 1 ? "" : "s") (\(state.tokens) tokens, "
      + String(format: "%.1f tok/s overall", rate) + speed + ") to \(output)")
    if state.failed > 0 {
      lines.append("confab: \(state.failed) sample\(state.failed == 1 ? "" : "s") failed:")
      lines += state.errors.map { "  " + $0 }
    }
    let missing = jobs - state.recorded - state.failed
    if interrupted { lines.append("confab: interrupted: \(max(0, missing)) samples not started; rerun the same command to resume") }
    return Summary(text: lines.joined(separator: "\n"), failed: state.failed, interrupted: interrupted)
  }
}
