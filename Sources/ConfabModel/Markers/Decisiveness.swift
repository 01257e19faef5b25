/// How decisive a wording is, 0–1: (1 + A) / (1 + A + H), where H and A are the summed
/// strengths of its hedges and assertions. Plain unhedged text is 1 (an expert's statement
/// needs no "definitely"); "I'm not sure" (0.8) lowers it more than "probably" (0.4).
/// `confab prompts` reads a sample as sure at 0.8 and above (`InconsistencyThresholds`).
public enum Decisiveness {
  public static func of(hedgeStrength: Double, assertionStrength: Double) -> Double {
    (1 + assertionStrength) / (1 + assertionStrength + hedgeStrength)
  }

  /// The decisiveness of one text's markers; corrections weigh nothing either way.
  public static func of(_ markers: [Marker]) -> Double {
    var hedges = 0.0
    var assertions = 0.0
    for marker in markers {
      switch marker.kind {
      case .hedge: hedges += marker.strength
      case .assertion: assertions += marker.strength
      case .correction: break
      }
    }
    return of(hedgeStrength: hedges, assertionStrength: assertions)
  }
}
