import ConfabModel
import Foundation

extension RelativeThresholds {
  /// The corpus-relative thresholds of `files` (their token statistics only), each large JSONL
  /// file read on the scan's threads. Bad records are skipped: whoever reads the corpus for
  /// its rows reports them.
  public static func ofFiles(_ files: [String], threads: Int = ProcessInfo.processInfo.activeProcessorCount) -> RelativeThresholds {
    var relative = RelativeThresholds()
    for file in files {
      ParallelScan.map(path: file, threads: threads, transform: RelativeThresholds.bins(of:)) { mapped in
        if case .value(let bins) = mapped { relative.add(bins) }
      }
    }
    return relative
  }
}
