import ConfabModel
import Foundation

/// Builds the lexicon in force: the built-in one, then `lexicon.txt` from the config
/// directory, then any `--lexicon` files, each adding entries.
public enum LexiconLoader {
  /// `$XDG_CONFIG_HOME/confab` or `~/.config/confab`.
  public static func configDirectory(environment: Environment = .process) -> String {
    ConfabDirectory.config.path(environment: environment)
  }

  public static func load(
    extra: [String], environment: Environment = .process
  ) throws -> Lexicon {
    var lexicon = LexiconCache.builtIn
    var files: [String] = []
    let configured = configDirectory(environment: environment) + "/lexicon.txt"
    if FileManager.default.fileExists(atPath: configured) { files.append(configured) }
    files += extra
    for path in files {
      guard let data = FileManager.default.contents(atPath: path) else {
        throw Lexicon.ParseError(source: path, line: 0, message: "cannot read lexicon file")
      }
      try lexicon.add(text: String(decoding: data, as: UTF8.self), source: path)
    }
    return lexicon
  }
}
