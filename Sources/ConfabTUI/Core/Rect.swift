public struct Rect: Equatable, Hashable, Sendable {
  public var x: Int
  public var y: Int
  public var width: Int
  public var height: Int

  public init(x: Int, y: Int, width: Int, height: Int) {
    self.x = x
    self.y = y
    self.width = max(0, width)
    self.height = max(0, height)
  }

  public static let zero = Rect(x: 0, y: 0, width: 0, height: 0)

  public var maxX: Int { x + width }
  public var maxY: Int { y + height }
  public var isEmpty: Bool { width == 0 || height == 0 }

  public func intersection(_ other: Rect) -> Rect {
    let left = max(x, other.x)
    let top = max(y, other.y)
    return Rect(x: left, y: top, width: min(maxX, other.maxX) - left, height: min(maxY, other.maxY) - top)
  }

  public func inset(by amount: Int) -> Rect {
    Rect(x: x + amount, y: y + amount, width: width - 2 * amount, height: height - 2 * amount)
  }

  /// Splits off `rows` rows from the top (clamped), returning (top, rest).
  public func splitTop(_ rows: Int) -> (Rect, Rect) {
    let taken = min(max(0, rows), height)
    return (Rect(x: x, y: y, width: width, height: taken),
            Rect(x: x, y: y + taken, width: width, height: height - taken))
  }

  /// Splits off `rows` rows from the bottom (clamped), returning (rest, bottom).
  public func splitBottom(_ rows: Int) -> (Rect, Rect) {
    let taken = min(max(0, rows), height)
    return (Rect(x: x, y: y, width: width, height: height - taken),
            Rect(x: x, y: maxY - taken, width: width, height: taken))
  }

  /// Splits off `columns` columns from the left (clamped), returning (left, rest).
  public func splitLeft(_ columns: Int) -> (Rect, Rect) {
    let taken = min(max(0, columns), width)
    return (Rect(x: x, y: y, width: taken, height: height),
            Rect(x: x + taken, y: y, width: width - taken, height: height))
  }
}
