import Foundation

@testable import HostLayer

/// The whole mount table, read with read(2) until EOF.
///
/// Not `MountTable.current()`: it reads /proc/self/mountinfo with FileManager, which on
/// Linux returns only the kernel's first read() (one page, ~4 KiB), so on a busy mount
/// table it silently drops entries. These tests must see every mount to judge efs-hook.
enum FullMountTable {
    static func read(_ path: String = "/proc/self/mountinfo") throws -> String {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        defer { close(fd) }
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 16384)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
            if count == 0 { break }
            data.append(contentsOf: buffer[0..<count])
        }
        return String(decoding: data, as: UTF8.self)
    }

    static func current() throws -> MountTable { MountTable(entries: MountTable.parse(try read())) }

    /// Mount points at or below `root`, in mount order.
    static func mounts(under root: String) throws -> [String] {
        try current().entries.map(\.mountPoint).filter { $0 == root || $0.hasPrefix(root + "/") }
    }

    /// Detaches everything at or below `root`, deepest (latest) first.
    static func detachAll(under root: String) {
        for mountPoint in ((try? mounts(under: root)) ?? []).reversed() {
            _ = umount2(mountPoint, Int32(MNT_DETACH))
        }
    }
}

/// Unrelated tmpfs mounts that make this namespace's mountinfo longer than one page, as on
/// any busy agent (container runtimes, cgroups, overlay layers). Removed on deinit.
final class MountPadding: @unchecked Sendable {
    let root: String

    init(root: String, count: Int) throws {
        self.root = root
        for index in 0..<count {
            let path = "\(root)/m\(index)"
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            guard mount("padding", path, "tmpfs", 0, "size=64k") == 0 else {
                throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
            }
        }
    }

    var mountInfoBytes: Int { ((try? FullMountTable.read()) ?? "").utf8.count }

    deinit {
        FullMountTable.detachAll(under: root)
        try? FileManager.default.removeItem(atPath: root)
    }
}
