import ConfabIO
import ConfabModel
import Foundation

/// The JSONL a shard of `confab scan --shard K/N` writes and `confab scan --merge` reads
/// (docs/scale.md): a header with the plan, then per unit its rows and problems (lines
/// counted from the unit's start) closed by the unit's line count, then the shard's partial
/// corpus sums. The merge re-adds the rows in file order, so its output is the unsharded scan's.
enum ScanShard {
  static let version = 1

  struct Header: Codable, Equatable {
    var confab_scan_shard = ScanShard.version
    var shard: Int
    var of: Int
    var unit_bytes: Int
    var files: [String]
    /// The whole plan, so the merge knows every unit's file and order.
    var units: [ShardPlan.Unit]
    /// Paths given that could not be read (every shard sees the same ones).
    var path_problems: [Problem]

    var plan: ShardPlan { ShardPlan(files: files, units: units) }

    /// What every shard of one job agrees on.
    func sameJob(as other: Header) -> Bool {
      of == other.of && unit_bytes == other.unit_bytes && files == other.files && units == other.units
    }
  }

  typealias Problem = ReportText.Problem

  /// One transcript's row, with everything scan's three shapes and the rescore pairing need.
  struct Row: Codable {
    var source: SourceRef
    var id: String
    var title: String
    var model: String?
    var prompt_id: String?
    var sample: Int?
    var original: OriginalSource?
    var rescore_parent: String?
    var figures: TranscriptFigures
    var counts: EventCounts

    init(_ summary: TranscriptSummary) {
      source = summary.source
      id = summary.id
      title = summary.title
      model = summary.model
      prompt_id = summary.promptID
      sample = summary.sampleIndex
      original = summary.original
      rescore_parent = summary.rescoreParent
      figures = summary.figures
      counts = summary.counts
    }

    var summary: TranscriptSummary {
      var summary = TranscriptSummary(source: source, id: id, title: title, model: model, promptID: prompt_id, sampleIndex: sample,
                                      figures: figures, counts: counts)
      summary.original = original
      summary.rescoreParent = rescore_parent
      return summary
    }
  }

  /// One line after the header. The last line holds only `corpus` (`Trailer`), which the
  /// merge reads as an entry with nothing set: the shard's end.
  struct Entry: Codable {
    var unit: Int?
    var row: Row?
    var problem: Problem?
    /// Closes a unit: the lines it covered (the merge counts later units' lines from here).
    var lines: Int?
  }

  /// The shard's own corpus sums, for a quick look at one shard; the merge recomputes them.
  struct Trailer: Encodable {
    var corpus: ScanReport.Corpus
  }

  /// Figures can be infinite (a logprob of -inf), which plain JSON cannot hold.
  static let nonFinite = (positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")

  static func encoder() -> JSONEncoder {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    encoder.nonConformingFloatEncodingStrategy = .convertToString(
      positiveInfinity: nonFinite.positiveInfinity, negativeInfinity: nonFinite.negativeInfinity, nan: nonFinite.nan)
    return encoder
  }

  static func decoder() -> JSONDecoder {
    let decoder = JSONDecoder()
    decoder.nonConformingFloatDecodingStrategy = .convertFromString(
      positiveInfinity: nonFinite.positiveInfinity, negativeInfinity: nonFinite.negativeInfinity, nan: nonFinite.nan)
    return decoder
  }
}
