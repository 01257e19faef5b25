import ConfabIO
import ConfabModel
import ConfabServer
import ConfabTUI
import Foundation
import Synchronization

/// What the explorer is opened on, and with which settings.
public struct ExplorerConfiguration: Sendable {
  public var files: [String]
  public var problems: [ImportProblem]
  public var analyzer: Analyzer
  public var dbPath: String
  public var labelsPath: String
  public var follow: Bool
  /// The live llama.cpp server `B` branches on, and the file its branches are appended to.
  public var server: String?
  public var branchesPath: String?
  /// Cut-offs the user gave (`--high-entropy`, `--unlikely`): the corpus's own never replace them.
  public var fixedHighEntropy = false
  public var fixedUnlikely = false

  public init(
    files: [String], problems: [ImportProblem], analyzer: Analyzer, dbPath: String, labelsPath: String, follow: Bool,
    server: String? = nil, branchesPath: String? = nil
  ) {
    self.server = server
    self.branchesPath = branchesPath
    self.files = files
    self.problems = problems
    self.analyzer = analyzer
    self.dbPath = dbPath
    self.labelsPath = labelsPath
    self.follow = follow
  }
}

/// Set while a scanner wake-up sits in the inbox, so a busy scan queues at most one.
private final class NewsFlag: Sendable {
  private let flag = Atomic<Bool>(false)
  /// True when the flag was clear (the caller should post).
  func raise() -> Bool { !flag.exchange(true, ordering: .acquiringAndReleasing) }
  func lower() { flag.store(false, ordering: .releasing) }
  var isRaised: Bool { flag.load(ordering: .acquiring) }
}

/// The explorer's run loop: waits on one inbox (effect results, scanner news, signals) and on
/// terminal input, feeds events to `update`, hands effects to the runner, draws `view`.
/// The same loop runs interactively on ncurses and headless on a MemoryTerminal.
public final class ExplorerRuntime {
  public private(set) var state: AppState
  private let terminal: any Terminal
  private let configuration: ExplorerConfiguration
  private let inbox = Inbox()
  private let news = NewsFlag()
  private let scanner: CorpusScanner
  private let runner: EffectRunner
  private var preloaded: [SourceRef: AnalyzedTranscript] = [:]
  /// The scanner was started by the caller (reading while the terminal was set up).
  private let scanStarted: Bool
  /// Effects started and not yet completed.
  public private(set) var pending = 0
  private var firstPassDone = false
  private var quitting = false
  private var dirty = true
  private var taggingRequested = false

  /// `scanner`, when given, is already scanning `configuration.files` (see
  /// `CorpusScanner.init()`); else the runtime starts one when it runs.
  public init(terminal: any Terminal, configuration: ExplorerConfiguration, scanner started: CorpusScanner? = nil) {
    self.terminal = terminal
    self.configuration = configuration
    let inbox = inbox
    let news = news
    scanner = started ?? CorpusScanner()
    scanStarted = started != nil
    scanner.listen { if news.raise() { inbox.post(.scannerNews) } }
    var state = AppState(size: terminal.size, colorMode: terminal.colorMode, fileCount: configuration.files.count)
    state.problems = ProblemList(configuration.problems)
    state.server = configuration.server.map { RecordRequest.redacted($0) }
    state.reader.userHighEntropy = configuration.fixedHighEntropy
    state.reader.userUnlikely = configuration.fixedUnlikely
    runner = EffectRunner(
      inbox: inbox, analyzer: configuration.analyzer, openTags: { [configuration] in Self.openTagging(configuration) },
      server: configuration.server, branchesPath: configuration.branchesPath, files: configuration.files)
    self.state = state
  }

  /// Interactive: runs until the user quits or a terminating signal arrives.
  public func run() {
    let signals = SignalSources()
    var framesDrawn = 0
    start()
    while !quitting {
      if dirty {
        terminal.draw(view(state))
        if framesDrawn < 3 {
          framesDrawn += 1
          StartupTrace.mark("frame \(framesDrawn)")
        }
        if state.reader.open != nil { scanner.firstRecordShown() }
        // The tag store waits for the first record's frame (or a scan that shows none).
        if state.reader.open != nil || firstPassDone { requestTagging() }
        dirty = false
      }
      if inbox.isEmpty { inbox.wait(alsoOn: [terminal.inputDescriptor, signals.descriptor].compactMap { $0 }) }
      for number in signals.take() { handle(signal: number) }
      receive()
    }
    scanner.cancel()
    withExtendedLifetime(signals) {}
  }

