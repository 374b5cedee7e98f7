#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The time one invocation may spend, shared by every wait in it: throttling backoff in the
/// AWS client, lifecycle polling, lock waits and mount retries. The front end sets it (as the
/// task-local `current`) below its host's own limit (Mesos kills `dvdcli mount` after 120 s,
/// Docker gives a plugin's Mount 2 minutes), so the invocation fails with a message of its
/// own instead of being killed without one.
public struct LaunchDeadline: Sendable {
    /// `dvdcli mount` and the Docker plugin's Create/Mount, and `launchDeadlineSeconds`' default.
    public static let defaultSeconds = 100.0
    /// Kept back from every wait, so a run out of time still has time to undo and report.
    public static let reserve = 1.0

    /// The whole budget.
    public let seconds: Double
    public let start: Double
    public let now: @Sendable () -> Double

    public init(seconds: Double, now: @escaping @Sendable () -> Double = LaunchDeadline.monotonicNow) {
        self.seconds = seconds
        self.now = now
        start = now()
    }

    /// Seconds since the invocation started.
    public var elapsed: Double { now() - start }

    /// Seconds a wait may still take (the reserve kept back); 0 when the time is up.
    public var remaining: Double { max(0, seconds - Self.reserve - elapsed) }

    public var expired: Bool { remaining <= 0 }

    /// A wait's limit: `limit`, shortened to what the current invocation has left.
    public static func capped(_ limit: Double) -> Double {
        guard let current else { return limit }
        return min(limit, current.remaining)
    }

    /// The deadline of the invocation this task runs for; nil outside a launch (gc, remove, …).
    @TaskLocal public static var current: LaunchDeadline?

    /// Runs `body` under a fresh deadline of `seconds`.
    public static func run<T>(seconds: Double, _ body: () async throws -> T) async rethrows -> T {
        try await $current.withValue(LaunchDeadline(seconds: seconds), operation: body)
    }

    /// CLOCK_MONOTONIC in seconds: never jumps with the wall clock.
    @Sendable public static func monotonicNow() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
