import Common
import Foundation

/// One line of `/proc/self/mountinfo`.
public struct MountInfoEntry: Sendable, Equatable {
    public var mountID: Int
    public var parentID: Int
    /// The path inside the mounted file system that is mounted here (bind mounts show it).
    public var root: String
    public var mountPoint: String
    public var options: String
    public var fsType: String
    public var source: String
}

/// The mount table of this process' mount namespace. Read fresh for each decision: a
/// mount point is a mount point only if the kernel says so, whatever our records claim.
public struct MountTable: Sendable {
    public var entries: [MountInfoEntry]

    public init(entries: [MountInfoEntry]) { self.entries = entries }

    public static func current(path: String = "/proc/self/mountinfo") throws(EFSHookError) -> MountTable {
        return MountTable(entries: parse(try ProcFile.read(path)))
    }

    public func isMountPoint(_ path: String) -> Bool {
        entries.contains { $0.mountPoint == path }
    }

    /// How many mounts are stacked on `path`: more than one means an earlier run was killed
    /// between mounting and recording.
    public func mountCount(at path: String) -> Int {
        entries.reduce(0) { $0 + ($1.mountPoint == path ? 1 : 0) }
    }

    public func mounts(under prefix: String) -> [MountInfoEntry] {
        let base = prefix.hasSuffix("/") ? prefix : prefix + "/"
        return entries.filter { $0.mountPoint.hasPrefix(base) }
    }

    static func parse(_ text: String) -> [MountInfoEntry] {
        var entries: [MountInfoEntry] = []
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: false)
            guard fields.count >= 10, let separator = fields.firstIndex(of: "-"), separator >= 6,
                separator + 2 < fields.count, let id = Int(fields[0]), let parent = Int(fields[1])
            else { continue }
            entries.append(
                MountInfoEntry(
                    mountID: id, parentID: parent, root: unescape(fields[3]), mountPoint: unescape(fields[4]),
                    options: String(fields[5]), fsType: String(fields[separator + 1]),
                    source: unescape(fields[separator + 2])))
        }
        return entries
    }

    /// mountinfo escapes space, tab, newline and backslash as `\ooo`.
    static func unescape(_ field: Substring) -> String {
        guard field.contains("\\") else { return String(field) }
        var bytes: [UInt8] = []
        let utf8 = Array(field.utf8)
        var index = 0
        while index < utf8.count {
            if utf8[index] == UInt8(ascii: "\\"), index + 3 < utf8.count,
                let value = UInt8(String(decoding: utf8[(index + 1)...(index + 3)], as: UTF8.self), radix: 8)
            {
                bytes.append(value)
                index += 4
            } else {
                bytes.append(utf8[index])
                index += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
