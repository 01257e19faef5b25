import Foundation
import Testing

/// A deliberately broken server (Servers/misbehaving_server.py) on a loopback port.
final class MisbehavingServer {
  let pid: pid_t
  let url: String

  init(_ mode: String) throws {
    let portFile = FileManager.default.temporaryDirectory.appendingPathComponent("confab-fake-\(UUID().uuidString)").path
    defer { unlink(portFile) }
    let script = Tmux.repoRoot + "/Tests/E2ETests/Servers/misbehaving_server.py"
    pid = startInBackground(["python3", script, mode], output: portFile)
    for _ in 0..<200 {
      if let text = try? String(contentsOfFile: portFile, encoding: .utf8), let port = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) {
        url = "http://127.0.0.1:\(port)"
        return
      }
      usleep(20_000)
    }
    if pid > 0 { Glibc.kill(pid, SIGKILL) }
    throw LlamaServer.ServerError(message: "the fake server (\(mode)) did not start")
  }

  // Never kill(-1): a failed spawn's pid is -1.
  deinit {
    guard pid > 0 else { return }
    Glibc.kill(pid, SIGKILL)
    var status: Int32 = 0
    waitpid(pid, &status, 0)
  }
}

/// `confab record` against servers that never answer, drip, never stop, cut streams, drop
/// logprobs or send terminal escapes: every one fails clearly, in bounded time and memory.
@Suite(.serialized) struct MisbehavingServerTests {
  static func record(_ mode: String, _ extra: [String] = []) throws -> (status: Int32, output: String, seconds: Double, recorded: Int) {
    let server = try MisbehavingServer(mode)
    let dir = try RecordE2ETests.workspace()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let prompts = dir + "/p.jsonl"
    try #"{"id": "p", "messages": [{"role": "user", "content": "hi"}]}"#.appending("\n").write(toFile: prompts, atomically: true, encoding: .utf8)
    let out = dir + "/out.jsonl"
    let started = Date()
    let result = spawnAndWait([Tmux.confab, "record", "--server", server.url, "--prompts", prompts, "--retries", "0", "--model", "fake",
                               "-o", out] + extra)
    let recorded = ((try? String(contentsOfFile: out, encoding: .utf8)) ?? "").split(separator: "\n").count
    return (result.status, result.output, Date().timeIntervalSince(started), recorded)
  }

  @Test func theTimeoutBoundsASilentServer() throws {
    let run = try Self.record("silent", ["--timeout", "2"])
    #expect(run.status == 1)
    #expect(run.output.contains("timed out after 2 s"), "\(run.output)")
    #expect(run.seconds < 30, "--timeout 2 took \(run.seconds) s")
  }

  @Test func theTimeoutBoundsTheWholeRequestNotEachByte() throws {
    let run = try Self.record("drip", ["--timeout", "3"])
    #expect(run.status == 1)
    #expect(run.output.contains("timed out after 3 s"), "\(run.output)")
    #expect(run.seconds < 30, "a 1 byte/s drip with --timeout 3 took \(run.seconds) s")
  }

  @Test func anEndlessBodyStopsAtTheSizeLimit() throws {
    let run = try Self.record("endless", ["--max-response-bytes", "2000000"])
    #expect(run.status == 1)
    #expect(run.output.contains("exceeded 2000000 bytes"), "\(run.output)")
    #expect(run.recorded == 0)
  }

  @Test func anEndlessStreamStopsPastMaxTokens() throws {
    let run = try Self.record("endless-stream", ["--stream", "--max-tokens", "50"])
    #expect(run.status == 1)
    #expect(run.output.contains("past --max-tokens"), "\(run.output)")
    #expect(run.recorded == 0)
  }

  @Test func aCutStreamIsAFailureNotAShortSample() throws {
    let run = try Self.record("cut-stream", ["--stream"])
    #expect(run.status == 1)
    #expect(run.output.contains("ends before the server finished"), "\(run.output)")
    #expect(run.recorded == 0)
  }

  @Test func textWithoutLogprobsIsAnError() throws {
    let run = try Self.record("no-logprobs")
    #expect(run.status == 1)
    #expect(run.output.contains("no logprobs"), "\(run.output)")
    #expect(run.recorded == 0)
  }

  @Test func serverTextReachesTheTerminalEscaped() throws {
    let run = try Self.record("escape")
    #expect(run.status == 1)
    #expect(!run.output.contains("\u{1B}") && !run.output.contains("\u{0}"), "\(run.output.debugDescription)")
    #expect(run.output.contains(#"bad \x1b]0;pwned\x07 \x1b[31mred\x00 request"#), "\(run.output)")
  }
}
