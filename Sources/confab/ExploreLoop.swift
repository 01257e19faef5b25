import ConfabCore
import ConfabTUI
import ConfabTerminal
import Dispatch
import Foundation
import Synchronization

/// Set from signal handlers' dispatch sources, read by the loop.
final class StopRequest: Sendable {
  let requested = Atomic<Bool>(false)
}

/// The run loop: feeds input and scan results to `update`, performs effects, draws `view`.
struct ExploreLoop {
  let files: [String]
  let problems: [ImportProblem]
  let noColor: Bool
  let analyzer: Analyzer
  let dbPath: String
  var follow = false

  func run() throws {
    let scanner = CorpusScanner()
    scanner.start(files: files, analyzer: analyzer)
    let stop = StopRequest()
    let sources = [SIGTERM, SIGHUP, SIGINT, SIGQUIT].map { number -> DispatchSourceSignal in
      signal(number, SIG_IGN)
      let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
      source.setEventHandler { stop.requested.store(true, ordering: .relaxed) }
      source.resume()
      return source
    }
    defer { sources.forEach { $0.cancel() } }

    let terminal = NcursesTerminal(noColor: noColor)
    defer { terminal.close() }
    let parser = JSONParser()
    var state = AppState(size: terminal.size, colorMode: terminal.colorMode, fileCount: files.count, analyzer: analyzer)
    state.problems = problems
    let tagging = openTagging(&state)
    if follow {
      scanner.setFollow(true)
      state.following = true
    }
    var dirty = true
    var scanDone = false
    var preloaded: [SourceRef: Transcript] = [:]

    func apply(_ event: Event) -> Bool {
      var pending = [event]
      while !pending.isEmpty {
        let next = pending.removeFirst()
        for effect in update(&state, next) {
          switch effect {
          case .quit: return false
          case .loadTags(let transcript):
            if let event = tagging.loadTags(transcript) { pending.append(event) }
          case .writeTag(let write, let origin):
            pending.append(tagging.write(write, origin))
          case .saveLabels(let labels):
            if let event = tagging.saveLabels(labels) { pending.append(event) }
          case .setFollow(let on):
            scanner.setFollow(on)
          case .export(let scope, let path, let selection, let transcript):
            pending.append(tagging.export(scope, path: path, selection: selection, transcript: transcript, parser: parser))
          case .load(let index, let source):
            if let transcript = preloaded.removeValue(forKey: source) {
              pending.append(.loaded(index: index, transcript))
              continue
            }
            do {
              pending.append(.loaded(index: index, try RecordFile.load(source, parser: parser)))
            } catch {
              pending.append(.loadFailed(index: index, error))
            }
          }
        }
      }
      dirty = true
      return true
    }

    while !stop.requested.load(ordering: .relaxed) {
      do {
        // Drained every pass: in follow mode records keep arriving after the first scan.
        let found = scanner.drain()
        for transcript in found.preloaded { preloaded[transcript.source] = transcript }
        if !found.isEmpty || found.bytesDone != state.scanned.bytesDone || found.finished {
          scanDone = found.finished
          if !apply(.corpus(found)) { break }
        }
      }
      if dirty {
        terminal.draw(view(state))
        dirty = false
      }
      // Short waits while the index fills in, so the list grows smoothly; longer when idle.
      let wait: Int32 = state.open == nil && !scanDone ? 2 : scanDone ? 200 : 20
      guard let event = terminal.readEvent(timeoutMs: wait) else { continue }
      if case .key(.ctrl("l")) = event { terminal.invalidate() }
      if !apply(event) { break }
    }
    scanner.cancel()
  }

  /// Opens the tag store and labels; a store that cannot be written leaves the explorer
  /// working read-only with the reason in the status line.
  private func openTagging(_ state: inout AppState) -> TagEffects {
    var store: TagStore?
    do {
      store = try TagStore(path: dbPath)
      if let reason = store?.readOnlyReason {
        state.tagging.readOnly = reason
        state.message = "tags read-only: \(reason)"
      }
    } catch {
      state.tagging.readOnly = error.description
      state.message = "tags unavailable: \(error)"
    }
    let labelsPath = LabelSet.path()
    do {
      state.tagging.labels = try LabelSet.load(path: labelsPath)
    } catch {
      state.problems.append(ImportProblem(path: labelsPath, line: nil, message: "\(error)"))
    }
    let inputs = Set(files.map { URL(fileURLWithPath: $0).standardizedFileURL.path })
    return TagEffects(store: store, labelsPath: labelsPath, inputs: inputs, analyzer: analyzer)
  }
}
