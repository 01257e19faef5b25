import ConfabIO
import ConfabModel
import ConfabServer
import ConfabTUI
import Dispatch
import Synchronization

/// A flag a queued job checks, so moving on cancels a stale load.
final class Cancellation: Sendable {
  private let flag = Atomic<Bool>(false)
  func cancel() { flag.store(true, ordering: .relaxed) }
  var isCancelled: Bool { flag.load(ordering: .relaxed) }
}

/// The tag store and labels file, confined to the store queue: every access goes through
/// `storeQueue`, which is why the unchecked Sendable is sound. Opened on first use there, so
/// opening SQLite never holds up the first screen.
private final class StoreConfinement: @unchecked Sendable {
  private let open: @Sendable () -> (TagEffects, TaggingOpened)
  private var opened: (effects: TagEffects, found: TaggingOpened)?

  init(_ open: @escaping @Sendable () -> (TagEffects, TaggingOpened)) { self.open = open }

  /// The store's effects, opening it the first time.
  var tags: TagEffects { openOnce().effects }
  /// What opening it found.
  var found: TaggingOpened { openOnce().found }

  private func openOnce() -> (effects: TagEffects, found: TaggingOpened) {
    if let opened { return opened }
    let made = open()
    opened = made
    return made
  }
}

/// Performs effects off the UI thread. Each one ends with exactly one `.completed` in the
/// inbox. Loads run on their own queue and are cancelled when a newer load starts; tag writes,
/// label saves and the store half of an export run in order on the store queue (one SQLite
/// connection, writes in the order the user made them); the slow half of an export (re-reading
/// every tagged source) runs on the export queue, so it never delays a tag write.
final class EffectRunner {
  private let inbox: Inbox
  /// The cut-offs in it become the corpus's own once read (`useThresholds`).
  private var analyzer: Analyzer
  private let files: [String]
  private let store: StoreConfinement
  private let loadQueue = DispatchQueue(label: "confab.load")
  private let storeQueue = DispatchQueue(label: "confab.store")
  private let exportQueue = DispatchQueue(label: "confab.export")
  private var currentLoad: Cancellation?
  /// The live server (`--server`): one client, so its HTTP session serves every request.
  private let session: LlamaCppSession?
  private let branchesPath: String?
  /// The live-model request in flight (a branch or a rescore): cancelling it stops it.
  private var currentBranch: Task<Void, Never>?

  /// `openTags` opens the tag store and labels file; it runs on the store queue, the first
  /// time a tag effect or `openTagging` needs them.
  init(
    inbox: Inbox, analyzer: Analyzer, openTags: @escaping @Sendable () -> (TagEffects, TaggingOpened), server: String? = nil,
    branchesPath: String? = nil, files: [String] = []
  ) {
    self.files = files
    self.inbox = inbox
    self.analyzer = analyzer
    store = StoreConfinement(openTags)
    session = server.map { LlamaCppSession(server: $0) }
    self.branchesPath = branchesPath
  }

  /// Opens the tag store and labels file (if no tag effect has yet) and reports what that
  /// found: one effect, ending with `.taggingOpened`.
  func openTagging() {
    let store = store
    let inbox = inbox
    storeQueue.async { inbox.post(.completed(.taggingOpened(store.found))) }
  }

  /// Analyses from now on with these cut-offs (nil keeps the one in force).
  func useThresholds(highEntropy: Double?, unlikely: Double?) {
    if let highEntropy { analyzer.thresholds.highEntropy = highEntropy }
    if let unlikely { analyzer.thresholds.unlikely = unlikely }
  }

  /// Runs a live-model request (a branch or rescore) as a task Esc can cancel; its progress
  /// reaches the status line, its result ends the effect.
  private func startLive(_ work: @escaping @Sendable (LlamaCppSession, String, @escaping @Sendable (String) -> Void) async -> Event) {
    let inbox = inbox
    guard let session, let branchesPath else {
      return inbox.post(.completed(.liveResult([], message: "no --server to ask")))
    }
    currentBranch = Task.detached {
      inbox.post(.completed(await work(session, branchesPath) { inbox.post(.progress(.liveProgress($0))) }))
    }
  }

