import Common
import Foundation

/// Crash-safe file writes: temp file, rename. After a kill at any instant the file holds
/// either the old or the new content, never a mix. `durable` adds the fsyncs (file, then
/// directory) that make the same hold after a power loss.
public enum AtomicFile {
    public static func write(_ data: Data, to path: String, mode: mode_t = 0o600, durable: Bool = true) throws(EFSHookError) {
        let directory = (path as NSString).deletingLastPathComponent
        let temp = "\(directory)/.\((path as NSString).lastPathComponent).\(getpid()).tmp"
        let fd = open(temp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, mode)
        guard fd >= 0 else { throw .system("create", temp) }
        var ok = data.withUnsafeBytes { buffer -> Bool in
            var offset = 0
            guard let base = buffer.baseAddress else { return true }
            while offset < buffer.count {
                let written = Glibc.write(fd, base + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                offset += written
            }
            return true
        }
        ok = ok && (!durable || fsync(fd) == 0)
        let saved = errno
        close(fd)
        guard ok else {
            unlink(temp)
            throw .system("write", temp, errno: saved)
        }
        guard Glibc.rename(temp, path) == 0 else {
            let code = errno
            unlink(temp)
            throw .system("rename onto", path, errno: code)
        }
        if durable { try syncDirectory(directory) }
    }

    public static func remove(_ path: String, durable: Bool = true) throws(EFSHookError) {
        guard unlink(path) == 0 || errno == ENOENT else { throw .system("remove", path) }
        if durable { try syncDirectory((path as NSString).deletingLastPathComponent) }
    }

    /// Creates an empty file at `path` if there is none (never through a symlink). Not
    /// fsynced: for markers that only need to outlive a killed process.
    public static func touch(_ path: String, mode: mode_t = 0o600) throws(EFSHookError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW, mode)
        guard fd >= 0 else { throw .system("create", path) }
        close(fd)
    }

    /// Renames `source` onto `target` (which must not be a non-empty directory) durably.
    public static func rename(_ source: String, to target: String) throws(EFSHookError) {
        guard Glibc.rename(source, target) == 0 else { throw .system("rename onto", target) }
        try syncDirectory((target as NSString).deletingLastPathComponent)
    }

    static func syncDirectory(_ directory: String) throws(EFSHookError) {
        let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw .system("open directory", directory) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw .system("fsync directory", directory) }
    }

    /// Removes `path` if it is an empty directory; anything else is left alone.
    public static func removeEmptyDirectory(_ path: String) {
        _ = rmdir(path)
    }

    /// Creates `path` and its parents with `mode`; with `enforce`, also sets the mode of an
    /// existing `path` (for directories that must stay private). One mkdir when it exists.
    public static func makeDirectory(_ path: String, mode: mode_t, enforce: Bool = false) throws(EFSHookError) {
        if mkdir(path, mode) != 0 {
            switch errno {
            case EEXIST:
                break
            case ENOENT:
                guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")), slash != path.utf8.startIndex else {
                    throw .system("create directory", path)
                }
                try makeDirectory(String(path[..<slash]), mode: mode)
                guard mkdir(path, mode) == 0 || errno == EEXIST else { throw .system("create directory", path) }
            default:
                throw .system("create directory", path)
            }
        }
        guard !enforce || chmod(path, mode) == 0 else { throw .system("chmod", path) }
    }
}
