import ConfabModel
import Foundation

/// The shapes `confab prompts` prints: JSON (docs/prompts.md), CSV and a table.
struct PromptsOutput: Encodable {
  struct Branch: Encodable {
    var token: String?
    var samples: Int
    var p: Double?

    // A null token or p is written as null, not left out: "ends here" and "not listed" are facts.
    func encode(to encoder: Encoder) throws {
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encode(token, forKey: .token)
      try container.encode(samples, forKey: .samples)
      try container.encode(p, forKey: .p)
    }

    enum CodingKeys: String, CodingKey { case token, samples, p }
  }

  struct ForkRow: Encodable {
    var token_index: Int
    var prefix: String
    var branches: [Branch]
    var unsampled_mass: Double?
  }

  struct Cluster: Encodable {
    var answer: String?
    var samples: Int

    func encode(to encoder: Encoder) throws {
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encode(answer, forKey: .answer)
      try container.encode(samples, forKey: .samples)
    }

    enum CodingKeys: String, CodingKey { case answer, samples }
  }

  struct Answers: Encodable {
    var clusters: [Cluster]
    var agreement: Double
    var entropy: Double
  }

  struct Prompt: Encodable {
    var prompt: String
    var prompt_id: String?
    var model: String?
    var samples: Int
    var transcripts: [String]
    var forks: [ForkRow]
    var answers: Answers
    var decisiveness: Double
    var gap: Double
    var confidently_inconsistent: Bool
    /// Branches made from these samples (confab branch, B): listed apart, not samples.
    var branches: [String]
    /// Rescorings of these samples beside their parents.
    var rescores: [Rescore]
  }

  /// A rescoring of one of the prompt's samples, compared with it (RescorePair).
  struct Rescore: Encodable {
    var transcript: String
    var parent: String
    var frame: String?
    var model: String?
    var same_tokens: Bool?
    var mean_delta_logprob: Double?
  }

  struct Corpus: Encodable {
    var prompts: Int
    var samples: Int
    var prompts_with_forks: Int
    var mean_agreement: Double?
    var mean_answer_entropy: Double?
    var mean_decisiveness: Double?
    var mean_gap: Double?
    var confidently_inconsistent: Int
  }

  var prompts: [Prompt]
  var corpus: Corpus
  var problems: [ReportText.Problem]

  /// What was made from a prompt's samples: the branches' ids and the rescorings.
  typealias Related = (branches: [String], rescores: [RescorePair])

  /// `related`: one per report, in the same order (none: nothing was made from them).
  init(reports: [PromptReport], related: [Related] = [], problems: [ImportProblem]) {
    prompts = reports.enumerated().map { index, report in
      let made = related.indices.contains(index) ? related[index] : nil
      return Prompt(
        prompt: report.prompt, prompt_id: report.promptID, model: report.model, samples: report.samples,
        transcripts: report.transcripts,
        forks: report.forks.map { fork in
          ForkRow(token_index: fork.tokenIndex, prefix: fork.prefix,
                  branches: fork.branches.map { Branch(token: $0.token, samples: $0.samples, p: $0.p) },
                  unsampled_mass: fork.unsampledMass)
        },
        answers: Answers(clusters: report.answers.clusters.map { Cluster(answer: $0.answer, samples: $0.samples) },
                         agreement: report.answers.agreement, entropy: report.answers.entropy),
        decisiveness: report.decisiveness, gap: report.gap, confidently_inconsistent: report.confidentlyInconsistent,
        branches: made?.branches ?? [],
        rescores: (made?.rescores ?? []).map { pair in
          Rescore(transcript: pair.transcript, parent: pair.parent, frame: pair.frame, model: pair.model,
                  same_tokens: pair.comparison?.sameTokens, mean_delta_logprob: pair.comparison?.meanDelta)
        })
    }
    func mean(_ values: [Double]) -> Double? { values.isEmpty ? nil : values.reduce(0, +) / Double(values.count) }
    corpus = Corpus(
      prompts: reports.count, samples: reports.reduce(0) { $0 + $1.samples },
      prompts_with_forks: reports.filter { !$0.forks.isEmpty }.count,
      mean_agreement: mean(reports.map(\.answers.agreement)), mean_answer_entropy: mean(reports.map(\.answers.entropy)),
      mean_decisiveness: mean(reports.map(\.decisiveness)), mean_gap: mean(reports.map(\.gap)),
      confidently_inconsistent: reports.filter(\.confidentlyInconsistent).count)
    self.problems = problems.map(ReportText.Problem.init)
  }

