import Foundation

/// Where the first screen's time goes: with `CONFAB_STARTUP_TRACE=FILE`, each step appends
/// "name milliseconds" (CLOCK_MONOTONIC, the clock `make bench`'s poller reads too) to FILE.
/// Without it, a mark is one environment lookup.
public enum StartupTrace {
  public static func mark(_ name: String) {
    guard let path = getenv("CONFAB_STARTUP_TRACE") else { return }
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    let milliseconds = Double(now.tv_sec) * 1000 + Double(now.tv_nsec) / 1e6
    guard let file = fopen(path, "a") else { return }
    fputs("\(name) \(milliseconds)\n", file)
    fclose(file)
  }
}
