import ConfabIO
import ConfabModel
import Foundation

/// `confab scan --shard K/N`: one shard of the plan, written as JSONL for `--merge`.
extension Scan {
  func scanAnalyzer() throws -> Analyzer {
    var analyzer = try analysis.analyzer()
    analyzer.figuresOnly = figuresOnly
    return analyzer
  }

  /// One shard's rows and problems as JSONL (ScanShard); exit 0 once written, since its
  /// problems travel in the file and the merge reports them.
  func runShard(_ shard: Int, of count: Int) throws {
    let (files, pathProblems) = InputPaths.expand(paths)
    let analyzer = try scanAnalyzer()
    let unitBytes = Self.bytes(shardUnit) ?? 64 << 20
    let plan = ShardPlan(files: files, unitBytes: unitBytes)
    let out = ShardWriter()
    out.write(ScanShard.Header(
      shard: shard, of: count, unit_bytes: unitBytes, files: files,
      units: plan.units,
      path_problems: pathProblems.map(ScanShard.Problem.init)))
    var corpus = CorpusFigures()
    for index in plan.units(ofShard: shard, of: count) {
      let unit = plan.units[index]
      let lines = ParallelScan.summarize(
        path: files[unit.file], bytes: unit.bytes, analyzer: analyzer, threads: threads ?? ProcessInfo.processInfo.activeProcessorCount
      ) { item in
        switch item {
        case .summary(let summary):
          corpus.add(summary.figures, summary.counts)
          out.write(ScanShard.Entry(unit: index, row: ScanShard.Row(summary)))
        case .problem(let problem):
          warn("\(problem)")
          out.write(ScanShard.Entry(unit: index, problem: ScanShard.Problem(problem)))
        }
      }
      out.write(ScanShard.Entry(unit: index, lines: lines))
    }
    out.write(ScanShard.Trailer(corpus: ScanReport.Corpus(corpus)))
    out.flush()
  }
}

/// Writes a shard's JSONL to stdout, buffered.
final class ShardWriter {
  private let encoder = ScanShard.encoder()
  private var buffer = Data()

  func write(_ value: some Encodable) {
    // Only strings, integers and finite-or-named numbers: encoding cannot fail.
    guard let line = try? encoder.encode(value) else { return }
    buffer.append(line)
    buffer.append(0x0A)
    if buffer.count >= 1 << 16 { flush() }
  }

  func flush() {
    FileHandle.standardOutput.write(buffer)
    buffer.removeAll(keepingCapacity: true)
  }
}

