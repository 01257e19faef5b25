import ConfabIO
import ConfabModel
import ArgumentParser
import ConfabRuntime
import ConfabTUI
import ConfabTerminal
import Foundation

/// What the explorer opens and how: `confab PATHS [options]` parsed (`Explore`), or
/// `confab PATHS` alone, made without parsing the command line (`plain`), so the first screen
/// waits for nothing it does not need.
struct ExploreRequest {
  var paths: [String]
  var analysis = AnalysisSettings()
  var db: String?
  var follow = false
  var keys: String?
  var screen = "120x40"
  var frames = false
  var server: String?
  var branches: String?

  /// `confab PATHS...` with no subcommand and no option, each path an existing file or folder:
  /// the request with every default. Nil for any other invocation (the parser handles it).
  static func plain(_ arguments: [String]) -> ExploreRequest? {
    let paths = Array(arguments.dropFirst())
    guard let first = paths.first, !Confab.subcommandNames.contains(first) else { return nil }
    for path in paths where path.hasPrefix("-") || !FileManager.default.fileExists(atPath: path) { return nil }
    return ExploreRequest(paths: paths)
  }

  /// The server from the flag, else the environment; empty means none.
  private var liveServer: String? {
    let value = server ?? Environment.process["CONFAB_SERVER"]
    return value?.isEmpty == false ? value : nil
  }

  func validate() throws {
    if paths.isEmpty { throw ValidationError("give at least one file or folder, e.g. confab samples/") }
    if keys != nil {
      guard Self.size(screen) != nil else { throw ValidationError("--screen takes WIDTHxHEIGHT, e.g. 100x30 (got \(screen))") }
      do { _ = try KeyNotation.parse(keys ?? "") } catch { throw ValidationError("--keys: \(error)") }
      if follow { throw ValidationError("--follow needs the interactive explorer (a script ends after its last key)") }
    }
    if let liveServer, URL(string: liveServer)?.scheme?.hasPrefix("http") != true {
      throw ValidationError("--server (or CONFAB_SERVER) must be an http(s) URL, e.g. http://127.0.0.1:8080 (got \(liveServer))")
    }
  }

  static func size(_ text: String) -> Size? {
    let parts = text.lowercased().split(separator: "x")
    guard parts.count == 2, let width = Int(parts[0]), let height = Int(parts[1]), width > 0, height > 0,
      width <= 1000, height <= 1000
    else { return nil }
    return Size(width: width, height: height)
  }

  func run() throws {
    let headless = keys != nil
    guard headless || (isatty(STDOUT_FILENO) == 1 && isatty(STDIN_FILENO) == 1) else {
      FileHandle.standardError.write(Data("""
        confab: the explorer needs a terminal (stdout or stdin is not one).
        For scripts use the headless commands, e.g. `confab scan \(paths.joined(separator: " ")) --json`,
        or a scripted explorer screen: `confab \(paths.joined(separator: " ")) --keys 'lll'`.

        """.utf8))
      throw ExitCode(2)
    }
    let (files, problems) = InputPaths.expand(paths)
    if files.isEmpty {
      for problem in problems { warn("\(problem)") }
      warn("no input files found")
      throw ExitCode(1)
    }
    let dbPath = db ?? TagStore.defaultPath()
    let branchesPath = branches ?? BranchesFile.defaultPath()
    var outputGuard = OutputGuard()
    outputGuard.protect(inputs: files)
    outputGuard.protect(tagStore: dbPath)
    if let refusal = outputGuard.refusal(writing: branchesPath) {
      warn("--branches: \(refusal)")
      throw ExitCode(1)
    }
    if liveServer != nil && branches == nil {
      try? FileManager.default.createDirectory(atPath: (branchesPath as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    }
    // Branches made before, of these files, are listed with them (their prompt groups included).
    let withBranches = BranchesFile.holdsBranches(of: files, path: branchesPath) ? files + [branchesPath] : files
    func configuration(_ analyzer: Analyzer) -> ExplorerConfiguration {
      var configuration = ExplorerConfiguration(
        files: withBranches, problems: problems, analyzer: analyzer.readingAnswers, dbPath: dbPath,
        labelsPath: LabelSet.path(), follow: follow, server: liveServer, branchesPath: branchesPath)
      configuration.fixedHighEntropy = analysis.highEntropy != nil
      configuration.fixedUnlikely = analysis.unlikely != nil
      return configuration
    }
    if let keys {
      runHeadless(configuration(try analysis.analyzer()), keys: try KeyNotation.parse(keys), size: Self.size(screen)!)
    } else {
      // The scanner reads the first record while this thread sets up the terminal and then
      // makes the analyzer (the lexicon); whichever asks first makes it. A lexicon file that
      // does not parse is reported once the terminal is restored.
      let options = analysis
      let made = MadeOnce { try options.makeAnalyzer().readingAnswers }
      let scanner = CorpusScanner(holdingIndexForFirstFrame: true)
      // Set before the first file is read: a growing file's partial last line then waits.
      scanner.setFollow(follow)
      scanner.start(files: withBranches) { try? made.value() }
      let noColor = !(Environment.process["NO_COLOR"] ?? "").isEmpty
      let terminal = NcursesTerminal(noColor: noColor)
      StartupTrace.mark("terminal ready")
      let analyzer: Analyzer
      do {
        analyzer = try made.value()
      } catch {
        scanner.cancel()
        terminal.close()
        warn("\(error)")
        throw ExitCode(1)
      }
      defer { terminal.close() }
      StartupTrace.mark("analyzer ready")
      ExplorerRuntime(terminal: terminal, configuration: configuration(analyzer), scanner: scanner).run()
    }
  }

  private func runHeadless(_ configuration: ExplorerConfiguration, keys: [Key], size: Size) {
    let terminal = MemoryTerminal(size: size)
    var output = ""
    var last = ""
    ExplorerRuntime(terminal: terminal, configuration: configuration).run(script: keys) { frame in
      last = MemoryTerminal.text(of: frame)
      if frames { output += (output.isEmpty ? "" : "\u{0C}\n") + last + "\n" }
    }
    FileHandle.standardOutput.write(Data((frames ? output : last + "\n").utf8))
  }
}
