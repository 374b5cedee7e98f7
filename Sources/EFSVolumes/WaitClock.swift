import Common
import Foundation

/// Time as waiting loops see it: the real clock, or a virtual one in tests, where sleeping
/// moves time forward at once.
public struct WaitClock: Sendable {
    /// Seconds since an arbitrary origin.
    public var now: @Sendable () -> Double
    public var sleep: @Sendable (_ seconds: Double) async throws -> Void

    public init(now: @escaping @Sendable () -> Double, sleep: @escaping @Sendable (_ seconds: Double) async throws -> Void) {
        self.now = now
        self.sleep = sleep
    }

    /// `sleep`, whose untyped failure (cancellation) becomes ours.
    func pause(_ seconds: Double) async throws(EFSHookError) {
        do { try await sleep(seconds) } catch { throw .wrapping(error, .temporary, "interrupted while waiting") }
    }

    public static let real = WaitClock(
        now: { ProcessInfo.processInfo.systemUptime }, sleep: { try await Task.sleep(for: .seconds($0)) })
}
