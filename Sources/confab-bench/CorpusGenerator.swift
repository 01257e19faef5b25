import Foundation

/// Writes a seeded, reproducible OpenAI Chat Completions JSONL corpus shaped like real
/// top-20 logprob output: 1,000 tokens x 20 alternatives per line, ~3% multibyte tokens,
/// ~0.3% partial UTF-8 byte tokens, logprobs printed like the API (%.8g).
struct CorpusGenerator {
  var state: UInt64

  init(seed: UInt64) { state = seed &* 0x9E37_79B9_7F4A_7C15 | 1 }

  mutating func next() -> UInt64 {
    state ^= state << 13
    state ^= state >> 7
    state ^= state << 17
    return state
  }

  mutating func uniform() -> Double { Double(next() >> 11) / Double(1 << 53) }

  static let ascii = [
    " the", " of", " and", " to", " a", " in", " is", " that", " for", " it", " as", " was", " with",
    " be", " by", " on", " not", " he", " this", " are", " or", " his", " from", " at", " which",
    " but", " have", " an", " had", " they", " you", " were", " their", " one", " all", " we",
    " can", " her", " has", " there", " been", " if", " more", " when", " will", " would", " who",
    " so", " no", " capital", " Australia", " Sydney", " Canberra", " probably", " think", " Wait",
    " Actually", " answer", " definitely", ".", ",", "\n", ":", " (", ")", " 1", "2", " I",
  ]
  static let multibyte = ["é", "—", "日本", "の", "“", "”", "ü", "→"]

  mutating func token() -> [UInt8] {
    let roll = uniform()
    if roll < 0.003 { return [0xE2, 0x80] }  // a partial character
    if roll < 0.033 { return Array(Self.multibyte[Int(next() % UInt64(Self.multibyte.count))].utf8) }
    return Array(Self.ascii[Int(next() % UInt64(Self.ascii.count))].utf8)
  }

  static func appendEscaped(_ bytes: [UInt8], to out: inout [UInt8]) {
    out.append(0x22)
    if TokenCheck.isValidUTF8(bytes) {
      for byte in bytes {
        switch byte {
        case 0x22: out += [0x5C, 0x22]
        case 0x5C: out += [0x5C, 0x5C]
        case 0x0A: out += [0x5C, 0x6E]
        default: out.append(byte)
        }
      }
    } else {
      for byte in bytes { out += Array(String(format: "\\\\x%02x", byte).utf8) }
    }
    out.append(0x22)
  }

  static func appendBytes(_ bytes: [UInt8], to out: inout [UInt8]) {
    out += Array("[".utf8)
    out += Array(bytes.map(String.init).joined(separator: ",").utf8)
    out += Array("]".utf8)
  }

  /// One response line (without the newline).
  mutating func record(index: Int, tokens: Int = 1000, alternatives: Int = 20) -> [UInt8] {
    var entries: [UInt8] = []
    var content: [UInt8] = []
    entries.reserveCapacity(tokens * 1400)
    for position in 0..<tokens {
      var top: [([UInt8], Double)] = []
      var logprob = -uniform() * 0.5
      for _ in 0..<alternatives {
        top.append((token(), logprob))
        logprob -= uniform() * 1.5
      }
      // Usually sample the top choice, sometimes a lower one, rarely one outside the top-k.
      let roll = uniform()
      let chosen: ([UInt8], Double) = roll < 0.7 ? top[0] : roll < 0.98 ? top[Int(next() % 5)] : (token(), logprob - 1)
      if position > 0 { entries.append(0x2C) }
      entries += Array(#"{"token":"#.utf8)
      Self.appendEscaped(chosen.0, to: &entries)
      entries += Array(String(format: #","logprob":%.8g,"bytes":"#, chosen.1).utf8)
      Self.appendBytes(chosen.0, to: &entries)
      entries += Array(#","top_logprobs":["#.utf8)
      for (rank, alternative) in top.enumerated() {
        if rank > 0 { entries.append(0x2C) }
        entries += Array(#"{"token":"#.utf8)
        Self.appendEscaped(alternative.0, to: &entries)
        entries += Array(String(format: #","logprob":%.8g,"bytes":"#, alternative.1).utf8)
        Self.appendBytes(alternative.0, to: &entries)
        entries.append(0x7D)
      }
      entries += Array("]}".utf8)
      content += chosen.0
    }
    var contentJSON: [UInt8] = []
    Self.appendEscaped(Array(String(decoding: content, as: UTF8.self).utf8), to: &contentJSON)
    var line = Array(#"{"id":"chatcmpl-bench-\#(index)","object":"chat.completion","created":1764400000,"model":"bench-model","choices":[{"index":0,"message":{"role":"assistant","content":"#.utf8)
    line += contentJSON
    line += Array(#"},"logprobs":{"content":["#.utf8)
    line += entries
    line += Array(#"],"refusal":null},"finish_reason":"length"}],"usage":{"prompt_tokens":20,"completion_tokens":\#(tokens),"total_tokens":\#(tokens + 20)}}"#.utf8)
    return line
  }
}

enum TokenCheck {
  static func isValidUTF8(_ bytes: [UInt8]) -> Bool { String(validating: bytes, as: UTF8.self) != nil }
}
