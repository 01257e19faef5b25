import Synchronization

/// A value made once, by whichever thread asks first; the others wait for it. The explorer's
/// analyzer: the scanner asks for it once the first record is read, the main thread once the
/// terminal is set up, and a lexicon file is read and checked only once.
final class MadeOnce<Value: Sendable>: Sendable {
  private let make: @Sendable () throws -> Value
  private let made = Mutex<Result<Value, any Error>?>(nil)

  init(_ make: @escaping @Sendable () throws -> Value) {
    self.make = make
  }

  func value() throws -> Value {
    let result = made.withLock { stored -> Result<Value, any Error> in
      if let stored { return stored }
      let result = Result { try make() }
      stored = result
      return result
    }
    return try result.get()
  }
}
