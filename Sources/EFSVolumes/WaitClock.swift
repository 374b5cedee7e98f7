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

    public static let real = WaitClock(
        now: { ProcessInfo.processInfo.systemUptime }, sleep: { try await Task.sleep(for: .seconds($0)) })
}
