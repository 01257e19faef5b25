import Foundation

/// Where confab keeps its own files, by the XDG base-directory rules: `$XDG_CONFIG_HOME/confab`
/// (the lexicon and labels files), `$XDG_DATA_HOME/confab` (tags, branches),
/// `$XDG_CACHE_HOME/confab` (the built lexicon); an unset or empty variable falls back to
/// `~/.config`, `~/.local/share` or `~/.cache`.
public enum ConfabDirectory {
  case config, data, cache

  public func path(environment: Environment = .process) -> String {
    let (variable, fallback) =
      switch self {
      case .config: ("XDG_CONFIG_HOME", "/.config")
      case .data: ("XDG_DATA_HOME", "/.local/share")
      case .cache: ("XDG_CACHE_HOME", "/.cache")
      }
    if let base = environment[variable], !base.isEmpty { return base + "/confab" }
    return (environment["HOME"] ?? NSHomeDirectory()) + fallback + "/confab"
  }
}
