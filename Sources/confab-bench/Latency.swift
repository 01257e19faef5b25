import ArgumentParser
import ConfabIO
import ConfabModel
import ConfabRuntime
import ConfabTUI
import Foundation
import Synchronization

/// A terminal whose keys arrive on a pipe (written by another thread, as a person types) and
/// whose frames are only timestamped: the interactive loop, measured without a tty.
final class PipeTerminal: Terminal {
  let size = Size(width: 120, height: 40)
  let colorMode = ColorMode.full256
  let reader: FileHandle
  var drawTimes: [UInt64] = []

  init(reader: FileHandle) { self.reader = reader }

  var inputDescriptor: Int32? { reader.fileDescriptor }

  func readEvent() -> Event? {
    var byte: UInt8 = 0
    var pollDescriptor = pollfd(fd: reader.fileDescriptor, events: Int16(POLLIN), revents: 0)
    guard poll(&pollDescriptor, 1, 0) > 0, read(reader.fileDescriptor, &byte, 1) == 1 else { return nil }
    switch byte {
    case 9: return .key(.tab)
    case 10: return .key(.enter)
    case 21: return .key(.ctrl("u"))
    default: return .key(.char(Character(Unicode.Scalar(byte))))
    }
  }

  func resized() -> Event? { nil }
  func draw(_ buffer: Buffer) { drawTimes.append(DispatchTime.now().uptimeNanoseconds) }
  func invalidate() {}
  func close() {}
  func suspend() -> Event? { nil }
}

struct Latency: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Key -> frame latency in the interactive loop while a slow effect runs (a load deep in a .gz, an export).")
  @Argument(help: "A gzip-compressed JSONL corpus; its last record is the slow load.") var file: String
  @Option var keys = 200

  func run() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("confab-latency-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    // The effects on their own, as the old loop ran them on the UI thread (a key waited this long).
    let sources = Self.lastSources(file, count: 3)
    var start = DispatchTime.now().uptimeNanoseconds
    let last = try RecordFile.load(sources.last!, parser: JSONParser())
    let loadMs = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
    let store = try TagStore(path: folder + "/tags.sqlite")
    // The generated records share one shape: the last message is the assistant's.
    let message = last.messages.count - 1
    for source in sources {
      _ = try store.add(Tag(transcript: "line-\(source.line)", source: source, message: message, start: 0, end: 4,
                            tokenStart: 0, tokenEnd: 2, label: "bench", text: "", created: 0))
    }
    start = DispatchTime.now().uptimeNanoseconds
    _ = Exporter.records(try store.tags(), analyzer: .builtIn) { try? RecordFile.load($0, parser: JSONParser()) }
    let exportMs = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6

    let load = try measure(script: ["\t", "G"], folder: folder)
    let export = try measure(script: ["X", "a", "\u{15}", folder + "/out.json", "\n"], folder: folder)
    print(String(format: "  slow load (last record of %@, %.0f ms on its own): key -> frame median %.2f ms, max %.2f ms (n=%d); before (load on the UI thread): up to %.0f ms",
                 (file as NSString).lastPathComponent, loadMs, load.median, load.max, load.count, loadMs))
    print(String(format: "  export (3 spans re-read from the .gz, %.0f ms on its own): key -> frame median %.2f ms, max %.2f ms (n=%d); before: up to %.0f ms",
                 exportMs, export.median, export.max, export.count, exportMs))
  }

  /// The last `count` records' sources (from a scan of the file).
  static func lastSources(_ file: String, count: Int) -> [SourceRef] {
    var sources: [SourceRef] = []
    RecordFile.scan(path: file, parser: JSONParser(), lazy: true) { outcome in
      switch outcome {
      case .transcripts(let found): sources += found.map(\.source)
      case .summaries(let found): sources += found.map(\.source)
      case .problem: break
      }
      return true
    }
    return Array(sources.suffix(count))
  }

  /// Runs the interactive loop, waits for the first scan, types `script` (which starts the slow
  /// effect), then types `m` every 2 ms and reports how long each took to reach the screen.
  func measure(script: [String], folder: String) throws -> (median: Double, max: Double, count: Int) {
    let pipe = Pipe()
    let terminal = PipeTerminal(reader: pipe.fileHandleForReading)
    let configuration = ExplorerConfiguration(
      files: [file], problems: [], analyzer: .builtIn, dbPath: folder + "/tags.sqlite", labelsPath: folder + "/labels.txt", follow: false)
    let runtime = ExplorerRuntime(terminal: terminal, configuration: configuration)
    let typed = Mutex<[UInt64]>([])
    let writer = pipe.fileHandleForWriting
    let keys = self.keys
    let thread = Thread {
      // Long enough for the index of the whole file (the scan runs beside it).
      Thread.sleep(forTimeInterval: 4)
      for text in script { writer.write(Data(text.utf8)) }
      for _ in 0..<keys {
        Thread.sleep(forTimeInterval: 0.002)
        typed.withLock { $0.append(DispatchTime.now().uptimeNanoseconds) }
        writer.write(Data("m".utf8))
      }
      Thread.sleep(forTimeInterval: 0.2)
      writer.write(Data("q".utf8))
    }
    thread.start()
    runtime.run()
    let draws = terminal.drawTimes
    let latencies = typed.withLock { $0 }.compactMap { time in draws.first { $0 >= time }.map { Double($0 - time) / 1e6 } }.sorted()
    guard !latencies.isEmpty else { throw ValidationError("no frames measured") }
    return (latencies[latencies.count / 2], latencies.last!, latencies.count)
  }
}
