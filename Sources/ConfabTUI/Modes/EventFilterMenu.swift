import ConfabModel

/// `f`: which event kinds e/E stop at, and the score below which they pass by. Edits a
/// copy; Enter applies it, Esc leaves the filter as it was.
public struct EventFilterMenu: Equatable, Sendable {
  public var filter: EventFilter
  public var highlighted = 0

  /// Rows in order: the default kinds first, then the opt-in statistics.
  public static let kinds: [EventKind] = EventFilter.defaultKinds
    + EventKind.allCases.filter { !EventFilter.defaultKinds.contains($0) }

  public init(_ filter: EventFilter) { self.filter = filter }

  public enum Outcome: Equatable, Sendable { case editing, applied, cancelled }

  public mutating func handle(_ key: Key) -> Outcome {
    switch key {
    case .char("j"), .down: highlighted = min(Self.kinds.count - 1, highlighted + 1)
    case .char("k"), .up: highlighted = max(0, highlighted - 1)
    case .char(" "), .char("x"):
      let kind = Self.kinds[highlighted]
      if filter.kinds.contains(kind) { filter.kinds.remove(kind) } else { filter.kinds.insert(kind) }
    case .char("+"), .right, .char("l"): filter.minimumScore = min(1, Self.step(filter.minimumScore, by: 0.1))
    case .char("-"), .left, .char("h"): filter.minimumScore = max(0, Self.step(filter.minimumScore, by: -0.1))
    case .char("a"): filter = EventFilter(kinds: Set(EventKind.allCases), minimumScore: filter.minimumScore)
    case .char("d"): filter = .standard
    case .enter: return .applied
    case .escape, .char("q"), .char("f"): return .cancelled
    default: break
    }
    return .editing
  }

  /// One step on a 0.1 grid, so repeated steps stay exact (0.3, not 0.30000000000000004).
  private static func step(_ value: Double, by delta: Double) -> Double {
    ((value + delta) * 10).rounded() / 10
  }
}