  /// Scripted (the headless explorer and tests): before the first key and after each one,
  /// waits until the first scan pass is done and no effect is pending, then hands the settled
  /// screen to `settled`. Stops after the last key or when a key quits.
  public func run(script: [Key], settled: (Buffer) -> Void) {
    start()
    requestTagging()
    var keys = ArraySlice(script)
    while true {
      while !isIdle {
        if inbox.isEmpty { inbox.wait() }
        receive()
      }
      let frame = view(state)
      terminal.draw(frame)
      settled(frame)
      guard !quitting, let key = keys.popFirst() else { break }
      apply(.key(key))
    }
    scanner.cancel()
  }

  private var isIdle: Bool { quitting || (pending == 0 && firstPassDone && !news.isRaised && inbox.isEmpty) }

  private func start() {
    if !scanStarted { scanner.start(files: configuration.files, analyzer: configuration.analyzer) }
    if configuration.follow {
      scanner.setFollow(true)
      state.following = true
      state.atNewest = true  // as `less +F`: the newest record, kept as records arrive
    }
  }

  /// A resize, or a request to quit.
  private func handle(signal number: Int32) {
    if number == SIGWINCH {
      if let event = terminal.resized() { apply(event) }
    } else {
      apply(.terminate)
    }
  }

  /// Handles everything in the inbox, then any input the terminal has waiting.
  private func receive() {
    for delivery in inbox.take() {
      switch delivery {
      case .completed(let event):
        pending -= 1
        if let event { apply(event) }
      case .scannerNews:
        news.lower()
        let found = scanner.drain()
        for analyzed in found.preloaded { preloaded[analyzed.transcript.source] = analyzed }
        if found.finished { firstPassDone = true }
        if !found.isEmpty || found.bytesDone != state.list.scanned.bytesDone || found.finished != state.list.scanned.finished {
          apply(.corpus(found))
        }
      case .progress(let event):
        apply(event)
      }
    }
    while !quitting, let event = terminal.readEvent() {
      if case .key(.ctrl("l")) = event { terminal.invalidate() }
      apply(event)
    }
  }

  private func apply(_ event: Event) {
    dirty = true
    for effect in update(&state, event) {
      switch effect {
      case .quit:
        quitting = true
      case .suspend:
        if let resized = terminal.suspend() { apply(resized) }
      case .setFollow(let on):
        scanner.setFollow(on)
      case .useThresholds(let highEntropy, let unlikely):
        // Analysed under the old cut-offs.
        preloaded.removeAll()
        runner.useThresholds(
          highEntropy: configuration.fixedHighEntropy ? nil : highEntropy, unlikely: configuration.fixedUnlikely ? nil : unlikely)
      case .load(let index, let source):
        // The first record comes analysed from the scanner: shown in this same frame.
        if let analyzed = preloaded.removeValue(forKey: source) {
          runner.cancelLoad()
          apply(.loaded(index: index, analyzed))
        } else {
          runner.start(effect)
          pending += 1
        }
      case .loadTags, .loadAllTags, .writeTag, .saveLabels, .export, .loadGroup, .branch, .cancelLiveJob, .rescore, .loadPartner, .findCorpusThresholds:
        runner.start(effect)
        pending += 1
      }
    }
  }

  /// Opens the tag store and labels (on the store queue); a store that cannot be written
  /// leaves the explorer working read-only with the reason in the status line.
  private static func openTagging(_ configuration: ExplorerConfiguration) -> (TagEffects, TaggingOpened) {
    var store: TagStore?
    var found = TaggingOpened()
    do {
      store = try TagStore(path: configuration.dbPath)
      if let reason = store?.readOnlyReason {
        found.readOnly = reason
        found.message = "tags read-only: \(reason)"
      }
    } catch {
      found.readOnly = error.description
      found.message = "tags unavailable: \(error)"
    }
    do {
      found.labels = try LabelSet.load(path: configuration.labelsPath)
    } catch {
      found.problem = ImportProblem(path: configuration.labelsPath, line: nil, message: "\(error)")
    }
    var outputGuard = OutputGuard()
    outputGuard.protect(inputs: configuration.files)
    outputGuard.protect(tagStore: configuration.dbPath)
    outputGuard.protect(configuration.labelsPath, as: "the labels file")
    return (TagEffects(store: store, labelsPath: configuration.labelsPath, outputGuard: outputGuard), found)
  }

  /// Opens tagging once: after the first record is on screen (interactive), or at once
  /// (scripted, which waits for it like any effect).
  private func requestTagging() {
    guard !taggingRequested else { return }
    taggingRequested = true
    runner.openTagging()
    pending += 1
  }
}
