import ConfabModel
import Dispatch
import Foundation
import Synchronization

#if canImport(FoundationNetworking)
@preconcurrency import FoundationNetworking
#endif

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
public final class ServerClient: Sendable {
  public let server: String
  public let timeout: Double
  public let maxBodyBytes: Int
  let apiKey: String?
  /// One session for every request of this client: a new URLSession per request cost most
  /// of a rescore's time (each of its thousands of requests is small).
  private let session: URLSession
  private let router = SessionRouter()

  public init(server: String, timeout: Double, apiKey: String?, maxBodyBytes: Int) {
    self.server = server.hasSuffix("/") ? String(server.dropLast()) : server
    self.timeout = timeout
    self.apiKey = apiKey
    self.maxBodyBytes = maxBodyBytes
    let configuration = URLSessionConfiguration.ephemeral
    configuration.timeoutIntervalForRequest = timeout
    configuration.timeoutIntervalForResource = timeout
    session = URLSession(configuration: configuration, delegate: router, delegateQueue: nil)
  }

  deinit { session.finishTasksAndInvalidate() }

  /// The server as it may be printed: credentials in the URL hidden.
  public var printableServer: String { Printable.escaped(RecordRequest.redacted(server)) }

  public func post(_ path: String, body: String, maxStreamEvents: Int? = nil) async -> Result<[UInt8], ServerFailure> {
    guard let url = URL(string: server + path) else {
      return .failure(ServerFailure(message: "bad URL \(Printable.escaped(server + path))", transient: false))
    }
    var request = URLRequest(url: url, timeoutInterval: timeout)
    request.httpMethod = "POST"
    request.httpBody = Data(body.utf8)
    request.setValue("application/json", forHTTPHeaderField: "Content-Type")
    // libcurl (under Foundation's URLSession here) sends "Expect: 100-continue" for bodies
    // over 1 KiB and waits for an answer llama-server never gives: rescore's growing
    // prompts ran at 7 positions/s instead of 60.
    request.setValue("", forHTTPHeaderField: "Expect")
    if let apiKey, !apiKey.isEmpty { request.setValue("Bearer \(apiKey)", forHTTPHeaderField: "Authorization") }
    let receiver = BoundedReceiver(maxBytes: maxBodyBytes, maxEvents: maxStreamEvents)
    let session = self.session
    let router = self.router
    let outcome = await withTaskCancellationHandler {
      await withCheckedContinuation { (continuation: CheckedContinuation<BoundedReceiver.Outcome, Never>) in
        let task = session.dataTask(with: request)
        router.add(receiver, for: task)
        receiver.start(task, continuation: continuation)
        // Our own deadline: the whole request, however slowly the bytes arrive.
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
      case .cannotConnectToHost?:
        return .failure(ServerFailure(message: "cannot connect to \(where_): connection refused (is the server running?)", transient: true))
      case .timedOut?:
        return .failure(ServerFailure(message: "request to \(where_) timed out after \(Self.seconds(timeout))", transient: true))
      case .networkConnectionLost?:
        return .failure(ServerFailure(message: "connection to \(where_) lost mid-response (server stopped?)", transient: true))
      default:
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

/// Hands a shared session's callbacks to the receiver of the request they belong to.
final class SessionRouter: NSObject, URLSessionDataDelegate, Sendable {
  private let receivers = Mutex<[Int: BoundedReceiver]>([:])

  func add(_ receiver: BoundedReceiver, for task: URLSessionTask) {
    receivers.withLock { $0[task.taskIdentifier] = receiver }
  }

  private func receiver(_ task: URLSessionTask) -> BoundedReceiver? { receivers.withLock { $0[task.taskIdentifier] } }

  func urlSession(
    _ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
    completionHandler: @escaping @Sendable (URLSession.ResponseDisposition) -> Void
  ) {
    guard let receiver = receiver(dataTask) else { return completionHandler(.allow) }
    receiver.urlSession(session, dataTask: dataTask, didReceive: response, completionHandler: completionHandler)
  }

  func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
    receiver(dataTask)?.urlSession(session, dataTask: dataTask, didReceive: data)
  }

  func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
    let receiver = receivers.withLock { $0.removeValue(forKey: task.taskIdentifier) }
    receiver?.urlSession(session, task: task, didCompleteWithError: error)
  }
}

/// Collects one response body under the client's bounds and resumes the waiting request once.
final class BoundedReceiver: NSObject, URLSessionDataDelegate, Sendable {
  enum Stop: Equatable, Sendable { case timedOut, tooLarge, tooManyEvents(Int), cancelled }

  struct Outcome: Sendable {
    var body: [UInt8] = []
    var status = 0
    /// Set when the transfer failed: URLError's code (nil for other errors) and its text.
    var failure: (code: URLError.Code?, text: String)?
    var stop: Stop?
  }

  private struct State {
    var outcome = Outcome()
    var events = 0
    var task: URLSessionDataTask?
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

  func start(_ task: URLSessionDataTask, continuation: CheckedContinuation<Outcome, Never>) {
    let begin = state.withLock { state -> Bool in
      state.task = task
      state.continuation = continuation
      return state.outcome.stop == nil
    }
    if begin { task.resume() } else { finish(nil) }
  }

  /// Ends the request early for `reason`; the first reason wins.
  func stop(_ reason: Stop) {
    let task = state.withLock { state -> URLSessionDataTask? in
      guard !state.finished, state.outcome.stop == nil else { return nil }
      state.outcome.stop = reason
      return state.task
    }
    task?.cancel()
    finish(nil)
  }

  func urlSession(
    _ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
    completionHandler: @escaping @Sendable (URLSession.ResponseDisposition) -> Void
  ) {
    state.withLock { $0.outcome.status = (response as? HTTPURLResponse)?.statusCode ?? 0 }
    completionHandler(.allow)
  }

  func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
    let over = state.withLock { state -> Stop? in
      guard !state.finished else { return nil }
      if state.outcome.body.count + data.count > maxBytes { return .tooLarge }
      if let maxEvents {
        // An SSE event ends with a blank line; NDJSON (Ollama) with a newline.
        state.events += data.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        if state.events / 2 > maxEvents { return .tooManyEvents(maxEvents) }
      }
      state.outcome.body.append(contentsOf: data)
      return nil
    }
    if let over { stop(over) }
  }

  func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
    finish(error)
  }

  private func finish(_ error: (any Error)?) {
    let resumed = state.withLock { state -> (CheckedContinuation<Outcome, Never>, Outcome)? in
      guard !state.finished, let continuation = state.continuation else { return nil }
      state.finished = true
      if state.outcome.stop == nil, let error { state.outcome.failure = ((error as? URLError)?.code, error.localizedDescription) }
      state.continuation = nil
      return (continuation, state.outcome)
    }
    if let (continuation, outcome) = resumed { continuation.resume(returning: outcome) }
  }
}
