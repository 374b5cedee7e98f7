import Common
import Foundation

/// A directory reached inside a root without following any symlink, held open as an
/// `O_PATH` descriptor. Mounting on `mountPath` mounts on exactly the directory that was
/// checked, even if a path component is swapped for a symlink afterwards.
public final class ResolvedDirectory: @unchecked Sendable {
    /// -1 for a directory that is only named (an in-memory host's).
    let fd: Int32
    /// What the kernel says the descriptor points at, for records and messages.
    public let hostPath: String

    init(fd: Int32, hostPath: String) {
        self.fd = fd
        self.hostPath = hostPath
    }

    /// A directory known by its path alone, for hosts that are not the kernel.
    public convenience init(hostPath: String) { self.init(fd: -1, hostPath: hostPath) }

    /// The path to mount on: the descriptor's `/proc/self/fd/N`.
    public var mountPath: String { fd >= 0 ? "/proc/self/fd/\(fd)" : hostPath }

    deinit { if fd >= 0 { close(fd) } }
}

/// `O_PATH` (Glibc exports it only under _GNU_SOURCE); the same value on x86_64 and arm64.
let openPathOnly: Int32 = 0o10_000_000

public enum SafePath {
    /// Host trees a volume must never be mounted over.
    public static let forbiddenHostTrees = ["/proc", "/sys", "/dev"]

    /// Walks `relative` below `root` one component at a time with `O_NOFOLLOW`. A symlink
    /// anywhere below the root is refused; missing directories are created with `mkdirat`
    /// from the already-verified parent when `createMissing` is set, with `mode`.
    public static func resolveDirectory(root: String, relative: String, createMissing: Bool, mode: UInt16 = 0o755)
        throws(EFSHookError) -> ResolvedDirectory
    {
        var current = open(root, openPathOnly | O_DIRECTORY | O_CLOEXEC)
        guard current >= 0 else { throw .system("open root", root) }
        var walked = root
        for component in relative.split(separator: "/") where component != "." {
            let name = String(component)
            guard name != ".." else {
                close(current)
                throw .invalidTask("path \(Quoting.safe(relative)) has a \"..\" component")
            }
            walked += (walked.hasSuffix("/") ? "" : "/") + name
            var next = openat(current, name, openPathOnly | O_NOFOLLOW | O_CLOEXEC)
            if next < 0, errno == ENOENT, createMissing {
                if mkdirat(current, name, mode_t(mode)) != 0, errno != EEXIST {
                    let code = errno
                    close(current)
                    throw .system("create directory", walked, errno: code)
                }
                next = openat(current, name, openPathOnly | O_NOFOLLOW | O_CLOEXEC)
            }
            guard next >= 0 else {
                let code = errno
                close(current)
                throw .system("open", walked, errno: code)
            }
            close(current)
            current = next
            var info = stat()
            guard fstat(current, &info) == 0 else {
                let code = errno
                close(current)
                throw .system("stat", walked, errno: code)
            }
            let type = info.st_mode & S_IFMT
            guard type != S_IFLNK else {
                close(current)
                throw .invalidTask("\(Quoting.safe(walked)) is a symlink; efs-hook never follows symlinks in a container path")
            }
            guard type == S_IFDIR else {
                close(current)
                throw .invalidTask("\(Quoting.safe(walked)) is not a directory")
            }
        }
        let resolved = ResolvedDirectory(fd: current, hostPath: readLink("/proc/self/fd/\(current)") ?? walked)
        for tree in forbiddenHostTrees where resolved.hostPath == tree || resolved.hostPath.hasPrefix(tree + "/") {
            throw .invalidTask("refusing to mount over \(Quoting.safe(resolved.hostPath)): it is inside the host's \(tree)")
        }
        return resolved
    }

    /// Removes `relative` below `root` if it is an empty directory, reaching its parent by
    /// the same symlink-free walk: a symlink planted on the way, or as the last component,
    /// leaves everything as it is. Nothing to remove, or a directory still in use, is not an
    /// error; the caller has already checked what matters (nothing mounted there).
    public static func removeEmptyDirectory(root: String, relative: String) {
        let components = relative.split(separator: "/").filter { $0 != "." }
        guard let name = components.last.map(String.init), name != ".." else { return }
        let parent = components.dropLast().joined(separator: "/")
        guard let directory = try? resolveDirectory(root: root, relative: parent, createMissing: false) else { return }
        _ = unlinkat(directory.fd, name, AT_REMOVEDIR)
    }

    static func readLink(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink(path, &buffer, Int(PATH_MAX))
        guard count > 0 else { return nil }
        return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
