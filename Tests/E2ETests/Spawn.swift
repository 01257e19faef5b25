import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Where a spawned program's stderr goes.
enum ErrorOutput { case sameAsOutput, discard }

/// Starts a program with a clean signal mask and default handlers. Swift Testing's threads
/// block signals and a Foundation.Process child inherits that mask, which made the tmux server
/// impossible to stop; posix_spawn with SETSIGMASK/SETSIGDEF avoids it. Output goes to a file,
/// not a pipe, so nothing can fill up and block.
func spawn(_ arguments: [String], output: String, errors: ErrorOutput, stdin: String = "/dev/null",
           environment: [String: String]? = nil) -> pid_t? {
  var actions = posix_spawn_file_actions_t()
  posix_spawn_file_actions_init(&actions)
  defer { posix_spawn_file_actions_destroy(&actions) }
  posix_spawn_file_actions_addopen(&actions, 0, stdin, O_RDONLY, 0)
  posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
  switch errors {
  case .sameAsOutput: posix_spawn_file_actions_adddup2(&actions, 1, 2)
  case .discard: posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
  }
  var attributes = posix_spawnattr_t()
  posix_spawnattr_init(&attributes)
  defer { posix_spawnattr_destroy(&attributes) }
  var empty = sigset_t()
  sigemptyset(&empty)
  posix_spawnattr_setsigmask(&attributes, &empty)
  var all = sigset_t()
  sigfillset(&all)
  posix_spawnattr_setsigdefault(&attributes, &all)
  posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
  let env = (environment ?? ProcessInfo.processInfo.environment).map { "\($0.key)=\($0.value)" }
  let argv = arguments.map { strdup($0) } + [nil]
  let envp = env.map { strdup($0) } + [nil]
  defer { (argv + envp).forEach { free($0) } }
  var pid: pid_t = 0
  return posix_spawnp(&pid, arguments[0], &actions, &attributes, argv, envp) == 0 ? pid : nil
}

/// Runs a program to completion; returns its exit status and combined output.
func spawnAndWait(_ arguments: [String], environment: [String: String]? = nil, stdin: String? = nil) -> (status: Int32, output: String) {
  let outputPath = FileManager.default.temporaryDirectory.appendingPathComponent("confab-e2e-\(UUID().uuidString)").path
  defer { unlink(outputPath) }
  guard let pid = spawn(arguments, output: outputPath, errors: .sameAsOutput, stdin: stdin ?? "/dev/null", environment: environment) else {
    return (-1, "spawn failed: \(arguments[0])")
  }
  var status: Int32 = 0
  while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
  let output = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
  let exited = (status & 0x7F) == 0
  return (exited ? (status >> 8) & 0xFF : 128 + (status & 0x7F), output)
}

/// Starts a program (output to `output`) and returns its pid without waiting. A program that
/// cannot be started stops the test run: a pid of -1 handed to kill() would signal every
/// process the user owns.
func startInBackground(_ arguments: [String], output: String, includeErrors: Bool = false,
                       environment: [String: String]? = nil) -> pid_t {
  guard let pid = spawn(arguments, output: output, errors: includeErrors ? .sameAsOutput : .discard, environment: environment),
        pid > 0 else {
    fatalError("cannot start \(arguments[0])")
  }
  return pid
}
