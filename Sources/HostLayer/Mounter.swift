import Common
import Foundation

/// The kernel's mount calls, and nothing else: no shell, no helper process.
public struct Mounter: Sendable {
    public init() {}

    /// Bind-mounts `source` on `target` (recursively), then remounts it read-only if asked:
    /// the kernel ignores `MS_RDONLY` on the first bind call.
    public func bind(source: String, target: String, readOnly: Bool) throws(EFSHookError) {
        guard mount(source, target, nil, UInt(MS_BIND | MS_REC), nil) == 0 else {
            throw .system("bind mount onto", target)
        }
        guard readOnly else { return }
        try remountReadOnly(target, undoing: target)
    }

    /// Makes the bind mount at `target` read-only; on failure detaches `undo` so no
    /// writable bind is left behind.
    public func remountReadOnly(_ target: String, undoing undo: String) throws(EFSHookError) {
        guard mount(nil, target, nil, UInt(MS_BIND | MS_REMOUNT | MS_RDONLY | MS_REC), nil) == 0 else {
            let saved = errno
            _ = umount2(undo, Int32(MNT_DETACH))
            throw .system("read-only remount of", target, errno: saved)
        }
    }

    /// Unmounts `target`. Returns false when nothing was mounted there. A busy mount is
    /// detached lazily so cleanup always converges; the kernel frees it once unused.
    @discardableResult
    public func unmount(_ target: String) throws(EFSHookError) -> Bool {
        if umount2(target, Int32(UMOUNT_NOFOLLOW)) == 0 { return true }
        switch errno {
        case EINVAL, ENOENT: return false
        case EBUSY:
            guard umount2(target, Int32(MNT_DETACH | UMOUNT_NOFOLLOW)) == 0 else {
                throw .system("lazy unmount of", target)
            }
            return true
        default:
            throw .system("unmount of", target)
        }
    }

    /// Unmounts every mount stacked on `target` (a killed run can leave more than one).
    public func unmountAll(_ target: String) throws(EFSHookError) {
        for _ in 0..<64 {
            guard try unmount(target) else { return }
        }
    }
}