  func json() throws -> String { try ReportText.json(self) }

  static let csvHeader = "prompt,prompt_id,model,samples,forks,first_fork_token_index,top_answer,agreement,answer_entropy_nats,decisiveness,gap,confidently_inconsistent"

  func csv() -> String {
    let quote = ReportText.csvQuoted
    let rows = prompts.map { p in
      [quote(p.prompt), quote(p.prompt_id), quote(p.model), String(p.samples), String(p.forks.count),
       p.forks.first.map { String($0.token_index) } ?? "", quote(p.answers.clusters.first?.answer),
       NumberText.fixed(p.answers.agreement, 4), NumberText.fixed(p.answers.entropy, 4), NumberText.fixed(p.decisiveness, 4),
       NumberText.fixed(p.gap, 4), String(p.confidently_inconsistent)].joined(separator: ",")
    }
    return ([Self.csvHeader] + rows).joined(separator: "\n")
  }

  func table() -> String {
    let cell = ReportText.cell
    var lines = [cell("prompt", 32) + cell("n", 4) + cell("forks", 6) + cell("agree", 6) + cell("H ans", 6) + cell("decis", 6)
      + cell("gap", 6) + "answers (samples)"]
    for p in prompts {
      let firstLine = p.prompt.split(whereSeparator: \.isNewline).first.map(String.init)
      let name = Printable.escaped(p.prompt_id ?? firstLine ?? "(no prompt) " + (p.transcripts.first ?? ""))
      let answers = p.answers.clusters.map { "\(Printable.escaped($0.answer ?? "—")) \($0.samples)" }.joined(separator: ", ")
      lines.append(cell(name, 32) + cell(String(p.samples), 4) + cell(String(p.forks.count), 6)
        + cell(NumberText.fixed(p.answers.agreement, 2), 6) + cell(NumberText.fixed(p.answers.entropy, 2), 6)
        + cell(NumberText.fixed(p.decisiveness, 2), 6) + cell(NumberText.fixed(p.gap, 2), 6)
        + (p.confidently_inconsistent ? "! " : "") + answers)
      if !p.branches.isEmpty { lines.append("  + \(p.branches.count) branch\(p.branches.count == 1 ? "" : "es") (not counted as samples)") }
      for rescore in p.rescores {
        lines.append("  ↺ \(rescore.frame ?? "?") \(rescore.model.map(Transcript.displayModel) ?? "") of \(rescore.parent.prefix(8)): mean Δlogprob "
          + (rescore.mean_delta_logprob.map { NumberText.fixed($0, 3) } ?? "n/a"))
      }
    }
    let c = corpus
    lines.append("")
    lines.append("\(c.prompts) prompts, \(c.samples) samples, \(c.prompts_with_forks) with forks; mean agreement "
      + (c.mean_agreement.map { NumberText.fixed($0, 3) } ?? "n/a") + ", mean answer entropy "
      + (c.mean_answer_entropy.map { NumberText.fixed($0, 3) } ?? "n/a") + " nats, mean decisiveness "
      + (c.mean_decisiveness.map { NumberText.fixed($0, 3) } ?? "n/a") + ", mean gap " + (c.mean_gap.map { NumberText.fixed($0, 3) } ?? "n/a")
      + "; \(c.confidently_inconsistent) confidently inconsistent (!)")
    return lines.joined(separator: "\n")
  }
}
