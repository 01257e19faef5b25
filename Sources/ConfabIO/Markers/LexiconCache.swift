import ConfabModel
import Foundation

/// The built-in lexicon, kept built between runs: expanding and hashing its thousands of
/// phrases took ~6 ms of every start, and the explorer's first record waited for it. The file
/// (`$XDG_CACHE_HOME/confab/lexicon-KEY.bin`, else `~/.cache/confab/`) is named by a key of the
/// lexicon text and of this executable (its size and modification time), so a rebuilt confab
/// never reads another build's bytes; a file that does not decode is built over.
public enum LexiconCache {
  /// Read or built once per process, on first use (`LexiconWarmUp` starts it early for parsed commands).
  public static let builtIn: Lexicon = load(directory: directory())

  public static func directory(environment: Environment = .process) -> String {
    ConfabDirectory.cache.path(environment: environment)
  }

  /// The built-in lexicon from `directory` when a file there holds this build of it; else
  /// built from its text and written there (atomically, keeping the newest few of other builds'
  /// files) for the next start. A directory that cannot be written only costs the build.
  public static func load(directory: String, executable: String = "/proc/self/exe") -> Lexicon {
    let text = Lexicon.builtInText
    let path = directory + "/lexicon-\(key(text: text, executable: executable)).bin"
    if let bytes = FileBytes.read(path), let lexicon = Lexicon(decoding: bytes, sources: [text]) {
      return lexicon
    }
    let lexicon = Lexicon.standard
    store(lexicon.encoded(), at: path, directory: directory)
    return lexicon
  }

  static func key(text: String, executable: String) -> String {
    var hash = FNV1a()
    hash.mix(text.utf8)
    var info = stat()
    if stat(executable, &info) == 0 {
      withUnsafeBytes(of: (Int64(info.st_size), Int64(info.st_mtim.tv_sec), Int64(info.st_mtim.tv_nsec))) { hash.mix($0) }
    }
    return String(hash.value, radix: 16)
  }

  /// How many other builds' files stay beside this build's.
  static let keptOtherBuilds = 3

  private static func modified(_ path: String) -> Int64 {
    var info = stat()
    guard stat(path, &info) == 0 else { return 0 }
    return Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
  }

  private static func store(_ bytes: [UInt8], at path: String, directory: String) {
    let manager = FileManager.default
    guard (try? manager.createDirectory(atPath: directory, withIntermediateDirectories: true)) != nil else { return }
    // Other builds' files: the newest few are kept (two confab builds used in turn, a release
    // and a development one, would otherwise remove each other's and each build every time);
    // older ones are stale.
    let others = ((try? manager.contentsOfDirectory(atPath: directory)) ?? [])
      .filter { $0.hasPrefix("lexicon-") && $0.hasSuffix(".bin") && directory + "/" + $0 != path }
      .map { (path: directory + "/" + $0, modified: modified(directory + "/" + $0)) }
    for stale in others.sorted(by: { $0.modified > $1.modified }).dropFirst(keptOtherBuilds) {
      try? manager.removeItem(atPath: stale.path)
    }
    let temporary = path + ".\(getpid()).tmp"
    guard manager.createFile(atPath: temporary, contents: Data(bytes)) else { return }
    if rename(temporary, path) != 0 { try? manager.removeItem(atPath: temporary) }
  }
}
