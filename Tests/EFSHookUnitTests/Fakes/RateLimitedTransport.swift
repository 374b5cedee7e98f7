import Common
import Foundation

@testable import AWSClient

/// An `HTTPTransport` that plays an AWS account's rate limit on a virtual clock: one token
/// bucket (`rate` per second up to `burst`) for every call, and `400 ThrottlingException`
/// ("Rate exceeded", as EFS answers) for a call that finds none. Each call takes `latency`
/// of virtual time. A call that gets a token gets `answer` (an empty DescribeFileSystems page).
final class RateLimitedTransport: HTTPTransport, @unchecked Sendable {
    private let lock = NSLock()
    private let clock: VirtualClock
    private let rate: Double
    private let burst: Double
    private let latency: Double
    private var tokens: Double
    private var stamp: Double
    private let answer: HTTPResponse
    private(set) var answeredCalls = 0
    private(set) var throttledCalls = 0

    /// `answer`: what a call that gets a token is answered.
    init(
        clock: VirtualClock, rate: Double, burst: Double, startingTokens: Double? = nil, latency: Double = 0.05,
        answer: HTTPResponse = HTTPResponse(status: 200, body: Data(#"{"FileSystems":[]}"#.utf8))
    ) {
        self.answer = answer
        self.clock = clock
        self.rate = rate
        self.burst = burst
        self.latency = latency
        tokens = startingTokens ?? burst
        stamp = clock.elapsed
    }

    var answered: Int { lock.withLock { answeredCalls } }
    var throttled: Int { lock.withLock { throttledCalls } }

    func send(_ request: HTTPRequest) async throws(EFSHookError) -> HTTPResponse {
        if latency > 0 { try? await clock.clock.sleep(latency) }
        let granted = lock.withLock {
            let now = clock.elapsed
            tokens = min(burst, tokens + (now - stamp) * rate)
            stamp = now
            guard tokens >= 1 else {
                throttledCalls += 1
                return false
            }
            tokens -= 1
            answeredCalls += 1
            return true
        }
        guard granted else {
            return HTTPResponse(
                status: 400, headers: [HTTPHeader("X-Amzn-ErrorType", "ThrottlingException")],
                body: Data(#"{"ErrorCode":"ThrottlingException","Message":"Rate exceeded"}"#.utf8))
        }
        return answer
    }

    /// An EFS client over this transport whose backoff sleeps on the virtual clock (jitter
    /// pinned to its upper bound unless `jitter` says otherwise).
    func client(
        maxAttempts: Int = 5, rateLimiter: AdaptiveRateLimiter? = nil, jitter: @escaping @Sendable (Double) -> Double = { $0 }
    ) throws -> EFSClient {
        let clock = self.clock.clock
        var retry = RetryPolicy(sleep: { try await clock.sleep($0.inSeconds) }, jitter: jitter)
        retry.now = clock.now
        return try EFSClient(
            environment: [
                "AWS_EC2_METADATA_DISABLED": "true", "HOME": "/nonexistent-efs-hook-home", "AWS_REGION": "us-east-1",
                "AWS_ACCESS_KEY_ID": "AKIDUNITTEST", "AWS_SECRET_ACCESS_KEY": "unit-test-secret",
            ],
            options: .init(endpoint: "http://127.0.0.1:9", maxAttempts: maxAttempts, retry: retry, rateLimiter: rateLimiter),
            transport: self)
    }
}
