import ConfabIO
import ConfabModel
import ConfabServer
import ConfabTUI

/// The explorer's `B`, run off the UI thread: reads the parent again from its source, branches
/// it on the live server (`Brancher`, as `confab branch` does), appends each branch to the
/// branches file as it is made, then lists them from that file so their rows open from there.
enum BranchEffect {
  static func run(
    _ job: BranchJob, session: LlamaCppSession, path: String, analyzer: Analyzer, progress: @escaping (String) -> Void
  ) async -> Event {
    let plan: BranchPlan
    switch LiveResults.reload(job.source, id: job.transcript) {
    case .failure(let reason): return .liveResult([], message: "branch not made: \(reason)")
    case .success(let parent):
      do throws(BranchError) {
        plan = try BranchPlan(parent: parent, position: job.position, alternative: job.alternative)
      } catch {
        return .liveResult([], message: "branch not made: \(error)")
      }
    }
    let brancher = Brancher(session: session)
    var ids: [String] = []
    var appender: LineAppender?
    var failure: String?
    do throws(BranchError) {
      try await brancher.branch(plan, Brancher.Overrides(samples: job.samples)) { branch, _, _ in
        if appender == nil {
          do { appender = try LineAppender(path: path) } catch { failure = "\(error)"; return }
        }
        appender?.write(ConfabWriter.line(branch) + "\n")
        ids.append(branch.id)
        if ids.count < job.samples { progress("branching: \(ids.count) of \(job.samples) samples made… (Esc stops, keeping them)") }
      }
    } catch {
      failure = error.description
    }
    let summaries = LiveResults.listed(ids, in: path, analyzer: analyzer)
    let chosen = TokenText.quoted(plan.chosen.bytes)
    let made = "\(ids.count) branch\(ids.count == 1 ? "" : "es") at token \(job.position) → \(chosen) in \(path)"
    if Task.isCancelled {
      return .liveResult(summaries, message: ids.isEmpty ? "branch cancelled: nothing was written" : "\(made); then cancelled")
    }
    if let failure {
      return .liveResult(summaries, message: ids.isEmpty ? "branch failed: \(failure)" : "\(made); then stopped: \(failure)")
    }
    return .liveResult(summaries, message: made + (summaries.isEmpty ? "" : "; opened the first (P groups it with its prompt's samples)"))
  }
}
