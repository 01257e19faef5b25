/// Where the high-entropy and unlikely-token cut-offs stand: the fixed defaults, being read
/// from the corpus, or the corpus's own (its top 2% entropy bound, bottom 2% probability), so
/// a tiny model that is unsure everywhere does not flag every token.
public enum CorpusCutoffs: Equatable, Sendable {
  case fixed
  case reading
  case relative(highEntropy: Double?, unlikely: Double?)
}
