#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads an input with plain system calls, to its end or not at all: an input over its
/// `InputLimit` is refused in one line naming the file, its size and the limit, and a failure
/// is the path and `strerror`'s reason ("task input /x: is a directory").
public enum InputReader {
    /// The bytes of `path` (`-` is stdin). Reads at most `limit.bytes + 1`, so an oversized
    /// input is refused without reading it all.
    public static func read(_ path: String, _ limit: InputLimit) throws(EFSHookError) -> [UInt8] {
        guard path != "-" else { return try read(STDIN_FILENO, named: path, limit) }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw failure(path, limit, errno: errno) }
        defer { close(descriptor) }
        return try read(descriptor, named: path, limit)
    }

    /// `read` as UTF-8 text; other bytes are refused as unreadable ("… is not UTF-8").
    public static func text(_ path: String, _ limit: InputLimit) throws(EFSHookError) -> String {
        let bytes = try read(path, limit)
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw EFSHookError(limit.unreadable, "\(limit.what) \(shown(path)) is not UTF-8")
        }
        return text
    }

    private static func read(_ descriptor: Int32, named path: String, _ limit: InputLimit) throws(EFSHookError) -> [UInt8] {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while bytes.count <= limit.bytes {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count == 0 { break }
            guard count > 0 else {
                if errno == EINTR { continue }
                throw failure(path, limit, errno: errno)
            }
            bytes.append(contentsOf: buffer[..<count])
        }
        guard bytes.count <= limit.bytes else { throw tooLarge(descriptor, named: path, limit) }
        return bytes
    }

    /// The refusal; it names the size when the input is a regular file (fstat), since a pipe's
    /// size is unknown without reading all of it.
    static func tooLarge(_ descriptor: Int32, named path: String, _ limit: InputLimit) -> EFSHookError {
        var status = stat()
        let megabytes = "\(limit.bytes) bytes (\(limit.bytes >> 20) MiB)"
        if fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG {
            return EFSHookError(limit.tooLarge, "\(limit.what) \(shown(path)) is \(status.st_size) bytes; the limit is \(megabytes)")
        }
        return EFSHookError(limit.tooLarge, "\(limit.what) \(shown(path)) is larger than \(megabytes)")
    }

    static func failure(_ path: String, _ limit: InputLimit, errno code: Int32) -> EFSHookError {
        let name = path == "-" ? "(stdin)" : Quoting.safe(path)
        return EFSHookError(limit.unreadable, "\(limit.unreadableName) \(name): \(EFSHookError.reason(errno: code))", errno: code)
    }

    public static func shown(_ path: String) -> String { path == "-" ? "stdin" : Quoting.safe(path) }
}
