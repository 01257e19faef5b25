import ConfabIO
import ConfabModel
import Foundation

/// One prompt to sample: chat `messages` or a raw `prompt`, plus optional per-prompt
/// settings that override the command line (docs/record.md).
public struct RecordPrompt: Sendable, Equatable {
  public var id: String
  public var messages: [Message]?
  public var prompt: String?
  /// Per-prompt settings as JSON text fragments keyed by name (temperature, max_tokens, n, ...).
  public var settings: [String: String]
}

public enum PromptFile {
  /// Reads a prompts JSONL file; every bad line is reported with path:line.
  public static func read(path: String) -> (prompts: [RecordPrompt], problems: [ImportProblem]) {
    guard let data = FileManager.default.contents(atPath: path) else {
      return ([], [ImportProblem(path: path, line: nil, message: "cannot read prompts file")])
    }
    var prompts: [RecordPrompt] = []
    var problems: [ImportProblem] = []
    let parser = JSONParser()
    var seen = Set<String>()
    for (index, line) in data.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
      let bytes = Array(line)
      if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0D || $0 == 0x09 }) { continue }
      let number = index + 1
      do {
        let prompt = try parser.parse(bytes) { root -> RecordPrompt in
          guard root.kind == .object else { throw RecordError("a prompt is a JSON object") }
          guard let id = root.present("id").flatMap({ $0.string ?? $0.int.map(String.init) }) else {
            throw RecordError("missing id", field: "id")
          }
          var messages: [Message]?
          if let list = root.present("messages") { messages = try MessageContent.messages(list, field: "messages") }
          let text = root.present("prompt")?.string
          guard messages != nil || text != nil else { throw RecordError("needs messages or prompt") }
          var settings: [String: String] = [:]
          root.forEachMember { key, value in
            let name = String(decoding: key, as: UTF8.self)
            if !["id", "messages", "prompt"].contains(name) {
              var out = ""
              JSONWriter.value(value, into: &out)
              settings[name] = out
            }
            return true
          }
          return RecordPrompt(id: id, messages: messages, prompt: text, settings: settings)
        }
        guard seen.insert(prompt.id).inserted else {
          problems.append(ImportProblem(path: path, line: number, field: "id", message: "duplicate prompt id \(prompt.id)"))
          continue
        }
        prompts.append(prompt)
      } catch let error as RecordError {
        problems.append(ImportProblem(path: path, line: number, field: error.field, message: error.message))
      } catch {
        problems.append(ImportProblem(path: path, line: number, message: "invalid JSON: \(error)"))
      }
    }
    return (prompts, problems)
  }
}
