import Common
import Foundation

/// Client-side rate adaptation for a long-running process (the plugin daemon), shared by all
/// its requests, in the manner of the AWS SDKs' adaptive retry mode: no limit until the first
/// throttle; then a token bucket whose fill rate drops to `beta` × the measured send rate on
/// every throttle and grows back along a cubic curve while calls succeed, so the daemon sends
/// at about what the account allows instead of retrying in bursts.
public actor AdaptiveRateLimiter {
    static let beta = 0.7
    static let scale = 0.4
    static let minimumRate = 0.5
    static let smoothing = 0.8
    static let bucketSeconds = 0.5

    /// The one limiter of a process in `adaptive` retry mode (`RetryMode`), shared by all its clients.
    public static let process = AdaptiveRateLimiter()

    private let now: @Sendable () -> Double
    private let sleep: @Sendable (Duration) async throws -> Void
    private(set) var enabled = false
    private(set) var fillRate = 0.0
    /// Tokens in the bucket; below 0 when callers have reserved tokens still to come.
    private var tokens = 0.0
    private var lastRefill: Double?
    private var measuredRate = 0.0
    private var bucketStart: Double?
    private var bucketCount = 0.0
    private var lastMaxRate = 0.0
    private var lastThrottle = 0.0
    private var cubicOffset = 0.0

    public init(
        now: @escaping @Sendable () -> Double = LaunchDeadline.monotonicNow,
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }
    ) {
        self.now = now
        self.sleep = sleep
    }

    /// The current send rate limit in requests per second; nil while not limiting.
    public var rate: Double? { enabled ? fillRate : nil }

    /// Waits for a token. Each caller reserves its token before sleeping, so concurrent callers
    /// queue at the fill rate. Fails (temporary) rather than wait past `deadline`.
    public func acquire(for operation: String, deadline: Double) async throws(EFSHookError) {
        guard enabled else { return }
        refill()
        tokens -= 1
        guard tokens < 0 else { return }
        let wait = -tokens / fillRate
        guard wait <= deadline else {
            tokens += 1
            throw EFSHookError(
                .temporary,
                "EFS \(operation): the account is throttling EFS calls (sending at \(Self.format(fillRate))/s); the launch deadline leaves too little time; retry the launch",
                code: .throttling)
        }
        do {
            try await sleep(.microseconds(Int64(wait * 1e6)))
        } catch {
            throw .wrapping(error, .temporary, "EFS \(operation): interrupted while waiting for the client-side rate limit")
        }
    }

    /// Feeds one answer back: a throttle slows the bucket, a success lets it speed up.
    public func record(throttled: Bool) {
        let time = now()
        measure(time)
        let newRate: Double
        if throttled {
            let base = enabled ? min(measuredRate, fillRate) : measuredRate
            lastMaxRate = max(base, Self.minimumRate)
            cubicOffset = cbrt(lastMaxRate * (1 - Self.beta) / Self.scale)
            lastThrottle = time
            newRate = lastMaxRate * Self.beta
            enabled = true
        } else {
            guard enabled else { return }
            let t = time - lastThrottle - cubicOffset
            newRate = Self.scale * t * t * t + lastMaxRate
        }
        refill()
        fillRate = max(Self.minimumRate, min(newRate, 2 * max(measuredRate, Self.minimumRate)))
        tokens = min(tokens, max(fillRate, 1))
    }

    private func refill() {
        let time = now()
        defer { lastRefill = time }
        guard let lastRefill, enabled else { return }
        tokens = min(max(fillRate, 1), tokens + (time - lastRefill) * fillRate)
    }

    /// A smoothed measure of the rate this process sends at, over half-second buckets.
    private func measure(_ time: Double) {
        let bucket = (time / Self.bucketSeconds).rounded(.down) * Self.bucketSeconds
        bucketCount += 1
        guard let start = bucketStart else {
            bucketStart = bucket
            return
        }
        guard bucket > start else { return }
        let current = bucketCount / (bucket - start)
        measuredRate = current * Self.smoothing + measuredRate * (1 - Self.smoothing)
        bucketCount = 0
        bucketStart = bucket
    }

    static func format(_ rate: Double) -> String { "\((rate * 10).rounded() / 10)" }
}
