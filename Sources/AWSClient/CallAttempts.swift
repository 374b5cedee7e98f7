import Common

/// The retry decisions of one `AWSServiceClient.send`: what has happened so far (attempts,
/// throttles, failures that count against `maxAttempts`, whether the credentials were renewed)
/// and what to do next. Pure; `send` acts on what it decides.
struct CallAttempts {
    /// What `send` does after a failure that is not throttling.
    enum Next: Equatable {
        /// Try again: after renewing expired credentials (at once), else after `delay`.
        case retry(renewCredentials: Bool, delay: Duration)
        /// Stop; `exhausted` when the failure was retryable but the attempts ran out.
        case giveUp(exhausted: Bool)
    }

    let retry: RetryPolicy
    /// When the call started, on `retry.now`'s clock.
    let started: Double
    private(set) var attempt = 0
    private var counted = 0
    private var throttles = 0
    private var renewedCredentials = false

    init(retry: RetryPolicy, started: Double) {
        self.retry = retry
        self.started = started
    }

    /// Starts the next attempt; returns its number, from 1.
    mutating func begin() -> Int {
        attempt += 1
        return attempt
    }

    /// Seconds this call may still spend waiting out throttling: what the launch deadline
    /// leaves, or the throttle window outside a launch.
    func throttleBudget() -> Double {
        LaunchDeadline.current?.remaining ?? max(0, retry.throttleWindow - (retry.now() - started))
    }

    /// Seconds the launch (or, outside one, this call) has taken.
    func elapsed() -> Double {
        LaunchDeadline.current?.elapsed ?? retry.now() - started
    }

    /// After a throttled attempt: how long to wait before the next one, or nil when the
    /// budget is spent. Throttling does not use up `maxAttempts`.
    mutating func throttled() -> Duration? {
        throttles += 1
        let budget = throttleBudget()
        let wait = min(retry.throttleDelay(beforeRetry: throttles, remaining: budget).inSeconds, budget)
        return wait > 0 ? .microseconds(Int64(wait * 1e6)) : nil
    }

    /// After any other failure: renew expired credentials once (when they can expire), back
    /// off before a retryable failure while attempts remain, else give up.
    mutating func failed(_ failure: AttemptFailure, credentials: AWSCredentials, idempotent: Bool) -> Next {
        counted += 1
        let expired = failure.code.map(AWSErrorClassifier.expiredCredentialCodes.contains) ?? false
        let renew = expired && !renewedCredentials && credentials.expiration != nil
        let retryable = renew || RetryPolicy.isRetryable(failure, idempotent: idempotent)
        guard retryable && counted < retry.maxAttempts else { return .giveUp(exhausted: retryable) }
        if renew { renewedCredentials = true }
        return .retry(renewCredentials: renew, delay: renew ? .zero : retry.delay(beforeRetry: counted))
    }
}
