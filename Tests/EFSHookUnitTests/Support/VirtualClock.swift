import EFSVolumes
import Foundation

/// A `WaitClock` whose sleeps return at once and move its time forward, so waits of minutes
/// run in microseconds and their length can be asserted.
final class VirtualClock: @unchecked Sendable {
    private let lock = NSLock()
    private var seconds = 0.0
    private var sleeps: [Double] = []

    var elapsed: Double { lock.withLock { seconds } }
    var naps: [Double] { lock.withLock { sleeps } }

    var clock: WaitClock {
        WaitClock(
            now: { [self] in elapsed },
            sleep: { [self] delay in
                lock.withLock {
                    seconds += delay; sleeps.append(delay)
                }
            })
    }
}
