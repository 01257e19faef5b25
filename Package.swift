// swift-tools-version:6.0
import PackageDescription

/// Every module imports what it uses: a member is visible only where its module is imported.
///
/// Concrete generic types (a dictionary's storage, a set of one key type) get their metadata
/// from accessor calls that pass the conformances along, not by a mangled name the runtime
/// must resolve: resolving one looks each conformance up, and a first lookup scans all ~6,000
/// conformance records of the static executable (~0.25 ms). Twenty of those lay between
/// `main` and the explorer's first screen.
let honestImports: [SwiftSetting] = [
  .enableUpcomingFeature("MemberImportVisibility"),
  .unsafeFlags(["-Xfrontend", "-disable-concrete-type-metadata-mangled-name-accessors"]),
]

let package = Package(
  name: "confab",
  platforms: [.macOS(.v15)],
  products: [
    .executable(name: "confab", targets: ["confab"])
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2")
  ],
  targets: [
    // ncursesw, header-only: the shim defines the wide-char macros SwiftPM's pkg-config drops.
    .systemLibrary(name: "CNcursesw", providers: [.apt(["libncurses-dev"])]),
    // simdjson behind a tiny extern "C" surface: Swift walks the DOM tape directly; plain chat records
    // are read in one pass over their text (no fused multiply-add: its figures equal Swift's bit for bit).
    .target(
      name: "CSimdjson",
      cxxSettings: [.unsafeFlags(["-O3", "-std=c++17", "-ffp-contract=off", "-DNDEBUG"])],
      linkerSettings: [.linkedLibrary("simdjson"), .linkedLibrary("stdc++")]
    ),
    // SQLite's C API for the tag store (WAL, one file, safe across processes).
    .systemLibrary(name: "CSQLite", providers: [.apt(["libsqlite3-dev"])]),
    // zlib (.gz inputs, deflate zip entries) and zstd (Inspect .eval entries, method 93).
    .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),
    .systemLibrary(name: "CZstd", providers: [.apt(["libzstd-dev"])]),
    // glibc's mallopt: confab fixes the mmap threshold so large buffers are given back.
    .systemLibrary(name: "CMalloc"),
    // Values and analysis: the model, token statistics, markers, events. No file, network or
    // database access, so the UI can depend on it alone.
    .target(name: "ConfabModel", swiftSettings: honestImports),
    // Input and storage: JSON, sources, importers, the corpus scanner, the tag store, export.
    .target(name: "ConfabIO", dependencies: ["ConfabModel", "CSimdjson", "CSQLite", "CZlib", "CZstd"], swiftSettings: honestImports),
    // libcurl through dlopen on the first request: linked (as URLSession links it) it made every
    // command load ~30 shared libraries at start. Headers only at build time.
    .target(name: "CCurl"),
    // Talking to model servers: record, branch and rescore.
    .target(name: "ConfabServer", dependencies: ["ConfabModel", "ConfabIO", "CCurl"], swiftSettings: honestImports),
    // Pure UI: Buffer, widgets, state, update, view. Sees the model only.
    .target(name: "ConfabTUI", dependencies: ["ConfabModel"], swiftSettings: honestImports),
    // Crash-signal terminal restore with async-signal-safe calls only (C: a handler needs static storage).
    .target(name: "CTerminalRestore"),
    // The run loop's signals through a pipe, the handler installed at once (C: a handler needs static storage).
    .target(name: "CSignalPipe"),
    .target(name: "ConfabTerminal", dependencies: ["CNcursesw", "CTerminalRestore", "ConfabTUI"], swiftSettings: honestImports),
    // The run loop: one inbox (effect results, scanner news, signals), effects off the UI thread.
    .target(name: "ConfabRuntime", dependencies: ["ConfabModel", "ConfabIO", "ConfabServer", "ConfabTUI", "CSignalPipe"], swiftSettings: honestImports),
    .executableTarget(
      name: "confab",
      dependencies: [
        "ConfabModel", "ConfabIO", "ConfabServer", "ConfabTUI", "ConfabTerminal", "ConfabRuntime", "CMalloc",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      swiftSettings: honestImports
    ),
    // make bench: corpus generator and frame timing (not shipped).
    .executableTarget(
      name: "confab-bench",
      dependencies: [
        "ConfabModel", "ConfabIO", "ConfabTUI", "ConfabRuntime", .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      swiftSettings: honestImports
    ),
    .testTarget(name: "ConfabCoreTests", dependencies: ["ConfabModel", "ConfabIO", "ConfabServer"], exclude: ["Fixtures"]),
    .testTarget(name: "ConfabTUITests", dependencies: ["ConfabTUI", "ConfabModel"], exclude: ["Snapshots"]),
    // The real run loop on an in-memory terminal, with a real tag store.
    .testTarget(name: "ConfabRuntimeTests", dependencies: ["ConfabRuntime", "ConfabTUI", "ConfabModel", "ConfabIO"]),
    // Depends on the executable so `swift test` builds it; drives the real binary in tmux.
    .testTarget(name: "E2ETests", dependencies: ["confab"], exclude: ["Servers"]),
  ],
  swiftLanguageModes: [.v6]
)
