import Common
import Foundation

/// How far an unmount had to go (`efs_hook_unmounts_total{stage}`, cleanup's log).
public enum UnmountStage: String, Sendable, Codable, CaseIterable, Comparable {
    /// umount2 returned within its share of the deadline.
    case normal
    /// The server did not answer: `MNT_FORCE` (NFS aborts its outstanding RPCs).
    case force
    /// Still busy or blocked: `MNT_DETACH` takes it out of the namespace at once.
    case detach

    public static func < (lhs: UnmountStage, rhs: UnmountStage) -> Bool {
        (allCases.firstIndex(of: lhs) ?? 0) < (allCases.firstIndex(of: rhs) ?? 0)
    }
}

/// Unmounts a mount whose server may not answer, in stages that each end at a deadline:
/// normal, then `MNT_FORCE`, then `MNT_DETACH`. Nothing mounted (or already gone) is success.
/// A busy mount that answers goes straight to detach: forcing would break its other users.
enum StagedUnmount {
    /// Unmounts every mount stacked on `path` within `seconds` in all; returns the furthest
    /// stage any of them needed, or nil when nothing was mounted there.
    static func unmountAll(_ path: String, within seconds: Double) throws(EFSHookError) -> UnmountStage? {
        let deadline = Date().addingTimeInterval(seconds)
        var furthest: UnmountStage?
        for _ in 0..<64 {
            guard let stage = try unmountOnce(path, until: deadline, total: seconds) else { return furthest }
            furthest = max(furthest ?? stage, stage)
        }
        return furthest
    }

    private static func unmountOnce(_ path: String, until deadline: Date, total: Double) throws(EFSHookError) -> UnmountStage? {
        // A stage never gets less than a second, so a spent deadline still ends in a detach.
        func share(_ fraction: Double) -> Double { max(1, min(total * fraction, deadline.timeIntervalSinceNow * fraction)) }
        let nofollow = Int32(UMOUNT_NOFOLLOW)
        switch BoundedCall.umount2(path, flags: nofollow, timeout: share(0.2)) {
        case .succeeded: return .normal
        case .failed(let code) where code == EINVAL || code == ENOENT: return nil
        case .failed(let code) where code != EBUSY: throw .system("unmount of", path, errno: code)
        case .failed: break
        case .timedOut:
            switch BoundedCall.umount2(path, flags: nofollow | Int32(MNT_FORCE), timeout: share(0.5)) {
            case .succeeded: return .force
            // The abandoned normal unmount finished meanwhile.
            case .failed(let code) where code == EINVAL || code == ENOENT: return .force
            default: break
            }
        }
        switch BoundedCall.umount2(path, flags: nofollow | Int32(MNT_DETACH), timeout: share(0.9)) {
        case .succeeded: return .detach
        case .failed(let code) where code == EINVAL || code == ENOENT: return .detach
        case .failed(let code): throw .system("lazy unmount of", path, errno: code)
        case .timedOut:
            // Detaching leaves the namespace at once; what can still block is the file
            // system's own teardown, which the kernel finishes without us.
            guard try MountPoint.isMountPoint(path) else { return .detach }
            throw .temporary("unmount of \(Quoting.safe(path)) did not finish within \(Int(total)) s; the server is not answering")
        }
    }
}
