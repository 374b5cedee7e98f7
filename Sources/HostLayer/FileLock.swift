import Common
import Foundation

/// An exclusive `flock` on a file, held until `release()` or process exit (the kernel drops
/// it when the process dies, so a killed run never leaves a stale lock).
public final class FileLock: HeldLock, @unchecked Sendable {
    private var fd: Int32
    public let path: String

    private init(fd: Int32, path: String) {
        self.fd = fd
        self.path = path
    }

    /// Waits up to `timeout` seconds for the lock; a timeout is a temporary failure (exit 75).
    public static func acquire(_ path: String, timeout: Double, what: String) throws(EFSHookError) -> FileLock {
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard fd >= 0 else { throw .system("open lock file", path) }
        let deadline = Date().addingTimeInterval(timeout)
        var pause: UInt32 = 1_000
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let code = errno
            guard code == EWOULDBLOCK || code == EINTR else {
                close(fd)
                throw .system("lock", path, errno: code)
            }
            guard Date() < deadline else {
                close(fd)
                throw .temporary(
                    "timed out after \(String(format: "%g", timeout)) s waiting for the lock on \(what); another efs-hook is still working on it"
                )
            }
            usleep(pause)
            pause = min(pause * 2, 50_000)
        }
        return FileLock(fd: fd, path: path)
    }

    public func release() {
        guard fd >= 0 else { return }
        close(fd)
        fd = -1
    }

    deinit { release() }
}
