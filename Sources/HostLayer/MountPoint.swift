import Common
import Foundation
import HostShims

/// Whether one path is a mount point, asked of the kernel for that path alone (statx), so the
/// answer costs the same with thousands of mounts in the namespace as with five; reading the
/// mount table instead grows with every mount (BENCHMARKS.md, scale). A final symlink is not
/// followed. Kernels before 5.8 cannot answer, and the mount table is read instead.
public enum MountPoint {
    public static func isMountPoint(_ path: String) throws(EFSHookError) -> Bool {
        switch efs_hook_is_mount_root(path) {
        case 1: return true
        case 0: return false
        case -2: return try MountTable.current().isMountPoint(path)
        default:
            guard errno == ENOENT || errno == ENOTDIR else { throw .system("statx", path) }
            return false
        }
    }
}