  /// Drops the load in flight: its result will not be shown.
  func cancelLoad() {
    currentLoad?.cancel()
    currentLoad = nil
  }

  /// Starts `effect` on its queue; it will end with one `.completed` in the inbox. `.quit` and
  /// `.setFollow` are the loop's own and never come here.
  func start(_ effect: Effect) {
    let inbox = inbox
    let analyzer = analyzer
    let store = store
    switch effect {
    case .quit, .setFollow, .suspend, .useThresholds:
      preconditionFailure("the run loop performs \(effect) itself")
    case .load(let index, let source):
      currentLoad?.cancel()
      let cancellation = Cancellation()
      currentLoad = cancellation
      loadQueue.async {
        guard !cancellation.isCancelled else { return inbox.post(.completed(nil)) }
        do throws(ImportProblem) {
          let transcript = try RecordFile.load(source, parser: JSONParser(), cancelled: { cancellation.isCancelled })
          guard !cancellation.isCancelled else { return inbox.post(.completed(nil)) }
          inbox.post(.completed(.loaded(index: index, AnalyzedTranscript(transcript, analyzer: analyzer))))
        } catch {
          inbox.post(.completed(cancellation.isCancelled ? nil : .loadFailed(index: index, error)))
        }
      }
    case .loadGroup(let entries, let sources, let title):
      loadQueue.async {
        var tokens: [[Token]] = []
        var labels: [String] = []
        for source in sources {
          do throws(ImportProblem) {
            let transcript = try RecordFile.load(source, parser: JSONParser())
            tokens.append(transcript.sampledTokens)
            // As the list marks them: a rescoring or a branch is no sample of the prompt, and its
            // number is its parent's or its branch's, so "#0" alone would name two transcripts.
            let mark = transcript.rescore != nil ? "↺" : transcript.branch != nil ? "⑂" : "#"
            labels.append(transcript.sampleIndex.map { mark + "\($0)" } ?? String(transcript.id.prefix(8)))
          } catch {
            return inbox.post(.completed(.groupLoaded(.failure(error))))
          }
        }
        inbox.post(.completed(.groupLoaded(.success(CompareGroup(entries: entries, labels: labels, tokens: tokens, title: title)))))
      }
    case .branch(let job):
      startLive { session, path, progress in await BranchEffect.run(job, session: session, path: path, analyzer: analyzer, progress: progress) }
    case .rescore(let job):
      startLive { session, path, progress in await RescoreEffect.run(job, session: session, path: path, analyzer: analyzer, progress: progress) }
    case .cancelLiveJob:
      currentBranch?.cancel()
      inbox.post(.completed(nil))
    case .findCorpusThresholds:
      let files = files
      exportQueue.async {
        // Token statistics only, file by file: the histograms keep memory constant.
        let relative = RelativeThresholds.ofFiles(files)
        inbox.post(.completed(.corpusThresholds(highEntropy: relative.highEntropy, unlikely: relative.unlikely)))
      }
    case .loadPartner(let id, let source):
      loadQueue.async {
        // No partner is no error: the Δ heat then says none is listed.
        let partner = try? RecordFile.load(source, parser: JSONParser())
        inbox.post(.completed(partner.map { .partnerLoaded(for: id, $0) }))
      }
    case .loadTags(let transcript):
      storeQueue.async { inbox.post(.completed(store.tags.loadTags(transcript))) }
    case .loadAllTags:
      storeQueue.async { inbox.post(.completed(store.tags.loadAllTags())) }
    case .writeTag(let write, let origin):
      storeQueue.async { inbox.post(.completed(store.tags.write(write, origin))) }
    case .saveLabels(let labels):
      storeQueue.async { inbox.post(.completed(store.tags.saveLabels(labels))) }
    case .export(let scope, let path, let selection, let transcript):
      let exportQueue = exportQueue
      storeQueue.async {
        switch store.tags.exportTags(scope, path: path, selection: selection, transcript: transcript) {
        case .failure(let refusal):
          inbox.post(.completed(.exported(refusal.message)))
        case .success(let export):
          exportQueue.async { inbox.post(.completed(TagEffects.writeExport(export.tags, to: export.target, analyzer: analyzer))) }
        }
      }
    }
  }
}
