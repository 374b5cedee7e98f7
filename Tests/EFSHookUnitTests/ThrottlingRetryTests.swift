import Common
import Foundation
import Testing

@testable import AWSClient
@testable import EFSHookCore

/// Throttling is ridden out until the launch deadline, apart from the attempt budget for real
/// errors; the daemon's adaptive rate limiter. On a virtual clock, against an account bucket.
@Suite struct ThrottlingRetryTests {
    func underDeadline<T>(_ seconds: Double, _ clock: VirtualClock, _ body: () async throws -> T) async throws -> T {
        try await LaunchDeadline.$current.withValue(LaunchDeadline(seconds: seconds, now: clock.clock.now), operation: body)
    }

    @Test func throttledCallsAreRetriedPastTheAttemptBudgetUntilTheAccountAnswers() async throws {
        let clock = VirtualClock()
        // An account with no token left, refilling one every 20 s.
        let account = RateLimitedTransport(clock: clock, rate: 0.05, burst: 1, startingTokens: 0, latency: 0)
        let client = try account.client(maxAttempts: 5)
        _ = try await underDeadline(100, clock) { try await client.fileSystems(pageSize: nil) }
        #expect(account.throttled == 6 && account.answered == 1, "7 attempts, more than maxAttempts 5")
        #expect(clock.naps == [0.5, 1, 2, 4, 8, 16], "full-jitter exponential ceilings from 0.5 s")
    }

    @Test func theThrottleBackoffIsCappedAtTwentySeconds() {
        let policy = RetryPolicy()
        #expect(policy.throttleCeiling(beforeRetry: 1) == .milliseconds(500))
        #expect(policy.throttleCeiling(beforeRetry: 6) == .seconds(16))
        #expect(policy.throttleCeiling(beforeRetry: 7) == .seconds(20))
        #expect(policy.throttleCeiling(beforeRetry: 50) == .seconds(20))
        for retry in 1...10 {
            for _ in 0..<100 {
                let delay = policy.throttleDelay(beforeRetry: retry)
                #expect(delay >= .zero && delay <= policy.throttleCeiling(beforeRetry: retry))
            }
        }
    }

    @Test func throttlingThatOutlastsTheDeadlineFailsTemporarilyInsideIt() async throws {
        let clock = VirtualClock()
        let account = RateLimitedTransport(clock: clock, rate: 0, burst: 1, startingTokens: 0)
        let client = try account.client()
        let error = await #expect(throws: EFSHookError.self) {
            _ = try await underDeadline(100, clock) { try await client.fileSystems(pageSize: nil) }
        }
        #expect(error?.exitCode == 75 && error?.code == .throttling)
        #expect(error?.message.contains("EFS DescribeFileSystems still throttled after") == true, "\(error?.message ?? "")")
        #expect(error?.message.contains("(the launch deadline)") == true)
        #expect(clock.elapsed <= 100 - LaunchDeadline.reserve + 0.1, "\(clock.elapsed)")
        #expect(clock.naps.allSatisfy { $0 <= 20 })
    }

    @Test func outsideALaunchThrottlingHasItsOwnWindow() async throws {
        let clock = VirtualClock()
        let account = RateLimitedTransport(clock: clock, rate: 0, burst: 1, startingTokens: 0)
        let error = await #expect(throws: EFSHookError.self) { _ = try await account.client().fileSystems(pageSize: nil) }
        #expect(error?.message.contains("(its throttle window)") == true, "\(error?.message ?? "")")
        #expect(clock.elapsed <= RetryPolicy.defaultThrottleWindow + 1)
    }

    @Test func theSharedRateLimiterSlowsAfterAThrottleAndSpeedsUpAgain() async throws {
        let clock = VirtualClock()
        let limiter = AdaptiveRateLimiter(now: clock.clock.now, sleep: { try await clock.clock.sleep($0.inSeconds) })
        #expect(await limiter.rate == nil, "no limit before the first throttle")
        for _ in 0..<40 {
            await limiter.record(throttled: false)
            try await clock.clock.sleep(0.1)
        }
        await limiter.record(throttled: true)
        let slowed = try #require(await limiter.rate)
        #expect(slowed <= 10 * 0.7 + 0.5 && slowed >= 0.5, "about 0.7 × the 10/s it measured: \(slowed)")
        // Reserved tokens queue callers at the fill rate.
        let before = clock.elapsed
        for _ in 0..<20 { try await limiter.acquire(for: "DescribeFileSystems", deadline: 100) }
        #expect(clock.elapsed - before >= 20 / slowed - 2, "20 calls at \(slowed)/s")
        for _ in 0..<50 {
            try await clock.clock.sleep(0.2)
            await limiter.record(throttled: false)
        }
        #expect(try #require(await limiter.rate) > slowed, "the rate grows back while calls succeed")
        // At the lowest rate (0.5/s) the next token is 2 s away: past a deadline 1 s away.
        let starved = AdaptiveRateLimiter(now: clock.clock.now, sleep: { try await clock.clock.sleep($0.inSeconds) })
        await starved.record(throttled: true)
        #expect(await starved.rate == AdaptiveRateLimiter.minimumRate)
        let refused = await #expect(throws: EFSHookError.self) { try await starved.acquire(for: "DescribeFileSystems", deadline: 1) }
        #expect(refused?.exitCode == 75 && refused?.code == .throttling)
    }

    @Test func withTheLimiterTheDaemonIsThrottledLessForTheSameWork() async throws {
        func run(limited: Bool) async throws -> (throttled: Int, answered: Int) {
            let clock = VirtualClock()
            let account = RateLimitedTransport(clock: clock, rate: 2, burst: 2)
            let limiter = limited ? AdaptiveRateLimiter(now: clock.clock.now, sleep: { try await clock.clock.sleep($0.inSeconds) }) : nil
            let client = try account.client(rateLimiter: limiter, jitter: { $0 / 2 })
            for _ in 0..<60 { _ = try await underDeadline(100, clock) { try await client.fileSystems(pageSize: nil) } }
            return (account.throttled, account.answered)
        }
        let plain = try await run(limited: false)
        let adaptive = try await run(limited: true)
        #expect(plain.answered == 60 && adaptive.answered == 60)
        #expect(adaptive.throttled * 2 < plain.throttled, "adaptive \(adaptive.throttled) vs plain \(plain.throttled) throttled calls")
    }
}

