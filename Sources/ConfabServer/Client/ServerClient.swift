import ConfabModel
import Dispatch
import Foundation
import Synchronization

import CCurl

/// Why a request to the model server failed, and whether trying again may help.
public struct ServerFailure: Error, Sendable, Equatable {
  public var message: String
  public var transient: Bool

  public init(message: String, transient: Bool) {
    self.message = message
    self.transient = transient
  }
}

/// POSTs JSON to a model server with hard bounds: the timeout covers the whole request (first
/// byte to last, so a slow drip cannot outlast it), the body is cut off past `maxBodyBytes`, and
/// a stream past `maxStreamEvents` events is stopped. Server text in errors is escaped.
/// libcurl does the HTTP (loaded on the first request, see CCurl), each request blocking a
/// thread of its own, so the caller's task only awaits.
public final class ServerClient: Sendable {
  public let server: String
  public let timeout: Double
  public let maxBodyBytes: Int
  let apiKey: String?
  /// Idle libcurl handles: a handle reused keeps its connection to the server open (a rescore
  /// makes thousands of small requests).
  private let idle = Mutex<[CurlHandle]>([])

  public init(server: String, timeout: Double, apiKey: String?, maxBodyBytes: Int) {
    self.server = server.hasSuffix("/") ? String(server.dropLast()) : server
    self.timeout = timeout
    self.apiKey = apiKey
    self.maxBodyBytes = maxBodyBytes
  }

  /// The server as it may be printed: credentials in the URL hidden.
  public var printableServer: String { Printable.escaped(RecordRequest.redacted(server)) }

  public func post(_ path: String, body: String, maxStreamEvents: Int? = nil) async -> Result<[UInt8], ServerFailure> {
    guard URL(string: server + path) != nil else {
      return .failure(ServerFailure(message: "bad URL \(Printable.escaped(server + path))", transient: false))
    }
    let receiver = BoundedReceiver(maxBytes: maxBodyBytes, maxEvents: maxStreamEvents)
    let request = CurlRequest(url: server + path, body: body, authorization: apiKey.flatMap { $0.isEmpty ? nil : "Bearer \($0)" },
                              timeoutMilliseconds: Int(timeout * 1000))
    let outcome = await withTaskCancellationHandler {
      await withCheckedContinuation { (continuation: CheckedContinuation<BoundedReceiver.Outcome, Never>) in
        receiver.start(continuation)
        let handle = idle.withLock { $0.popLast() } ?? CurlHandle()
        Thread {
          receiver.finish(request.perform(on: handle, into: receiver))
          self.idle.withLock { $0.append(handle) }
        }.start()
        // Our own deadline too: libcurl's may not fire while a callback is slow to return.
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout) { receiver.stop(.timedOut) }
      }
    } onCancel: {
      receiver.stop(.cancelled)
    }
    return result(outcome, path: path)
  }

  private func result(_ outcome: BoundedReceiver.Outcome, path: String) -> Result<[UInt8], ServerFailure> {
    let where_ = printableServer
    switch outcome.stop {
    case .timedOut:
      return .failure(ServerFailure(message: "request to \(where_) timed out after \(Self.seconds(timeout))", transient: true))
    case .tooLarge:
      return .failure(ServerFailure(
        message: "response from \(where_) exceeded \(maxBodyBytes) bytes (--max-response-bytes); stopped reading", transient: false))
    case .tooManyEvents(let count):
      return .failure(ServerFailure(
        message: "stream from \(where_) sent more than \(count) events, past --max-tokens; stopped reading", transient: false))
    case .cancelled:
      return .failure(ServerFailure(message: "request to \(where_) cancelled", transient: false))
    case nil:
      break
    }
    if let (code, text) = outcome.failure {
      switch code {
      case .cannotConnect:
        return .failure(ServerFailure(message: "cannot connect to \(where_): connection refused (is the server running?)", transient: true))
      case .timedOut:
        return .failure(ServerFailure(message: "request to \(where_) timed out after \(Self.seconds(timeout))", transient: true))
      case .connectionLost:
        return .failure(ServerFailure(message: "connection to \(where_) lost mid-response (server stopped?)", transient: true))
      case .other:
        return .failure(ServerFailure(
          message: "request to \(where_) failed: \(Printable.escaped(text))", transient: false))
      }
    }
    let status = outcome.status
    guard (200..<300).contains(status) else {
      let data = Data(outcome.body)
      let message = Self.serverMessage(data) ?? String(decoding: data.prefix(300), as: UTF8.self)
      return .failure(ServerFailure(
        message: "HTTP \(status) from \(Printable.escaped(RecordRequest.redacted(server + path))): \(Printable.escaped(message))",
        transient: status == 429 || status >= 500 && !message.contains("parse error")))
    }
    return .success(outcome.body)
  }

  /// The error message in an OpenAI- or llama-server-shaped error body.
  public static func serverMessage(_ data: Data) -> String? {
    guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return nil }
    if let error = object["error"] as? [String: Any], let message = error["message"] as? String { return message }
    return object["error"] as? String
  }

  static func seconds(_ value: Double) -> String {
    value == value.rounded() ? "\(Int(value)) s" : String(format: "%.1f s", value)
  }
}

