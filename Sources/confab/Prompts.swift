import ArgumentParser
import ConfabIO
import ConfabModel
import Foundation

struct Prompts: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "prompts",
    abstract: "Samples of one prompt taken together: forks, answer agreement and entropy, decisiveness and the gap.",
    discussion: """
      Transcripts group when they share a model and the messages before the sampled assistant turn \
      (or a recorded prompt_id). Without --answer, a sample's answer is read by a default heuristic \
      (docs/prompts.md says what it does and where it fails). Problems go to stderr; the exit code is 1 \
      when there were any.
      """)

  @Argument(help: ArgumentHelp(InputPaths.helpText))
  var paths: [String]

  @Flag(help: "Write JSON to stdout.")
  var json = false

  @Flag(help: "Write CSV (one row per prompt) to stdout.")
  var csv = false

  @Option(help: "A regular expression for the answer: its first match, group 1 when it has a group.")
  var answer: String?

  @Option(help: "Only prompts with at least this many samples.")
  var minSamples = 1

  @Option(help: "Decisiveness at or above this reads as sure (for confidently_inconsistent).")
  var decisive = InconsistencyThresholds().decisive

  @Option(help: "Agreement at or below this is inconsistent (for confidently_inconsistent).")
  var agreement = InconsistencyThresholds().agreement

  @Option(help: ArgumentHelp(
    "Only the prompts of shard K of N (1-based): each prompt whole, chosen by its fingerprint (docs/scale.md).", valueName: "K/N"))
  var shard: String?

  @OptionGroup var analysis: AnalysisOptions

  func validate() throws {
    if json && csv { throw ValidationError("--json and --csv are exclusive: choose one.") }
    if let answer {
      do { _ = try Regex(answer) } catch { throw ValidationError("--answer is not a regular expression: \(error)") }
    }
    if minSamples < 1 { throw ValidationError("--min-samples must be at least 1.") }
    if let shard, Scan.shardNumbers(shard) == nil { throw ValidationError("--shard takes K/N with 1 <= K <= N, e.g. 3/8 (got '\(shard)').") }
  }

  func run() throws {
    let analyzer = try analysis.analyzer()
    let (files, expandProblems) = InputPaths.expand(paths)
    var problems = ProblemList(expandProblems)
    // Pass 1 keeps only each sample's key, place and counts; pass 2 loads one group at a time,
    // so memory is bounded by the largest group, not the corpus.
    var order: [String] = []
    var groups: [String: [(source: SourceRef, counts: EventCounts)]] = [:]
    // Branches and rescorings share their parent's prompt but are not its samples.
    var branches: [String: [String]] = [:]
    var rescorings: [(id: String, parent: String)] = []
    // A rescoring belongs to its parent's prompt (its own key names the rescoring model).
    var keyOfSample: [String: String] = [:]
    let parser = JSONParser()
    let wanted = shard.flatMap(Scan.shardNumbers)
    let analyzing = analyzer
    for file in files {
      // Summaries are made on the scan's threads and taken in file order.
      ParallelScan.map(path: file) { transcript -> TranscriptSummary? in
        // A rescoring's own key names the rescoring model: it stays, and is paired by parent.
        if let wanted, transcript.rescoreParent == nil,
           PromptKey.shard(of: PromptKey(transcript).text, count: wanted.of) != wanted.shard - 1 { return nil }
        // The summary carries the prompt key (PromptKey.text): the same grouping as `c`.
        return analyzing.summarize(transcript)
      } shift: { summary, lines in
        summary.map {
          var shifted = $0
          shifted.source.line += lines
          return shifted
        }
      } each: { mapped in
        switch mapped {
        case .value(let found):
          guard let summary = found else { return }
          if let parent = summary.rescoreParent {
            rescorings.append((summary.id, parent))
            return
          }
          if summary.isDerived {
            branches[summary.promptKey, default: []].append(summary.id)
            return
          }
          if groups[summary.promptKey] == nil { order.append(summary.promptKey) }
          keyOfSample[summary.id] = summary.promptKey
          groups[summary.promptKey, default: []].append((summary.source, summary.counts))
        case .problem(let problem): problems.append(problem)
        }
      }
    }
    let rule: AnswerRule = answer.map { .pattern($0) } ?? .heuristic
    let thresholds = InconsistencyThresholds(decisive: decisive, agreement: agreement)
    var reports: [PromptReport] = []
    var related: [PromptsOutput.Related] = []
    // Each prompt's rescorings, grouped once (filtering every pair per prompt was quadratic).
    let rescoresByKey = Dictionary(grouping: RescorePair.compare(rescorings, in: files)) { keyOfSample[$0.parent] }
    for key in order {
      let members = groups.removeValue(forKey: key) ?? []
      guard members.count >= minSamples else { continue }
      let rescores = rescoresByKey[key] ?? []
      var samples: [PromptSample] = []
      for member in members {
        do {
          samples.append(PromptSample(transcript: try RecordFile.load(member.source, parser: parser), counts: member.counts))
        } catch {
          problems.append(error)
        }
      }
      if !samples.isEmpty {
        let report = try PromptReport(samples: samples, rule: rule, thresholds: thresholds)
        reports.append(report)
        related.append((branches[key] ?? [], rescores))
      }
    }
    for problem in problems { warn("\(problem)") }
    let output = PromptsOutput(reports: reports, related: related, problems: Array(problems))
    if json {
      print(try output.json())
    } else if csv {
      print(output.csv())
    } else {
      print(output.table())
    }
    if !problems.isEmpty { throw ExitCode(1) }
  }
}
