import Common
import Foundation
import HostLayer

/// The plugin's unix socket file: where Docker finds it (`/run/docker/plugins/NAME.sock`),
/// who may connect (root, mode 0660), and tidying it away on a clean stop.
struct PluginSocket {
    let path: String

    /// The driver name Docker derives from the socket: `efs.sock` → `efs`.
    var driverName: String {
        let file = path.split(separator: "/").last.map(String.init) ?? path
        return file.hasSuffix(".sock") ? String(file.dropLast(5)) : file
    }

    init(path: String) throws(EFSHookError) {
        guard path.hasPrefix("/") else { throw .usage("--socket must be an absolute path") }
        // sockaddr_un.sun_path holds 108 bytes including the terminating NUL.
        guard path.utf8.count <= 107 else { throw .usage("--socket path is longer than 107 bytes") }
        guard path.hasSuffix(".sock") else {
            throw .usage("--socket must end in .sock: Docker names the driver after the file (efs.sock → efs)")
        }
        self.path = path
    }

    /// Creates the parent directory (0755) and clears a stale socket left by a killed daemon.
    /// Refuses a path that is not a socket, or a socket another process still answers on.
    func prepare() throws(EFSHookError) {
        let parent = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? ""
        if !parent.isEmpty { try AtomicFile.makeDirectory(parent, mode: 0o755) }
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        guard info.st_mode & S_IFMT == S_IFSOCK else {
            throw .config("\(path) exists and is not a socket; move it away or choose another --socket")
        }
        guard !Self.answers(path) else {
            throw .config("another process is serving \(path); stop it first (only one efs-hook serve per socket)")
        }
        guard unlink(path) == 0 || errno == ENOENT else { throw Self.failure("remove the stale socket", path) }
    }

    /// Binds at a staging name with a umask that keeps the file private to root, opens it to
    /// root's group (0660), then renames it into place: the socket appears with its final
    /// mode, never briefly narrower or wider.
    func bindPrivately<T>(_ bind: (String) async throws -> T) async throws -> (T, Identity) {
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
        guard chmod(staging, 0o660) == 0 else { throw Self.failure("chmod", staging) }
        guard rename(staging, path) == 0 else { throw Self.failure("rename into place", path) }
        var info = stat()
        guard lstat(path, &info) == 0 else { throw Self.failure("stat", path) }
        return (result, Identity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino)))
    }

    struct Identity: Equatable {
        var device: UInt64
        var inode: UInt64
    }

    /// Removes the socket file if it is still ours (a new daemon may have replaced it).
    func remove(ifStill identity: Identity) {
        var info = stat()
        guard lstat(path, &info) == 0, Identity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino)) == identity else { return }
        unlink(path)
    }

    /// Whether something accepts connections on the socket.
    static func answers(_ path: String) -> Bool {
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
