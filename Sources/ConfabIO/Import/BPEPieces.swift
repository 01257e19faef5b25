/// Token strings as tokenizers spell them internally (`convert_ids_to_tokens`), back to bytes:
/// byte-level BPE (GPT-2, Llama 3, Qwen: `Ġ` for a space, `Ċ` for a newline, every byte one
/// printable character) or SentencePiece (Llama 2, Gemma, Mistral: `▁` for a space, `<0x0A>`
/// byte pieces).
enum BPEPieces {
  enum Scheme { case byteLevel, sentencePiece }

  /// SentencePiece when any piece uses its space mark or byte pieces; byte-level otherwise.
  static func scheme(of pieces: [[UInt8]]) -> Scheme {
    let mark: [UInt8] = [0xE2, 0x96, 0x81]  // ▁
    for piece in pieces {
      if piece.count >= 3, (0...(piece.count - 3)).contains(where: { piece[$0..<($0 + 3)].elementsEqual(mark) }) { return .sentencePiece }
      if bytePiece(piece) != nil { return .sentencePiece }
    }
    return .byteLevel
  }

  static func decode(_ piece: [UInt8], _ scheme: Scheme) -> [UInt8] {
    let text = String(decoding: piece, as: UTF8.self)
    switch scheme {
    case .sentencePiece:
      if let byte = bytePiece(piece) { return [byte] }
      return Array(text.replacingSpaceMark.utf8)
    case .byteLevel:
      var out: [UInt8] = []
      out.reserveCapacity(piece.count)
      for scalar in text.unicodeScalars {
        if let byte = byteLevelTable[scalar.value] { out.append(byte) } else { out += Array(String(scalar).utf8) }
      }
      return out
    }
  }

  /// `<0xHH>`: one raw byte.
  private static func bytePiece(_ piece: [UInt8]) -> UInt8? {
    guard piece.count == 6, piece[0] == 0x3C, piece[1] == 0x30, piece[2] == 0x78, piece[5] == 0x3E else { return nil }
    return UInt8(String(decoding: piece[3...4], as: UTF8.self), radix: 16)
  }

  /// GPT-2's `bytes_to_unicode`, inverted: the printable character each byte is drawn as.
  static let byteLevelTable: [UInt32: UInt8] = {
    var printable = Array(33...126) + Array(161...172) + Array(174...255)
    var characters = printable
    var next = 0
    for byte in 0...255 where !printable.contains(byte) {
      printable.append(byte)
      characters.append(256 + next)
      next += 1
    }
    var table: [UInt32: UInt8] = [:]
    for (byte, character) in zip(printable, characters) { table[UInt32(character)] = UInt8(byte) }
    return table
  }()
}

private extension String {
  var replacingSpaceMark: String { String(unicodeScalars.map { $0 == "\u{2581}" ? " " : Character($0) }) }
}
