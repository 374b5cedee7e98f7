import Foundation
import HostShims

/// A system call that can block on a volume's server, made on a helper thread so the caller
/// stops waiting at a deadline (see host_shims.h). A call still blocked then is abandoned,
/// not cancelled: the kernel offers no way to cancel it.
public enum BoundedCall {
    public enum Outcome: Sendable, Equatable {
        case succeeded
        case failed(errno: Int32)
        case timedOut
    }

    /// `statfs(path)`: always asks the file system's server, so it tells whether it answers.
    public static func statfs(_ paths: [String], timeout: Double) -> [Outcome] {
        run(paths.map { (EFS_HOOK_CALL_STATFS, $0, 0) }, timeout: timeout)
    }

    public static func umount2(_ path: String, flags: Int32, timeout: Double) -> Outcome {
        run([(EFS_HOOK_CALL_UMOUNT2, path, flags)], timeout: timeout)[0]
    }

    /// Starts every call, then waits for all of them until one shared deadline.
    private static func run(_ calls: [(kind: Int, path: String, flags: Int32)], timeout: Double) -> [Outcome] {
        let started = calls.map { efs_hook_call_start(Int32($0.kind), $0.path, $0.flags) }
        let deadline = Date().addingTimeInterval(timeout)
        return started.map { call in
            guard let call else { return .timedOut }
            let milliseconds = max(0, Int32(min(deadline.timeIntervalSinceNow, 86_400) * 1000))
            switch efs_hook_call_finish(call, milliseconds) {
            case 0: return .succeeded
            case -1: return .timedOut
            case let code: return .failed(errno: code)
            }
        }
    }
}
