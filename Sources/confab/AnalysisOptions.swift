import ConfabIO
import ConfabModel
import ArgumentParser
import Foundation

/// Lexicon and event-threshold options shared by the explorer and scan.
struct AnalysisOptions: ParsableArguments {
  @Option(name: .long, help: "Extra marker lexicon file(s) (see docs/lexicon.md).")
  var lexicon: [String] = []

  @Option(name: .long, help: "Entropy bound (nats) for a high-entropy event (default \(EventThresholds().highEntropy); the explorer, once high-entropy events are let through f, and confab events: the corpus's top 2%).")
  var highEntropy: Double?

  @Option(name: .long, help: "Sampled-token probability below which it is an unlikely-token event (default \(EventThresholds().unlikely); the explorer, once unlikely tokens are let through f, and confab events: the corpus's bottom 2%).")
  var unlikely: Double?

  @Option(name: .long, help: "Correction pressure for a near-miss correction event.")
  var nearMiss = EventThresholds().nearMissPressure

  @Option(name: .long, help: "Sampled probability of a claim token after an assertion below which it is unbacked confidence.")
  var unbacked = EventThresholds().unbackedProbability

  @Option(name: .long, help: "Probability of a listed rival content token that makes a competing-answer event.")
  var competing = EventThresholds().competingAnswer

  @Option(name: .long, help: "Mean entropy bound after a hedge below which it is performative.")
  var performative = EventThresholds().performativeEntropy

  /// The options as plain values (what the explorer's run takes).
  var settings: AnalysisSettings {
    AnalysisSettings(
      lexicon: lexicon, highEntropy: highEntropy, unlikely: unlikely, nearMiss: nearMiss, unbacked: unbacked,
      competing: competing, performative: performative)
  }

  /// The analyzer, or exit 1 with the lexicon file and line that is wrong.
  func analyzer() throws -> Analyzer { try settings.analyzer() }

  /// The analyzer, or the lexicon file and line that is wrong (for a caller that must restore
  /// the terminal before saying so).
  func makeAnalyzer() throws -> Analyzer { try settings.makeAnalyzer() }
}

/// What `AnalysisOptions` holds, as plain values with the same defaults: `confab PATHS` with no
/// option runs on these without parsing the command line (`ExploreRequest`).
struct AnalysisSettings: Sendable {
  var lexicon: [String] = []
  var highEntropy: Double?
  var unlikely: Double?
  var nearMiss = EventThresholds().nearMissPressure
  var unbacked = EventThresholds().unbackedProbability
  var competing = EventThresholds().competingAnswer
  var performative = EventThresholds().performativeEntropy

  /// The analyzer, or exit 1 with the lexicon file and line that is wrong.
  func analyzer() throws -> Analyzer {
    do {
      return try makeAnalyzer()
    } catch {
      warn("\(error)")
      throw ExitCode(1)
    }
  }

  /// The analyzer, or the lexicon file and line that is wrong.
  func makeAnalyzer() throws -> Analyzer {
    var thresholds = EventThresholds()
    if let highEntropy { thresholds.highEntropy = highEntropy }
    if let unlikely { thresholds.unlikely = unlikely }
    thresholds.nearMissPressure = nearMiss
    thresholds.unbackedProbability = unbacked
    thresholds.competingAnswer = competing
    thresholds.performativeEntropy = performative
    return Analyzer(detector: MarkerDetector(lexicon: try LexiconLoader.load(extra: lexicon)), thresholds: thresholds)
  }
}
