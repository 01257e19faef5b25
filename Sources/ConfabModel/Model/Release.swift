/// confab's version, printed by `confab --version` and written into exports so a span's
/// markers can be reproduced with the same rules.
public enum Release {
  public static let version = "0.9.0"
}
