import Foundation

/// A private tmux server running one program in a detached session, for reading the real
/// screen. Poll with `waitFor`; never sleep a fixed time.
final class Tmux {
  let directory: String
  let socket: String
  static var available: Bool { FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux") }

  /// The confab binary next to the test bundle (`swift test` builds it first).
  static var confab: String {
    let here = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    for candidate in [here, here.deletingLastPathComponent()] {
      let path = candidate.appendingPathComponent("confab").path
      if FileManager.default.isExecutableFile(atPath: path) { return path }
    }
    return repoRoot + "/.build/debug/confab"
  }

  static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path

  /// Starts `command` (run by sh in the repo root) at width x height; after it exits the
  /// pane shows `__EXIT__=<code>`.
  init(_ command: String, width: Int = 120, height: Int = 40, environment: [String: String] = [:]) {
    directory = FileManager.default.temporaryDirectory.appendingPathComponent("confab-tmux-\(UUID().uuidString)").path
    try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    socket = directory + "/sock"
    var arguments = ["tmux", "-S", socket, "-f", "/dev/null", "new-session", "-d", "-s", "e2e",
                     "-x", String(width), "-y", String(height), "-e", "LANG=C.UTF-8", "-e", "TERM=tmux-256color"]
    for (key, value) in environment { arguments += ["-e", "\(key)=\(value)"] }
    arguments += ["/bin/sh", "-c", "cd \"$0\" && \(command); echo __EXIT__=$?; sleep 600", Self.repoRoot]
    _ = spawnAndWait(arguments)
    _ = run("set-option", "-t", "e2e", "remain-on-exit", "on")
  }

  deinit {
    _ = run("kill-server")
    try? FileManager.default.removeItem(atPath: directory)
  }

  @discardableResult
  func run(_ arguments: String...) -> String {
    spawnAndWait(["tmux", "-S", socket] + arguments).output
  }

  /// The visible screen; with `history`, the scrollback too (text printed after endwin lands there).
  func screen(history: Bool = false) -> String {
    history ? run("capture-pane", "-p", "-S", "-", "-t", "e2e") : run("capture-pane", "-p", "-t", "e2e")
  }

  func press(_ keys: String...) { _ = spawnAndWait(["tmux", "-S", socket, "send-keys", "-t", "e2e"] + keys) }

  func resize(width: Int, height: Int) {
    run("resize-window", "-t", "e2e", "-x", String(width), "-y", String(height))
  }

  /// Polls the screen until `predicate` holds (50 ms steps, 15 s limit); returns the last screen.
  @discardableResult
  func waitFor(history: Bool = false, _ predicate: (String) -> Bool) -> (ok: Bool, screen: String) {
    var last = ""
    for _ in 0..<300 {
      last = screen(history: history)
      if predicate(last) { return (true, last) }
      usleep(50_000)
    }
    return (false, last)
  }

  func waitFor(_ text: String, history: Bool = false) -> (ok: Bool, screen: String) {
    waitFor(history: history) { $0.contains(text) }
  }

  /// The pid of the program in the pane's shell (the shell's only child).
  func programPID() -> Int32? {
    let shell = run("display", "-p", "-t", "e2e", "#{pane_pid}").trimmingCharacters(in: .whitespacesAndNewlines)
    let children = spawnAndWait(["pgrep", "-P", shell]).output.split(separator: "\n")
    return children.first.flatMap { Int32($0) }
  }
}
