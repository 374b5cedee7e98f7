import Common
import Foundation
import HostLayer

/// The audit trail file (`audit.path`): JSON lines, appended and fsynced under its lock, and
/// moved to `PATH.1` (replacing the previous one) once it passes `maxBytes`.
public struct AuditTrail: Sendable {
    public let path: String
    let maxBytes: Int

    public init(path: String, maxBytes: Int = 16 << 20) {
        self.path = path
        self.maxBytes = maxBytes
    }

    public var rotatedPath: String { path + ".1" }

    public func append(_ entries: [AuditEntry]) throws(EFSHookError) {
        guard !entries.isEmpty else { return }
        let text = entries.map { LogRecordJSON.line($0.fields) + "\n" }.joined()
        let lock = try FileLock.acquire(path + ".lock", timeout: 5, what: "the audit trail")
        defer { lock.release() }
        try rotateIfFull()
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard fd >= 0 else { throw .system("open", path) }
        defer { close(fd) }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        guard written == bytes.count, fsync(fd) == 0 else { throw .system("append to", path) }
    }

    func rotateIfFull() throws(EFSHookError) {
        var info = stat()
        guard stat(path, &info) == 0, Int(info.st_size) >= maxBytes else { return }
        try AtomicFile.rename(path, to: rotatedPath)
    }

    /// Every entry, oldest first (the rotated file, then the current one); lines that do not
    /// parse are skipped.
    public func entries() -> [AuditEntry] {
        let decoder = JSONDecoder()
        return [rotatedPath, path].flatMap { file -> [AuditEntry] in
            guard let data = FileManager.default.contents(atPath: file) else { return [] }
            return data.split(separator: UInt8(ascii: "\n")).compactMap { try? decoder.decode(AuditEntry.self, from: Data($0)) }
        }
    }
}
