import ConfabIO
import Foundation

/// Reads (or builds) the built-in lexicon on a thread of its own while a parsed command's
/// arguments are parsed and its paths expanded. `LexiconCache.builtIn` is a lazy static, so a
/// command that needs it before the thread is done waits for that one read; none is made
/// twice. The plain explorer (`confab PATHS`) starts no such thread (see `Confab.main`).
enum LexiconWarmUp {
  /// First arguments of runs that never analyse text: they start without the extra thread.
  static let needless = ["--version", "-h", "--help", "help", "formats", "convert", "record", "debug-tag-loop"]

  static func start(arguments: [String] = CommandLine.arguments) {
    if arguments.count > 1, needless.contains(arguments[1]) { return }
    Thread {
      _ = LexiconCache.builtIn
      StartupTrace.mark("lexicon built")
    }.start()
  }
}
