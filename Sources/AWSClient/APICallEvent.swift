import Common

/// One attempt of one AWS API call, for metrics and for tests that count calls.
public struct APICallEvent: Sendable, Equatable {
    public enum Outcome: String, Sendable, Equatable {
        case success
        /// An error the caller takes as its answer (CreateFileSystem's FileSystemAlreadyExists).
        case answered
        /// Failed, and another attempt follows.
        case retrying
        /// Failed for good.
        case failed
    }

    /// Signing name of the service, e.g. `elasticfilesystem`.
    public var service: String
    /// API operation, e.g. `CreateFileSystem`.
    public var operation: String
    /// 1 for the first try.
    public var attempt: Int
    /// nil when no HTTP response arrived.
    public var statusCode: Int?
    /// The service's error code, or one of `ErrorCode.transportFailures`.
    public var errorCode: ErrorCode?
    /// The service throttled this attempt (`AWSErrorClassifier.isThrottling`).
    public var throttled: Bool
    public var duration: Duration
    public var outcome: Outcome

    public init(
        service: String, operation: String, attempt: Int, statusCode: Int?, errorCode: ErrorCode?, throttled: Bool = false,
        duration: Duration, outcome: Outcome
    ) {
        self.service = service
        self.operation = operation
        self.attempt = attempt
        self.statusCode = statusCode
        self.errorCode = errorCode
        self.throttled = throttled
        self.duration = duration
        self.outcome = outcome
    }
}

extension APICallEvent {
    /// The `outcome` label of `efs_hook_aws_requests_total`: `throttled` for an attempt the
    /// service throttled, else `outcome`.
    public var metricOutcome: String { throttled ? "throttled" : outcome.rawValue }
}

public typealias APICallObserver = @Sendable (APICallEvent) -> Void
