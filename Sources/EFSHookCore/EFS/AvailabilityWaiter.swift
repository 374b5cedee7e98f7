import AWSClient
import Common
import Logging

/// Polls until a resource is `available`, with capped backoff and a deadline; reports
/// progress on stderr (through the logger) so an operator sees why a launch is slow.
struct AvailabilityWaiter: Sendable {
    var deadline: Double
    var logger: Logger
    var clock: WaitClock
    var initialDelay: Double = 1
    var maxDelay: Double = 10

    func wait<T: Sendable>(
        _ what: String, state: @Sendable (T) -> LifeCycleState, current: T, poll: @Sendable () async throws -> T?
    ) async throws -> T {
        var value = current
        var delay = initialDelay
        let start = clock.now()
        while state(value) != .available {
            let current = state(value)
            guard current == .creating || current == .updating else {
                throw EFSHookError.failure("\(what) is \(current), not available")
            }
            let elapsed = clock.now() - start
            guard elapsed + delay <= deadline else {
                throw EFSHookError.temporary("\(what) still \(current) after \(Int(elapsed)) s (efs.waitTimeoutSeconds); retry later")
            }
            logger.notice("waiting for \(what) to become available", metadata: ["state": "\(current)", "elapsed": "\(Int(elapsed))s"])
            try await clock.sleep(delay)
            delay = min(delay * 2, maxDelay)
            guard let next = try await poll() else { throw EFSHookError.failure("\(what) disappeared while waiting for it") }
            value = next
        }
        return value
    }
}
