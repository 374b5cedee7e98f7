#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Named step boundaries at which a test can make the real binary die abruptly.
///
/// `EFS_HOOK_FAILPOINT=<name>` makes the process `_exit(137)` when it reaches that step,
/// without running cleanup handlers, as if the agent had SIGKILLed it on a timeout.
/// When the variable is unset the check is one comparison against a cached nil.
public enum Failpoint: String, CaseIterable, Sendable {
    case prepareAfterRecord = "prepare.after-record"
    case prepareAfterProvision = "prepare.after-provision"
    case prepareAfterHostMount = "prepare.after-host-mount"
    case prepareAfterHostMountRecord = "prepare.after-host-mount-record"
    case prepareAfterBind = "prepare.after-bind"
    case prepareBeforeCommit = "prepare.before-commit"
    case cleanupAfterUnbind = "cleanup.after-unbind"
    case cleanupBeforeHostUnmount = "cleanup.before-host-unmount"
    case cleanupAfterHostUnmount = "cleanup.after-host-unmount"
    case cleanupBeforeRecordRemoval = "cleanup.before-record-removal"
    case recoverAfterContainerCleanup = "recover.after-container-cleanup"
    case recoverAfterRemount = "recover.after-remount"
    case recoverAfterOrphanUnmount = "recover.after-orphan-unmount"

    private static let armed: String? = {
        guard let raw = getenv("EFS_HOOK_FAILPOINT") else { return nil }
        let value = String(cString: raw)
        return value.isEmpty ? nil : value
    }()

    public static let exitStatus: Int32 = 137

    @inline(__always)
    public func hit() {
        guard let armed = Failpoint.armed, armed == rawValue else { return }
        _exit(Failpoint.exitStatus)
    }
}
