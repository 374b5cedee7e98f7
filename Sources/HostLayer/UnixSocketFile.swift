import Common
import Foundation

/// A daemon's listening unix socket file (`serve`'s plugin socket, `csi`'s endpoint): who may
/// connect (root, or root's group with `mode` 0660), clearing a stale one a killed daemon
/// left, and tidying it away on a clean stop.
public struct UnixSocketFile: Sendable {
    public let path: String
    /// The file's mode once bound.
    public let mode: mode_t

    /// `option` names the flag the path came from, for the one-line refusal.
    public init(path: String, mode: mode_t, option: String) throws(EFSHookError) {
        guard path.hasPrefix("/") else { throw .usage("\(option) must be an absolute path") }
        // sockaddr_un.sun_path holds 108 bytes including the terminating NUL.
        guard path.utf8.count <= 107 else { throw .usage("\(option) path is longer than 107 bytes") }
        self.path = path
        self.mode = mode
    }

    /// Creates the parent directory (0755) and clears a stale socket left by a killed daemon.
    /// Refuses a path that is not a socket, or a socket another process still answers on.
    public func prepare() throws(EFSHookError) {
        let parent = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? ""
        if !parent.isEmpty { try AtomicFile.makeDirectory(parent, mode: 0o755) }
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        guard info.st_mode & S_IFMT == S_IFSOCK else {
            throw .config("\(path) exists and is not a socket; move it away or choose another path")
        }
        guard !Self.answers(path) else {
            throw .config("another process is serving \(path); stop it first (only one efs-hook daemon per socket)")
        }
        guard unlink(path) == 0 || errno == ENOENT else { throw Self.failure("remove the stale socket", path) }
    }

    /// Binds at a staging name with a umask that keeps the file private to root, sets `mode`,
    /// then renames it into place: the socket appears with its final mode, never briefly
    /// narrower or wider.
    public func bindPrivately<T>(_ bind: (String) async throws -> T) async throws -> (T, Identity) {
        let staging = path + ".new"
        _ = unlink(staging)
        let previous = umask(0o177)
        let result: T
        do {
            result = try await bind(staging)
            umask(previous)
        } catch {
            umask(previous)
            throw error
        }
        guard chmod(staging, mode) == 0 else { throw Self.failure("chmod", staging) }
        guard rename(staging, path) == 0 else { throw Self.failure("rename into place", path) }
        var info = stat()
        guard lstat(path, &info) == 0 else { throw Self.failure("stat", path) }
        return (result, Identity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino)))
    }

    /// Which file the daemon bound, so it removes only its own.
    public struct Identity: Equatable, Sendable {
        var device: UInt64
        var inode: UInt64
    }

    /// Removes the socket file if it is still ours (a new daemon may have replaced it).
    public func remove(ifStill identity: Identity) {
        var info = stat()
        guard lstat(path, &info) == 0, Identity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino)) == identity else { return }
        unlink(path)
    }

    /// Whether something accepts connections on the socket.
    public static func answers(_ path: String) -> Bool {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in path.utf8.prefix(raw.count - 1).enumerated() { raw[index] = byte }
        }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        return result == 0
    }

    static func failure(_ call: String, _ path: String) -> EFSHookError {
        EFSHookError.system(call, path)
    }
}
