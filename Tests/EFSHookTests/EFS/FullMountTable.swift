import Foundation

@testable import HostLayer

/// Mount-table helpers for the EFS tests, on the product's own reader (`MountTable`, which
/// reads /proc/self/mountinfo to EOF through `ProcFile`).
enum FullMountTable {
    static func read() throws -> String { try ProcFile.read("/proc/self/mountinfo") }

    static func current() throws -> MountTable { try MountTable.current() }

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
