import AWSClient
import Common
import Logging

/// Polls until a resource is `available`, with capped backoff; reports progress on stderr
/// (through the logger) so an operator sees why a launch is slow.
///
/// A wait ends at the earlier of `deadline` (efs.waitTimeoutSeconds, from the wait's start)
/// and the invocation's `LaunchDeadline`, whose end is polled once more before giving up.
/// Giving up is temporary (exit 75): AWS goes on creating the resource, so the next launch
/// finds it and reuses it.
struct AvailabilityWaiter: Sendable {
    var deadline: Double
    var logger: Logger
    var clock: WaitClock
    var initialDelay: Double = 1
    var maxDelay: Double = 10

    func wait<T: Sendable>(
        _ what: String, state: @Sendable (T) -> LifeCycleState, current: T, poll: @Sendable () async throws(EFSHookError) -> T?
    ) async throws(EFSHookError) -> T {
        var value = current
        var delay = initialDelay
        let start = clock.now()
        let launch = LaunchDeadline.current
        while state(value) != .available {
            let current = state(value)
            guard current == .creating || current == .updating else {
                throw EFSHookError.failure("\(what) is \(current), not available")
            }
            let elapsed = clock.now() - start
            let launchLeft = launch?.remaining ?? .infinity
            if launchLeft < deadline - elapsed, launchLeft <= 0, let launch {
                let doing = current == .creating ? "creating" : "updating"
                throw EFSHookError.temporary(
                    "\(what) still \(current) after \(Int(launch.elapsed.rounded())) s; AWS goes on \(doing) it; retry the launch")
            }
            guard elapsed + min(delay, launchLeft) <= deadline else {
                throw EFSHookError.temporary("\(what) still \(current) after \(Int(elapsed)) s (efs.waitTimeoutSeconds); retry later")
            }
            logger.notice("waiting for \(what) to become available", metadata: ["state": "\(current)", "elapsed": "\(Int(elapsed))s"])
            try await clock.pause(min(delay, launchLeft))
            delay = min(delay * 2, maxDelay)
            guard let next = try await poll() else { throw EFSHookError.failure("\(what) disappeared while waiting for it") }
            value = next
        }
        return value
    }
}
