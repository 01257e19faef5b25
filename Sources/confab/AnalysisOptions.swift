import ConfabIO
import ConfabModel
import ArgumentParser
import Foundation

/// Lexicon and event-threshold options shared by the explorer and scan.
struct AnalysisOptions: ParsableArguments {
  @Option(name: .long, help: "Extra marker lexicon file(s) (see docs/lexicon.md).")
  var lexicon: [String] = []

  @Option(name: .long, help: "Entropy bound (nats) for a high-entropy event.")
  var highEntropy = EventThresholds().highEntropy

  @Option(name: .long, help: "Sampled-token probability below which it is an unlikely-token event.")
  var unlikely = EventThresholds().unlikely

  @Option(name: .long, help: "Correction pressure for a near-miss correction event.")
  var nearMiss = EventThresholds().nearMissPressure

  @Option(name: .long, help: "Entropy bound near an assertion that makes it unbacked confidence.")
  var unbacked = EventThresholds().unbackedEntropy

  @Option(name: .long, help: "Mean entropy bound after a hedge below which it is performative.")
  var performative = EventThresholds().performativeEntropy

  /// The analyzer, or exit 1 with the lexicon file and line that is wrong.
  func analyzer() throws -> Analyzer {
    var thresholds = EventThresholds()
    thresholds.highEntropy = highEntropy
    thresholds.unlikely = unlikely
    thresholds.nearMissPressure = nearMiss
    thresholds.unbackedEntropy = unbacked
    thresholds.performativeEntropy = performative
    do {
      return Analyzer(detector: MarkerDetector(lexicon: try LexiconLoader.load(extra: lexicon)), thresholds: thresholds)
    } catch {
      warn("\(error)")
      throw ExitCode(1)
    }
  }
}
