import ConfabIO
import ConfabModel
import ConfabServer
import ConfabTUI

/// The explorer's `R`, run off the UI thread: reads the transcript again from its source,
/// teacher-forces its reply on the live server in a frame (`Rescorer`, as `confab rescore`
/// does), appends the rescoring to the branches file and lists it from there.
enum RescoreEffect {
  static func run(
    _ job: RescoreJob, session: LlamaCppSession, path: String, analyzer: Analyzer, progress: @escaping (String) -> Void
  ) async -> Event {
    let parent: Transcript
    switch LiveResults.reload(job.source, id: job.transcript) {
    case .failure(let reason): return .liveResult([], message: "rescore not made: \(reason)")
    case .success(let transcript): parent = transcript
    }
    guard let frame = RescoreFrame(rawValue: job.frame) else { return .liveResult([], message: "no frame \(job.frame)") }
    let started = ContinuousClock.now
    let rescored: Transcript
    do throws(BranchError) {
      rescored = try await Rescorer(session: session).rescore(parent, frame: frame, topK: 20) { done, total in
        // Every tenth position is plenty for a status line.
        if done % 10 == 0 || done == total { progress("rescoring in the \(job.frame) frame: \(done) of \(total) tokens… (Esc stops)") }
      }
    } catch {
      return .liveResult([], message: Task.isCancelled ? "rescore cancelled: nothing was written" : "rescore failed: \(error)")
    }
    do {
      try LineAppender(path: path).write(ConfabWriter.line(rescored) + "\n")
    } catch {
      return .liveResult([], message: "rescore not written: \(error)")
    }
    let elapsed = ContinuousClock.now - started
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    let positions = rescored.sampledTokens.count
    let rate = seconds > 0 ? " (\(Int((Double(positions) / seconds).rounded())) positions/s)" : ""
    return .liveResult(LiveResults.listed([rescored.id], in: path, analyzer: analyzer),
                       message: "rescored \(positions) tokens in the \(job.frame) frame\(rate) → \(path); m cycles to the Δlogprob heat")
  }
}
