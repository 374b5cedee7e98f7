import Common
import Foundation

/// Why one attempt failed: the service answered with an error, or no answer arrived.
public enum AttemptFailure: Sendable, Equatable {
    case service(AWSServiceFailure)
    /// `code` is one of `ErrorCode.transportFailures`.
    case transport(code: ErrorCode, message: String)

    public var code: ErrorCode? {
        switch self {
        case .service(let failure): return failure.code
        case .transport(let code, _): return code
        }
    }
}

/// Capped exponential backoff with full jitter: before retry n (n ≥ 1) wait a uniformly random
/// time in [0, min(maxDelay, baseDelay · 2^(n-1))].
///
/// Throttling has a budget of its own: the account's rate, not the call, is the problem, so a
/// throttled call is retried (with a longer backoff, `throttleBaseDelay` up to
/// `throttleMaxDelay`) until the launch deadline, or `throttleWindow` outside a launch, and
/// does not use up `maxAttempts`, which is for real errors.
public struct RetryPolicy: Sendable {
    public static let defaultMaxAttempts = 5
    /// How long a call outside a launch (gc, remove, plan --online) rides out throttling.
    public static let defaultThrottleWindow = 100.0

    public var maxAttempts: Int
    public var baseDelay: Duration
    public var maxDelay: Duration
    public var throttleBaseDelay: Duration = .milliseconds(500)
    public var throttleMaxDelay: Duration = .seconds(20)
    /// The cap for a call a fleet waits on (`urgent`).
    public var urgentThrottleMaxDelay: Duration = .milliseconds(250)
    public var throttleWindow = RetryPolicy.defaultThrottleWindow
    /// Seconds on the clock `sleep` advances (a virtual one in tests).
    public var now: @Sendable () -> Double = LaunchDeadline.monotonicNow
    /// Injected so tests run without waiting.
    public var sleep: @Sendable (Duration) async throws -> Void
    /// Returns a value in `0...upperBound`; injected so tests can pin the jitter.
    public var jitter: @Sendable (_ upperBound: Double) -> Double

    public init(
        maxAttempts: Int = RetryPolicy.defaultMaxAttempts, baseDelay: Duration = .milliseconds(100),
        maxDelay: Duration = .seconds(5),
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) },
        jitter: @escaping @Sendable (Double) -> Double = { Double.random(in: 0...max($0, 0)) }
    ) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.sleep = sleep
        self.jitter = jitter
    }

    /// The caller's setting wins, then `AWS_MAX_ATTEMPTS`, then the retry mode's default (5
    /// when no mode is named; see `RetryMode`).
    public static func maxAttempts(
        environment: AWSEnvironment, override: Int? = nil, mode: RetryMode? = nil
    ) throws(EFSHookError) -> Int {
        if let override {
            guard (1...50).contains(override) else {
                throw EFSHookError(.config, "the AWS max attempts must be 1 to 50, not \(override)")
            }
            return override
        }
        guard let text = environment["AWS_MAX_ATTEMPTS"] else { return mode?.defaultMaxAttempts ?? defaultMaxAttempts }
        guard let value = Int(text), (1...50).contains(value) else {
            throw EFSHookError(.config, "AWS_MAX_ATTEMPTS must be a whole number from 1 to 50, not \(Quoting.safe(text))")
        }
        return value
    }

    /// The upper bound of the wait before retry `retry` (1 = the first retry).
    public func ceiling(beforeRetry retry: Int) -> Duration {
        Self.exponential(base: baseDelay.inSeconds, cap: maxDelay.inSeconds, beforeRetry: retry)
    }

    /// `sleep`, whose untyped failure (cancellation) becomes ours.
    func pause(_ duration: Duration) async throws(EFSHookError) {
        do { try await sleep(duration) } catch { throw .wrapping(error, .temporary, "interrupted while waiting to retry") }
    }

    public func delay(beforeRetry retry: Int) -> Duration {
        jittered(ceiling(beforeRetry: retry).inSeconds)
    }

    /// Set around a call others wait on: the one CreateMountTarget of a file system this run
    /// just created, which every agent in the zone needs. Its throttled retries come at most
    /// `urgentThrottleMaxDelay` apart, so it lands among a fleet's backed-off describes.
    @TaskLocal public static var urgent = false

    /// Runs `body` with `urgent` set; `TaskLocal.withValue` rethrows untyped, so the error
    /// crosses it in a `Result`.
    public static func urgently<T: Sendable>(
        _ urgent: Bool, _ body: () async throws(EFSHookError) -> T
    ) async throws(EFSHookError) -> T {
        let result = await $urgent.withValue(urgent) { () async -> Result<T, EFSHookError> in
            do throws(EFSHookError) { return .success(try await body()) } catch { return .failure(error) }
        }
        return try result.get()
    }

    /// The upper bound of the wait before the `retry`th retry of a throttled call, `remaining`
    /// seconds before its deadline. Near the deadline the cap shrinks to a quarter of what is
    /// left, so a call that was unlucky early still gets several tries before it gives up.
    public func throttleCeiling(beforeRetry retry: Int, remaining: Double = .infinity) -> Duration {
        let cap = Self.urgent ? urgentThrottleMaxDelay.inSeconds : throttleMaxDelay.inSeconds
        return Self.exponential(
            base: throttleBaseDelay.inSeconds, cap: min(cap, max(remaining / 4, Self.minimumThrottleCap)), beforeRetry: retry)
    }

    /// `base` · 2^(retry-1), at most `cap`.
    private static func exponential(base: Double, cap: Double, beforeRetry retry: Int) -> Duration {
        let exponent = min(max(retry - 1, 0), 30)
        return .microseconds(Int64((min(cap, base * Double(1 << exponent)) * 1e6).rounded()))
    }

    public func throttleDelay(beforeRetry retry: Int, remaining: Double = .infinity) -> Duration {
        jittered(throttleCeiling(beforeRetry: retry, remaining: remaining).inSeconds)
    }

    /// The deadline never shrinks a throttling cap below this.
    static let minimumThrottleCap = 0.25

    private func jittered(_ bound: Double) -> Duration {
        let chosen = min(max(jitter(bound), 0), bound)
        return .microseconds(Int64((chosen * 1_000_000).rounded(.down)))
    }

    /// Throttling and failed connections are retried for every call, because the service did
    /// nothing. Server errors, timeouts and dropped connections may hide a call that
    /// succeeded, so they are retried only for idempotent calls (reads, deletes, and creates
    /// that carry their CreationToken or ClientToken).
    public static func isRetryable(_ failure: AttemptFailure, idempotent: Bool) -> Bool {
        switch failure {
        case .service(let service):
            if AWSErrorClassifier.isThrottling(service) { return true }
            return idempotent && AWSErrorClassifier.isTransient(service)
        case .transport(let code, _):
            if code == .connectionFailed { return true }
            return idempotent && ErrorCode.transportFailures.contains(code)
        }
    }
}
