
/// The labels a user tags with and the digits bound to them. Lives in
/// `$XDG_CONFIG_HOME/confab/labels.txt` (one `DIGIT NAME` or `NAME` per line); the default set
/// is used until the user changes it, and the explorer writes changes back.
public struct LabelSet: Sendable, Equatable {
  public struct Label: Sendable, Equatable {
    public var name: String
    public var digit: Int?
    public init(name: String, digit: Int?) {
      self.name = name
      self.digit = digit
    }
  }

  public var labels: [Label]

  public init(labels: [Label]) { self.labels = labels }

  public static let standard = LabelSet(labels: [
    "confabulation", "correct-hedge", "missed-correction", "unbacked-confidence", "performative-hedge",
    "self-correction", "wrong-correction", "interesting", "other",
  ].enumerated().map { Label(name: $0.element, digit: $0.offset + 1) })

  public func label(forDigit digit: Int) -> String? { labels.first { $0.digit == digit }?.name }

  /// Adds `name` if new; returns its position.
  @discardableResult
  public mutating func ensure(_ name: String) -> Int {
    if let index = labels.firstIndex(where: { $0.name == name }) { return index }
    labels.append(Label(name: name, digit: nil))
    return labels.count - 1
  }

  /// Binds `digit` to `name`, unbinding it from any other label.
  public mutating func bind(_ digit: Int, to name: String) {
    for index in labels.indices where labels[index].digit == digit { labels[index].digit = nil }
    labels[ensure(name)].digit = digit
  }
}
