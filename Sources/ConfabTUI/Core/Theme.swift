import ConfabModel


/// How many colours the terminal offers; NO_COLOR selects `.none` (attributes only).
public enum ColorMode: String, Sendable, Equatable {
  case full256, basic8, none
}

/// What the background of a token says (the `m` key cycles it).
public enum HeatMode: String, Sendable, Equatable, CaseIterable {
  /// `delta`: Δlogprob between a transcript and its rescoring (R, confab rescore).
  case probability, rank, entropy, delta = "Δlogprob", off

  public var next: HeatMode {
    let all = HeatMode.allCases
    return all[(all.firstIndex(of: self)! + 1) % all.count]
  }
}

/// Every colour decision in one place, for the three colour modes.
public struct Theme: Sendable, Equatable {
  public var mode: ColorMode

  public init(mode: ColorMode) { self.mode = mode }

  private func pick(_ full: UInt8, _ basic: UInt8) -> Color {
    switch mode {
    case .full256: return .indexed(full)
    case .basic8: return .indexed(basic)
    case .none: return .default
    }
  }

  public var title: Style { Style(fg: pick(252, 7), bold: true) }
  public var border: Style { Style(fg: pick(240, 4), dim: mode == .none) }
  public var focusedBorder: Style { Style(fg: pick(75, 6), bold: true) }
  public var dimText: Style { Style(fg: pick(245, 7), dim: true) }
  public var statusBar: Style { Style(fg: pick(252, 0), bg: pick(236, 7), reverse: mode == .none) }
  public var statusAlert: Style { Style(fg: pick(222, 3), bg: pick(236, 7), bold: true, reverse: mode == .none) }
  public var selectedRow: Style { Style(fg: pick(255, 0), bg: pick(24, 6), bold: true, reverse: mode == .none) }
  public var cursor: Style { Style(fg: pick(16, 0), bg: pick(220, 3), bold: true, reverse: mode != .full256) }
  public var barFill: Style { Style(fg: pick(110, 6)) }
  public var barChosen: Style { Style(fg: pick(220, 3), bold: true) }
  public var sparkline: Style { Style(fg: pick(146, 6)) }
  public var searchHit: Style { Style(underline: true) }
  public var hex: Style { Style(fg: pick(139, 5), dim: true) }

  /// Marker classes use the text channel (colour + underline), so heat keeps the background.
  /// Without colour each class has its own attributes, apart from heat's dim and bold:
  /// hedges underlined, assertions italic, corrections both.
  public func marker(_ kind: MarkerKind) -> Style {
    if mode == .none {
      switch kind {
      case .hedge: return Style(underline: true)
      case .correction: return Style(underline: true, italic: true)
      case .assertion: return Style(italic: true)
      }
    }
    switch kind {
    case .hedge: return Style(fg: pick(221, 3), underline: true)
    case .correction: return Style(fg: pick(213, 5), bold: true, underline: true)
    case .assertion: return Style(fg: pick(87, 6), underline: true)
    }
  }

  /// The selection: its own background, so it reads over any heat.
  public var selection: Style { Style(fg: pick(255, 0), bg: pick(60, 7), reverse: mode == .none) }

  /// Colour of a tag label's brackets, by its position in the label set.
  public func tagLabel(_ label: String, in labels: LabelSet) -> Style {
    let full: [UInt8] = [203, 114, 221, 117, 177, 215, 87, 183, 150]
    let basic: [UInt8] = [1, 2, 3, 4, 5, 6, 1, 2, 3]
    let position = labels.labels.firstIndex { $0.name == label } ?? (label.unicodeScalars.reduce(0) { $0 &+ Int($1.value) })
    return Style(fg: pick(full[position % full.count], basic[position % basic.count]), bold: true)
  }

