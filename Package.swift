// swift-tools-version:6.0
import PackageDescription

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
    // simdjson DOM behind a tiny extern "C" surface: Swift walks the parsed tape directly.
    .target(
      name: "CSimdjson",
      cxxSettings: [.unsafeFlags(["-O3", "-std=c++17"])],
      linkerSettings: [.linkedLibrary("simdjson"), .linkedLibrary("stdc++")]
    ),
    // SQLite's C API for the tag store (WAL, one file, safe across processes).
    .systemLibrary(name: "CSQLite", providers: [.apt(["libsqlite3-dev"])]),
    // zlib (.gz inputs, deflate zip entries) and zstd (Inspect .eval entries, method 93).
    .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),
    .systemLibrary(name: "CZstd", providers: [.apt(["libzstd-dev"])]),
    .target(name: "ConfabCore", dependencies: ["CSimdjson", "CSQLite", "CZlib", "CZstd"]),
    .target(name: "ConfabTUI", dependencies: ["ConfabCore"]),
    // Crash-signal terminal restore with async-signal-safe calls only (C: a handler needs static storage).
    .target(name: "CTerminalRestore"),
    .target(name: "ConfabTerminal", dependencies: ["CNcursesw", "CTerminalRestore", "ConfabTUI"]),
    // The run loop: one inbox (effect results, scanner news, signals), effects off the UI thread.
    .target(name: "ConfabRuntime", dependencies: ["ConfabCore", "ConfabTUI"]),
    .executableTarget(
      name: "confab",
      dependencies: [
        "ConfabCore", "ConfabTUI", "ConfabTerminal", "ConfabRuntime",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    // make bench: corpus generator and frame timing (not shipped).
    .executableTarget(
      name: "confab-bench",
      dependencies: [
        "ConfabCore", "ConfabTUI", .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    .testTarget(name: "ConfabCoreTests", dependencies: ["ConfabCore"], exclude: ["Fixtures"]),
    .testTarget(name: "ConfabTUITests", dependencies: ["ConfabTUI", "ConfabCore"], exclude: ["Snapshots"]),
    // Depends on the executable so `swift test` builds it; drives the real binary in tmux.
    .testTarget(name: "E2ETests", dependencies: ["confab"]),
  ],
  swiftLanguageModes: [.v6]
)
