import Common
import Foundation
import Logging

/// Where requests go: region (for signing) and endpoint URL.
public struct AWSServiceTarget: Sendable, Equatable {
    public var region: String
    public var endpoint: String

    public init(region: String, endpoint: String) {
        self.region = region
        self.endpoint = endpoint
    }
}

/// One API operation of a REST-JSON service, ready to send.
public struct AWSOperation: Sendable {
    public var name: String
    public var method: String
    /// Raw path segments; each is percent-encoded as a URI label.
    public var segments: [String]
    public var query: [(String, String)]
    public var body: Data
    /// True when repeating the call cannot do the work twice: reads, deletes, puts, and
    /// creates that carry an idempotency token. Decides which failures are retried.
    public var idempotent: Bool
    /// The body's media type: JSON unless the service speaks another protocol (query: a form).
    public var contentType = "application/json"
    /// Sent without a signature (STS AssumeRoleWithWebIdentity: the token is the proof).
    public var unsigned = false

    public init(
        name: String, method: String, segments: [String], query: [(String, String)] = [], body: Data = Data(),
        idempotent: Bool, contentType: String = "application/json"
    ) {
        self.contentType = contentType
        self.name = name
        self.method = method
        self.segments = segments
        self.query = query
        self.body = body
        self.idempotent = idempotent
    }
}

/// Signs, sends and retries REST-JSON calls to one AWS service; turns failures into
/// `EFSHookError` with the service's error code.
public struct AWSServiceClient: Sendable {
    public let signingName: String
    /// For messages: `EFS`.
    public let displayName: String
    public let credentials: any CredentialSource
    public let transport: any HTTPTransport
    public let retry: RetryPolicy
    public let observer: APICallObserver?
    public let logger: Logger
    public let requestTimeout: Duration
    /// Shared by every request of a long-running process (the plugin daemon); nil in one-shot runs.
    public let rateLimiter: AdaptiveRateLimiter?
    let target: OnceCache<AWSServiceTarget>
    let now: @Sendable () -> Date

    /// `target` is called once, on the first request, so building a client costs nothing.
    public init(
        signingName: String, displayName: String, target: @escaping @Sendable () async throws(EFSHookError) -> AWSServiceTarget,
        credentials: any CredentialSource, transport: any HTTPTransport, retry: RetryPolicy = RetryPolicy(),
        observer: APICallObserver? = nil, logger: Logger = AWSLogging.disabled, requestTimeout: Duration = .seconds(20),
        rateLimiter: AdaptiveRateLimiter? = nil, now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.rateLimiter = rateLimiter
        self.signingName = signingName
        self.displayName = displayName
        self.target = OnceCache(target)
        self.credentials = credentials
        self.transport = transport
        self.retry = retry
        self.observer = observer
        self.logger = logger
        self.requestTimeout = requestTimeout
        self.now = now
    }

    public func resolvedTarget() async throws(EFSHookError) -> AWSServiceTarget {
        try await target.get()
    }

    /// Sends `operation` until it succeeds (any 2xx), fails for good, or the attempts run out.
    /// An error whose code is in `answers` is an answer, not a failure: its response is
    /// returned at once (CreateFileSystem's FileSystemAlreadyExists carries the id).
    public func send(_ operation: AWSOperation, answers: Set<ErrorCode> = []) async throws(EFSHookError) -> HTTPResponse {
        let target = try await target.get()
        let request = request(for: operation, endpoint: target.endpoint)
        let signer = SigV4Signer(service: signingName, region: target.region)
        var attempts = CallAttempts(retry: retry, started: retry.now())
        while true {
            let attempt = attempts.begin()
            try await rateLimiter?.acquire(for: operation.name, deadline: attempts.throttleBudget())
            let credentials = operation.unsigned ? Self.anonymous : try await self.credentials.credentials()
            let outgoing = operation.unsigned ? request : signer.sign(request, credentials: credentials, date: now()).request
            let sent = ContinuousClock.now
            let failure: AttemptFailure
            var status: Int?
            do {
                let response = try await transport.send(outgoing)
                status = response.status
                if (200..<300).contains(response.status) {
                    await rateLimiter?.record(throttled: false)
                    report(operation, attempt, status, nil, sent, .success, credentials)
                    return response
                }
                let service = AWSServiceFailure.parse(response)
                if let code = service.code, answers.contains(code) {
                    report(operation, attempt, status, .service(service), sent, .answered, credentials)
                    return response
                }
                failure = .service(service)
            } catch  where error.isCode(in: ErrorCode.transportFailures) {
                failure = .transport(code: error.code ?? .connectionFailed, message: error.message)
            }

            if case .service(let service) = failure, AWSErrorClassifier.isThrottling(service) {
                await rateLimiter?.record(throttled: true)
                guard let wait = attempts.throttled() else {
                    report(operation, attempt, status, failure, sent, .failed, credentials)
                    throw throttledError(operation, service, attempts: attempt, seconds: attempts.elapsed())
                }
                report(operation, attempt, status, failure, sent, .retrying, credentials)
                try await retry.pause(wait)
                continue
            }
            let next = attempts.failed(failure, credentials: credentials, idempotent: operation.idempotent)
            guard case .retry(let renew, let delay) = next else {
                report(operation, attempt, status, failure, sent, .failed, credentials)
                throw hookError(operation, failure, attempts: attempt, exhausted: next == .giveUp(exhausted: true))
            }
            report(operation, attempt, status, failure, sent, .retrying, credentials)
            if renew {
                await self.credentials.invalidate()
            } else {
                try await retry.pause(delay)
            }
        }
    }