  public func role(_ role: Role) -> Style {
    switch role {
    case .user: return Style(fg: pick(114, 2), bold: true)
    case .assistant: return Style(fg: pick(111, 4), bold: true)
    case .system: return Style(fg: pick(180, 3), bold: true)
    case .tool: return Style(fg: pick(176, 5), bold: true)
    }
  }

  /// Background (or, without colour, an attribute) for a token under a heat mode.
  public func heat(_ stats: TokenStats, _ heat: HeatMode) -> Style {
    Self.bucket(stats, heat).map { heatStyle($0, heat) } ?? .plain
  }

  /// The style of one heat bucket, 0 (sure) ... 4: what the text and the legend both draw.
  /// Each mode has its own hues in 256 colours, so a colour means one thing (rank ≤3 is not
  /// the colour of p ≥.6); 8 colours have too few to spare and share one ramp.
  public func heatStyle(_ bucket: Int, _ heat: HeatMode = .probability) -> Style {
    if mode == .none {
      // Sure text recedes, unsure text stands out: readable without any colour.
      switch bucket {
      case 0: return Style(dim: true)
      case 1, 2: return .plain
      default: return Style(bold: true)
      }
    }
    let full: [UInt8]
    switch heat {
    case .rank: full = [0, 17, 54, 91, 127]  // blues to magenta
    case .entropy: full = [0, 22, 29, 65, 101]  // greens to khaki
    case .delta: full = [0, 22, 28, 94, 88]  // surer in green, less sure in red
    case .probability, .off: full = [0, 23, 58, 94, 88]  // teal to red
    }
    let basic: [UInt8] = [0, 6, 2, 3, 1]
    guard bucket > 0 else { return .plain }
    let fg: Color = mode == .basic8 ? .indexed(bucket == 4 ? 7 : 0) : .default
    return Style(fg: fg, bg: pick(full[bucket], basic[bucket]))
  }

  /// 0 (sure) ... 4 (very unsure), or nil when the figure is unknown or heat is off.
  public static func bucket(_ stats: TokenStats, _ heat: HeatMode) -> Int? {
    switch heat {
    case .off, .delta: return nil  // delta is not in the token's own figures: `deltaBucket`
    case .probability:
      guard stats.surprisal != nil else { return nil }
      let p = stats.probability
      return p >= 0.9 ? 0 : p >= 0.6 ? 1 : p >= 0.3 ? 2 : p >= 0.1 ? 3 : 4
    case .rank:
      // GLTR-style: top-1, top-3, top-10, the rest of the top-k, outside the top-k.
      guard stats.k > 0 else { return nil }
      guard let rank = stats.rank else { return 4 }
      return rank == 1 ? 0 : rank <= 3 ? 1 : rank <= 10 ? 2 : 3
    case .entropy:
      guard let h = stats.entropyLowerBound else { return nil }
      return h < 0.3 ? 0 : h < 1 ? 1 : h < 2 ? 2 : h < 3 ? 3 : 4
    }
  }

  /// Δlogprob (the other scoring minus this one's parent, nats) as a bucket: 0 about the
  /// same, 1-2 surer, 3-4 less sure.
  public static func deltaBucket(_ delta: Double?) -> Int? {
    guard let delta else { return nil }
    if abs(delta) < 0.1 { return 0 }
    if delta > 0 { return delta >= 1 ? 2 : 1 }
    return delta <= -1 ? 4 : 3
  }

  /// Each heat bucket's label, surest first, as the help overlay's legend draws them.
  public static func legend(_ heat: HeatMode) -> [String] {
    switch heat {
    case .delta: return ["|Δ|<.1", "Δ≥+.1", "≥+1", "≤-.1", "≤-1 nats"]
    case .probability: return ["p ≥.9", "≥.6", "≥.3", "≥.1", "<.1"]
    case .rank: return ["rank 1", "≤3", "≤10", "≤k", "outside top-k"]
    case .entropy: return ["H≥ <0.3", "<1", "<2", "<3", "≥3 nats"]
    case .off: return []
    }
  }
}
