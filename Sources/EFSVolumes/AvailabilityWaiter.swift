import AWSClient
import Common
import Logging

/// The one wait for EFS resources (file systems, mount targets, access points): polls until
/// they are `available`, with capped backoff, and says why a launch or provision is slow.
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

    /// How one resource is watched: what it is called, its state, and how to describe it again.
    struct Watch<T: Sendable> {
        var state: (T) -> LifeCycleState
        /// Names it in "is deleted, not available" and "disappeared" errors.
        var label: (T) -> String
        /// Names it (with where it is) in progress and timeout messages.
        var place: (T) -> String
        var poll: (T) async throws(EFSHookError) -> T?
        /// What to do once efs.waitTimeoutSeconds is over, after "still creating after N s".
        var advice: String
        /// nil: each round is logged; otherwise each pending resource is told here, every round.
        var progress: ((String) -> Void)?
    }

    /// One resource, its progress logged (the launch path).
    func wait<T: Sendable>(
        _ what: String, state: @escaping @Sendable (T) -> LifeCycleState, current: T,
        poll: @escaping @Sendable () async throws(EFSHookError) -> T?
    ) async throws(EFSHookError) -> T {
        let watch = Watch<T>(
            state: state, label: { _ in what }, place: { _ in what }, poll: { _ throws(EFSHookError) in try await poll() },
            advice: "retry later", progress: nil)
        return try await waitForAll([current], watch).first ?? current
    }

    /// Every resource of `items`, polled together each round until all are available.
    func waitForAll<T: Sendable>(_ items: [T], _ watch: Watch<T>) async throws(EFSHookError) -> [T] {
        var items = items
        var delay = initialDelay
        let start = clock.now()
        let launch = LaunchDeadline.current
        while let first = items.firstIndex(where: { watch.state($0) != .available }) {
            let elapsed = clock.now() - start
            for item in items where watch.state(item) != .available {
                let current = watch.state(item)
                guard current == .creating || current == .updating else {
                    throw EFSHookError.failure("\(watch.label(item)) is \(current), not available")
                }
                watch.progress?("\(watch.place(item)): \(current), \(Int(elapsed)) s")
            }
            let pending = items[first]
            let current = watch.state(pending)
            let launchLeft = launch?.remaining ?? .infinity
            if launchLeft < deadline - elapsed, launchLeft <= 0, let launch {
                let doing = current == .creating ? "creating" : "updating"
                throw EFSHookError.temporary(
                    "\(watch.place(pending)) still \(current) after \(Int(launch.elapsed.rounded())) s; AWS goes on \(doing) it; retry the launch"
                )
            }
            guard elapsed + min(delay, launchLeft) <= deadline else {
                throw EFSHookError.temporary(
                    "\(watch.place(pending)) still \(current) after \(Int(elapsed)) s (efs.waitTimeoutSeconds); \(watch.advice)")
            }
            if watch.progress == nil {
                logger.notice(
                    "waiting for \(watch.place(pending)) to become available",
                    metadata: ["state": "\(current)", "elapsed": "\(Int(elapsed))s"])
            }
            try await clock.pause(min(delay, launchLeft))
            delay = min(delay * 2, maxDelay)
            for index in items.indices where watch.state(items[index]) != .available {
                guard let next = try await watch.poll(items[index]) else {
                    throw EFSHookError.failure("\(watch.label(items[index])) disappeared while waiting for it")
                }
                items[index] = next
            }
        }
        return items
    }

    /// Until `done` says so, asked every `interval` seconds (a deletion, which has no state to
    /// poll); `expired` once efs.waitTimeoutSeconds is over.
    func waitUntil(every interval: Double, expired: @autoclosure () -> EFSHookError, _ done: () async throws(EFSHookError) -> Bool)
        async throws(EFSHookError)
    {
        let start = clock.now()
        while try await !done() {
            guard clock.now() - start < deadline else { throw expired() }
            try await clock.pause(interval)
        }
    }
}