/// One libcurl easy handle, freed with its last reference.
final class CurlHandle: @unchecked Sendable {
  // Used by one request at a time: the pool hands it out and takes it back.
  let pointer: UnsafeMutableRawPointer?

  init() { pointer = ccurl_handle_new() }

  deinit { ccurl_handle_free(pointer) }
}

/// A POST as libcurl performs it, blocking the calling thread.
struct CurlRequest: Sendable {
  var url: String
  var body: String
  var authorization: String?
  var timeoutMilliseconds: Int

  enum Failure: Sendable { case cannotConnect, timedOut, connectionLost, other }

  /// nil when the transfer completed (or a receiver's bound stopped it), else why it failed.
  func perform(on handle: CurlHandle, into receiver: BoundedReceiver) -> (Failure, String)? {
    let context = Unmanaged.passUnretained(receiver).toOpaque()
    var result = ccurl_result()
    let write: ccurl_write_fn = { data, size, context in
      guard let data, let context else { return 0 }
      let receiver = Unmanaged<BoundedReceiver>.fromOpaque(context).takeUnretainedValue()
      return receiver.receive(UnsafeRawBufferPointer(start: data, count: size)) ? size : 0
    }
    let abort: ccurl_abort_fn = { context in
      guard let context else { return 1 }
      return Unmanaged<BoundedReceiver>.fromOpaque(context).takeUnretainedValue().isStopped ? 1 : 0
    }
    var bytes = Array(body.utf8)
    bytes.append(0)
    bytes.withUnsafeBufferPointer { bodyPointer in
      bodyPointer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: bytes.count) { text in
        ccurl_post(handle.pointer, url, text, bytes.count - 1, authorization, timeoutMilliseconds, write, abort, context, &result)
      }
    }
    receiver.setStatus(result.status)
    let message = withUnsafeBytes(of: result.error) { raw in
      String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
    }
    switch Int(result.code) {
    case Int(CCURL_OK.rawValue), Int(CCURL_STOPPED.rawValue): return nil
    case Int(CCURL_CANNOT_CONNECT.rawValue): return (.cannotConnect, message)
    case Int(CCURL_TIMED_OUT.rawValue): return (.timedOut, message)
    case Int(CCURL_CONNECTION_LOST.rawValue): return (.connectionLost, message)
    default: return (.other, message)
    }
  }
}

/// Collects one response body under the client's bounds and resumes the waiting request once.
final class BoundedReceiver: Sendable {
  enum Stop: Equatable, Sendable { case timedOut, tooLarge, tooManyEvents(Int), cancelled }

  struct Outcome: Sendable {
    var body: [UInt8] = []
    var status = 0
    /// Set when the transfer failed: what kind of failure, and libcurl's words.
    var failure: (code: CurlRequest.Failure, text: String)?
    var stop: Stop?
  }

  private struct State {
    var outcome = Outcome()
    var events = 0
    var continuation: CheckedContinuation<Outcome, Never>?
    var finished = false
  }

  let maxBytes: Int
  let maxEvents: Int?
  private let state = Mutex(State())

  init(maxBytes: Int, maxEvents: Int?) {
    self.maxBytes = maxBytes
    self.maxEvents = maxEvents
  }

  func start(_ continuation: CheckedContinuation<Outcome, Never>) {
    let stopped = state.withLock { state -> Bool in
      state.continuation = continuation
      return state.outcome.stop != nil
    }
    if stopped { finish(nil) }
  }

  var isStopped: Bool { state.withLock { $0.finished || $0.outcome.stop != nil } }

  /// Ends the request early for `reason`; the first reason wins. The waiting caller resumes
  /// now; the transfer stops at libcurl's next callback.
  func stop(_ reason: Stop) {
    let first = state.withLock { state -> Bool in
      guard !state.finished, state.outcome.stop == nil else { return false }
      state.outcome.stop = reason
      return true
    }
    if first { finish(nil) }
  }

  func setStatus(_ status: Int) {
    state.withLock { $0.outcome.status = status }
  }

  /// Takes bytes of the body; false once a bound is passed (the transfer then stops).
  func receive(_ data: UnsafeRawBufferPointer) -> Bool {
    let over = state.withLock { state -> Stop? in
      guard !state.finished else { return .cancelled }
      if state.outcome.body.count + data.count > maxBytes { return .tooLarge }
      if let maxEvents {
        // An SSE event ends with a blank line; NDJSON (Ollama) with a newline.
        state.events += data.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        if state.events / 2 > maxEvents { return .tooManyEvents(maxEvents) }
      }
      state.outcome.body.append(contentsOf: data)
      return nil
    }
    if let over {
      stop(over)
      return false
    }
    return true
  }

  func finish(_ failure: (CurlRequest.Failure, String)?) {
    let resumed = state.withLock { state -> (CheckedContinuation<Outcome, Never>, Outcome)? in
      guard !state.finished, let continuation = state.continuation else { return nil }
      state.finished = true
      if state.outcome.stop == nil, let failure { state.outcome.failure = failure }
      state.continuation = nil
      let outcome = state.outcome
      // The deadline's timer holds this receiver until it fires: not the body with it.
      state.outcome.body = []
      return (continuation, outcome)
    }
    if let (continuation, outcome) = resumed { continuation.resume(returning: outcome) }
  }
}
