/// A base model asked as a document ("Question: …\nAnswer: …\nQuestion: Are you sure?\nAnswer:")
/// has no assistant turn before its reply: its earlier answer is inside the prompt's text.
/// That answer is the context a reply is read against, as an earlier assistant turn is in a
/// chat (a "No" at the reply's start answers a challenge there, not a yes/no question).
public enum DocumentTurns {
  static let answerMarks = ["Answer:", "A:"]
  static let questionMarks = ["Question:", "Q:"]

  /// The last answer the document gives before the one being asked for; nil when it gives
  /// none (a single question) or is no Q/A document.
  public static func earlierAnswer(in prompt: String) -> String? {
    let lines = prompt.split(separator: "\n", omittingEmptySubsequences: false)
    var answers: [(line: Int, text: Substring)] = []
    for (index, line) in lines.enumerated() {
      let trimmed = line.drop { $0 == " " }
      if let mark = answerMarks.first(where: { trimmed.hasPrefix($0) }) { answers.append((index, trimmed.dropFirst(mark.count))) }
    }
    // The document ends asking for an answer: the one before that is the earlier turn.
    guard answers.count >= 2, let asked = answers.last, asked.text.allSatisfy(\.isWhitespace) else { return nil }
    let earlier = answers[answers.count - 2]
    var text = [String(earlier.text)]
    for line in lines[(earlier.line + 1)..<asked.line] {
      let trimmed = line.drop { $0 == " " }
      if questionMarks.contains(where: { trimmed.hasPrefix($0) }) { break }
      text.append(String(line))
    }
    let answer = text.joined(separator: "\n").trimmingWhitespace
    return answer.isEmpty ? nil : answer
  }
}

extension String {
  fileprivate var trimmingWhitespace: String {
    String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
  }
}
