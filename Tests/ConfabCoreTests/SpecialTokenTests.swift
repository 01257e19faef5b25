import ConfabModel
import Testing

/// Special tokens read as labelled glyphs and stay out of message text.
@Suite struct SpecialTokenTests {
  @Test func glyphsNameEndOfTextAndOtherSpecialTokens() {
    #expect(TokenText.specialGlyph([]) == "⏎eos", "llama-server's empty <|im_end|>")
    #expect(TokenText.specialGlyph(Array("<|endoftext|>".utf8), special: true) == "⏎eos")
    #expect(TokenText.specialGlyph(Array("</s>".utf8), special: true) == "⏎eos")
    #expect(TokenText.specialGlyph(Array("<|im_start|>".utf8)) == "⟨<|im_start|>⟩", "the template's form, unflagged")
    #expect(TokenText.specialGlyph(Array("<|eot_id|>".utf8)) == "⏎eos")
    #expect(TokenText.specialGlyph(Array(" end".utf8)) == nil, "ordinary text is not special")
    #expect(TokenText.specialGlyph(Array("<|".utf8)) == nil)
    #expect(TokenText.quoted(Array(" Sydney".utf8)) == "\" Sydney\"")
    #expect(TokenText.quoted([]) == "⏎eos")
  }

  @Test func flaggedSpecialTokensAreNotText() {
    let tokens = [Token(bytes: Array("future.".utf8), logprob: Logprob(raw: -0.1)),
                  Token(bytes: Array("<|endoftext|>".utf8), logprob: Logprob(raw: -0.2), special: true)]
    #expect(TokenText.text(of: tokens) == "future.")
    #expect(TokenText.scalarStarts(tokens) == [0, 7, 7])
  }
}

/// The lexicon's fingerprint names its rules: equal for the same entries, different once a
/// file adds one, and the file is listed.
@Suite struct LexiconProvenanceTests {
  @Test func fingerprintChangesWithTheRulesAndNamesAddedFiles() throws {
    var extended = Lexicon.standard
    #expect(extended.fingerprint == Lexicon.standard.fingerprint)
    #expect(extended.addedFiles.isEmpty)
    try extended.add(text: "[hedge]\nkinda\n", source: "mine.txt")
    #expect(extended.fingerprint != Lexicon.standard.fingerprint)
    #expect(extended.addedFiles == ["mine.txt"])
    #expect(extended.fingerprint.count == 16)
  }
}
