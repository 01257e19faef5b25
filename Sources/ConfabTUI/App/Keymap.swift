/// What a key does. Conflicts are settled here on purpose and shown in the help overlay:
/// `b` is word-back (vim), so page-up is PgUp or Ctrl-B; n/N step search matches while a
/// search is active and transcripts otherwise.
public enum Action: Equatable, Sendable {
  case move(Motion)
  case tag(TagAction)
  case nextPane, previousPane, open
  case nextTranscript, previousTranscript
  case search, searchAll, eventFilter, cycleHeat, cycleTimeline, timelineScale, toggleLegend, cycleSort, groupByPrompt, nextEvent, previousEvent, follow
  case help, problems, escape, quit, redraw, suspend, compare, branch, rescore
}

/// Cursor motions: tokens in the transcript, rows in the list and the tags pane.
public enum Motion: Equatable, Sendable {
  case tokenNext, tokenPrevious, wordNext, wordPrevious, lineDown, lineUp
  case pageDown, pageUp, halfPageDown, halfPageUp, start, end
}

/// Selection, labels, undo and export.
public enum TagAction: Equatable, Sendable {
  case select, selectMarker, labelDigit(Int), pickLabel, removeTag, undo, redo, nextTag, previousTag, export, allTags
}

public struct Binding: Sendable {
  public var keys: [Key]
  public var label: String
  public var action: Action
  public var help: String
}