/// The throttling cap shrinks near the deadline and for a call the fleet waits on; an error
/// code a call expects is its answer, not a failure.
@Suite struct ThrottleCapTests {
    @Test func nearTheDeadlineTheCapIsAQuarterOfWhatIsLeftAndNeverBelowAQuarterSecond() {
        let policy = RetryPolicy()
        #expect(policy.throttleCeiling(beforeRetry: 10, remaining: 100) == .seconds(20))
        #expect(policy.throttleCeiling(beforeRetry: 10, remaining: 8) == .seconds(2))
        #expect(policy.throttleCeiling(beforeRetry: 10, remaining: 0.4) == .milliseconds(250))
        #expect(policy.throttleCeiling(beforeRetry: 1, remaining: 8) == .milliseconds(500), "early retries keep their own ceiling")
    }

    @Test func anUrgentCallRetriesThrottlingAtMostAQuarterSecondApart() {
        let policy = RetryPolicy()
        RetryPolicy.$urgent.withValue(true) {
            #expect(policy.throttleCeiling(beforeRetry: 1) == .milliseconds(250))
            #expect(policy.throttleCeiling(beforeRetry: 30) == .milliseconds(250))
        }
        #expect(policy.throttleCeiling(beforeRetry: 30) == .seconds(20))
    }

    @Test func fileSystemAlreadyExistsAnswersWithItsIdAndIsNotRetried() async throws {
        let clock = VirtualClock()
        let body = #"{"ErrorCode":"FileSystemAlreadyExists","Message":"exists","FileSystemId":"fs-0123456789abcdef0"}"#
        let account = RateLimitedTransport(
            clock: clock, rate: 1, burst: 1, startingTokens: 0, latency: 0,
            answer: HTTPResponse(
                status: 409, headers: [HTTPHeader("X-Amzn-ErrorType", "FileSystemAlreadyExists")], body: Data(body.utf8)))
        let answer = try await LaunchDeadline.$current.withValue(LaunchDeadline(seconds: 100, now: clock.clock.now)) {
            try await account.client().createFileSystem(CreateFileSystemRequest(creationToken: "t"))
        }
        #expect(answer == .alreadyExists(fileSystemId: "fs-0123456789abcdef0"))
        #expect(account.answered == 1 && account.throttled >= 1, "throttled, then answered once")
    }
}