    /// What an unsigned call reports as its credentials in logs.
    static let anonymous = AWSCredentials(accessKeyId: "none", secretAccessKey: "", source: "unsigned")

    /// The unsigned request of `operation` (signed anew for each attempt).
    private func request(for operation: AWSOperation, endpoint: String) -> HTTPRequest {
        let url = AWSRequestURL.make(endpoint: endpoint, segments: operation.segments, query: operation.query)
        var headers = [HTTPHeader("User-Agent", "efs-hook")]
        if !operation.body.isEmpty { headers.append(HTTPHeader("Content-Type", operation.contentType)) }
        return HTTPRequest(method: operation.method, url: url, headers: headers, body: operation.body, timeout: requestTimeout)
    }

    /// Throttling outlasted the launch deadline (or the throttle window outside a launch);
    /// `seconds` is how long the launch (or this call) has taken.
    func throttledError(_ operation: AWSOperation, _ service: AWSServiceFailure, attempts: Int, seconds: Double) -> EFSHookError {
        let detail =
            [service.code?.rawValue, service.message.map { Quoting.safe($0, limit: 300) }].compactMap { $0 } + ["HTTP \(service.status)"]
        let limit = LaunchDeadline.current == nil ? "its throttle window" : "the launch deadline"
        return EFSHookError(
            .temporary,
            "\(displayName) \(operation.name) still throttled after \(attempts) attempts in \(Int(seconds)) s (\(limit)): "
                + "\(detail.joined(separator: ": ")); the account's EFS request rate is exhausted; retry the launch",
            code: service.code ?? .throttling)
    }

    private func report(
        _ operation: AWSOperation, _ attempt: Int, _ status: Int?, _ failure: AttemptFailure?, _ started: ContinuousClock.Instant,
        _ outcome: APICallEvent.Outcome, _ credentials: AWSCredentials
    ) {
        let duration = ContinuousClock.now - started
        let code = failure?.code
        let throttled = if case .service(let service) = failure { AWSErrorClassifier.isThrottling(service) } else { false }
        observer?(
            APICallEvent(
                service: signingName, operation: operation.name, attempt: attempt, statusCode: status, errorCode: code,
                throttled: throttled, duration: duration, outcome: outcome))
        logger.log(
            level: outcome == .failed ? .info : .debug, "AWS call",
            metadata: [
                "operation": "\(displayName).\(operation.name)", "attempt": "\(attempt)", "outcome": "\(outcome.rawValue)",
                "status": "\(status.map(String.init) ?? "-")", "code": "\(code?.rawValue ?? "-")",
                "ms": "\(duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000)",
                "credentials": "\(credentials.source):\(credentials.redactedAccessKeyId)",
            ])
    }

    func hookError(_ operation: AWSOperation, _ failure: AttemptFailure, attempts: Int, exhausted: Bool) -> EFSHookError {
        let call = "\(displayName) \(operation.name)"
        let detail: String
        var kind: EFSHookError.Kind
        switch failure {
        case .service(let service):
            var parts = [service.code?.rawValue, service.message.map { Quoting.safe($0, limit: 300) }].compactMap { $0 }
            parts.append("HTTP \(service.status)")
            detail = parts.joined(separator: ": ")
            kind = AWSErrorClassifier.kind(service)
        case .transport(_, let message):
            detail = message
            kind = .temporary
        }
        if exhausted {
            kind = .temporary
            return EFSHookError(kind, "\(call) failed after \(attempts) attempts: \(detail)", code: failure.code)
        }
        if !operation.idempotent, kind == .temporary, !RetryPolicy.isRetryable(failure, idempotent: false) {
            return EFSHookError(kind, "\(call) failed: \(detail) (not retried: the call is not idempotent)", code: failure.code)
        }
        return EFSHookError(kind, "\(call) failed: \(detail)", code: failure.code)
    }
}

public enum AWSLogging {
    /// The default logger: swift-log's default handler writes to stdout, which carries results.
    public static let disabled = Logger(label: "efs-hook.aws", factory: { _ in SwiftLogNoOpLogHandler() })
}