public enum Keymap {
  public static let bindings: [Binding] = [
    Binding(keys: [.char("l"), .right], label: "l →", action: .move(.tokenNext), help: "next token"),
    Binding(keys: [.char("h"), .left], label: "h ←", action: .move(.tokenPrevious), help: "previous token"),
    Binding(keys: [.char("w")], label: "w", action: .move(.wordNext), help: "next word"),
    Binding(keys: [.char("b")], label: "b", action: .move(.wordPrevious), help: "previous word"),
    Binding(keys: [.char("j"), .down], label: "j ↓", action: .move(.lineDown), help: "line down (list: next row)"),
    Binding(keys: [.char("k"), .up], label: "k ↑", action: .move(.lineUp), help: "line up (list: previous row)"),
    Binding(keys: [.char(" "), .pageDown, .ctrl("f")], label: "Space PgDn ^F", action: .move(.pageDown), help: "page down"),
    Binding(keys: [.pageUp, .ctrl("b")], label: "PgUp ^B", action: .move(.pageUp), help: "page up (b is word back)"),
    Binding(keys: [.ctrl("d")], label: "^D", action: .move(.halfPageDown), help: "half page down"),
    Binding(keys: [.ctrl("u")], label: "^U", action: .move(.halfPageUp), help: "half page up"),
    Binding(keys: [.char("g"), .home], label: "g Home", action: .move(.start), help: "first token"),
    Binding(keys: [.char("G"), .end], label: "G End", action: .move(.end), help: "last token"),
    Binding(keys: [.tab], label: "Tab", action: .nextPane, help: "next pane (transcript, list, tags)"),
    Binding(keys: [.backTab], label: "S-Tab", action: .previousPane, help: "previous pane"),
    Binding(keys: [.enter], label: "Enter", action: .open, help: "open the selected transcript"),
    Binding(keys: [.char("n")], label: "n", action: .nextTranscript, help: "next search match, else next transcript"),
    Binding(keys: [.char("N")], label: "N", action: .previousTranscript, help: "previous match, else previous transcript"),
    Binding(keys: [.char("/")], label: "/", action: .search, help: "search this transcript; in the list, find rows by title (n/N step)"),
    Binding(keys: [.char("&")], label: "&", action: .searchAll,
            help: "search every transcript: n/N go on into the next one with a match"),
    Binding(keys: [.char("e")], label: "e", action: .nextEvent, help: "next event worth a look (f chooses the kinds), into the next transcript"),
    Binding(keys: [.char("E")], label: "E", action: .previousEvent, help: "previous event, across transcripts"),
    Binding(keys: [.char("f")], label: "f", action: .eventFilter,
            help: "event filter: the kinds e/E stop at and the lowest score (default: corrections, near-misses, competing answers, unbacked, performative)"),
    Binding(keys: [.char("m")], label: "m", action: .cycleHeat, help: "heat: probability, rank, entropy, Δlogprob against a rescoring (R), off"),
    Binding(keys: [.char("T")], label: "T", action: .cycleTimeline, help: "timeline: entropy, surprisal, correction/hedge pressure"),
    Binding(keys: [.char("L")], label: "L", action: .toggleLegend, help: "a one-line legend under the timeline: heat and marker styles"),
    Binding(keys: [.char("=")], label: "=", action: .timelineScale,
            help: "timeline scale: the corpus (transcripts compare) or this transcript's maximum"),
    Binding(keys: [.char("s")], label: "s", action: .cycleSort, help: "sort list: file, hedges, corrections, assertions, near-misses, gap"),
    Binding(keys: [.char("P")], label: "P", action: .groupByPrompt,
            help: "group the list by prompt: samples, answer agreement, ⚠ sure yet inconsistent"),
    Binding(keys: [.char("v")], label: "v", action: .tag(.select), help: "start/stop a selection (motion keys extend it)"),
    Binding(keys: [.char("V")], label: "V", action: .tag(.selectMarker), help: "select the marker or event under the cursor"),
    Binding(keys: (1...9).map { .char(Character(String($0))) }, label: "1-9", action: .tag(.labelDigit(0)), help: "tag the selection (or token) with that digit's label"),
    Binding(keys: [.char("t")], label: "t", action: .tag(.pickLabel), help: "label picker: filter, create, note (Tab), ^B binds a digit"),
    Binding(keys: [.char("x")], label: "x", action: .tag(.removeTag), help: "remove the tag under the cursor"),
    Binding(keys: [.char("u")], label: "u", action: .tag(.undo), help: "undo the last tag edit"),
    Binding(keys: [.char("U"), .ctrl("r")], label: "U ^R", action: .tag(.redo), help: "redo"),
    Binding(keys: [.char("]")], label: "] [", action: .tag(.nextTag), help: "next / previous tagged span, into the next tagged transcript"),
    Binding(keys: [.char("[")], label: "", action: .tag(.previousTag), help: ""),
    Binding(keys: [.char("a")], label: "a", action: .tag(.allTags), help: "tags pane: this transcript's tags or every tag (Enter opens its transcript)"),
    Binding(keys: [.char("X")], label: "X", action: .tag(.export), help: "export selection / transcript / all tags to JSON"),
    Binding(keys: [.char("F")], label: "F", action: .follow, help: "follow growing files (like less +F); F again stops"),
    Binding(keys: [.char("p")], label: "p", action: .problems, help: "list input problems"),
    Binding(keys: [.char("?"), .f1], label: "? F1", action: .help, help: "this help"),
    Binding(keys: [.escape], label: "Esc", action: .escape, help: "clear search, close overlay"),
    Binding(keys: [.ctrl("l")], label: "^L", action: .redraw, help: "redraw"),
    Binding(keys: [.char("c")], label: "c", action: .compare,
            help: "compare: this prompt's samples as a fork tree (j/k, f/F forks, Enter opens, Esc back)"),
    Binding(keys: [.char("B")], label: "B", action: .branch,
            help: "branch here on the live model (--server): j/k the alternative, +/- samples, Enter; Esc cancels a running one"),
    Binding(keys: [.char("R")], label: "R", action: .rescore,
            help: "rescore this reply on the live model: (c)hat, (d)ocument or (u)ser frame; then m shows Δlogprob heat"),
    Binding(keys: [.ctrl("z")], label: "^Z", action: .suspend, help: "suspend to the shell (fg resumes)"),
    Binding(keys: [.char("q"), .ctrl("c")], label: "q ^C", action: .quit, help: "close overlay, else quit"),
  ]

  private static let table: [Key: Action] = {
    var table: [Key: Action] = [:]
    for binding in bindings { for key in binding.keys { table[key] = binding.action } }
    for digit in 1...9 { table[.char(Character(String(digit)))] = .tag(.labelDigit(digit)) }
    return table
  }()

  public static func action(for key: Key) -> Action? { table[key] }
}
