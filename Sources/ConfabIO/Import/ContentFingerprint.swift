import ConfabModel

/// `MessageContent.fingerprint` fed a piece at a time: by the importers from their messages,
/// and by the one-pass figures reader from token bytes it never made into tokens.
struct ContentFingerprint {
  private var hash = FNV1a()

  init(salt: String = "") { hash.mix(salt.utf8) }

  /// A message begins: its role and text.
  mutating func message(_ role: Role, text: String) {
    hash.mix(role.rawValue.utf8)
    hash.mix(0x1F)
    hash.mix(text.utf8)
    hash.mix(0x1E)
  }

  /// One of its tokens: its bytes, or its id when the file gave no text.
  mutating func token(_ bytes: some Sequence<UInt8>, id: Int? = nil) {
    hash.mix(bytes)
    if let id { hash.mix(String(id).utf8) }
    hash.mix(0x1D)
  }

  var hex: String { hash.hex }
}
