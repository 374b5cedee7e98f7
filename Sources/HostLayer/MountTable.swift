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
        MountTable(entries: parse(bytes: try ProcFile.readBytes(path)))
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

    static func parse(_ text: String) -> [MountInfoEntry] { parse(bytes: Array(text.utf8)) }

    /// Works on bytes, one pass, reusing one field buffer: the table is read on every launch and
    /// can hold thousands of lines on a busy agent (see BENCHMARKS.md, scale).
    static func parse(bytes: [UInt8]) -> [MountInfoEntry] {
        bytes.withUnsafeBufferPointer { text in
            var entries: [MountInfoEntry] = []
            var fields: [Range<Int>] = []
            fields.reserveCapacity(16)
            var lineStart = 0
            while lineStart < text.count {
                fields.removeAll(keepingCapacity: true)
                var fieldStart = lineStart
                var index = lineStart
                while index < text.count, text[index] != UInt8(ascii: "\n") {
                    if text[index] == UInt8(ascii: " ") {
                        fields.append(fieldStart..<index)
                        fieldStart = index + 1
                    }
                    index += 1
                }
                fields.append(fieldStart..<index)
                if let entry = entry(text, fields) { entries.append(entry) }
                lineStart = index + 1
            }
            return entries
        }
    }

    private static func entry(_ text: UnsafeBufferPointer<UInt8>, _ fields: [Range<Int>]) -> MountInfoEntry? {
        // Fields: id parent major:minor root mountPoint options [optional…] - fsType source superOptions
        guard fields.count >= 10,
            let separator = fields[6...].firstIndex(where: { $0.count == 1 && text[$0.lowerBound] == UInt8(ascii: "-") }),
            separator + 2 < fields.count, let id = number(text, fields[0]), let parent = number(text, fields[1])
        else { return nil }
        func field(_ index: Int) -> String { unescape(UnsafeBufferPointer(rebasing: text[fields[index]])) }
        return MountInfoEntry(
            mountID: id, parentID: parent, root: field(3), mountPoint: field(4), options: field(5),
            fsType: field(separator + 1), source: field(separator + 2))
    }

    private static func number(_ text: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int? {
        guard !range.isEmpty, range.count < 19 else { return nil }
        var value = 0
        for index in range {
            let digit = Int(text[index]) - Int(UInt8(ascii: "0"))
            guard (0...9).contains(digit) else { return nil }
            value = value * 10 + digit
        }
        return value
    }

    /// mountinfo escapes space, tab, newline and backslash as `\ooo`.
    static func unescape(_ field: UnsafeBufferPointer<UInt8>) -> String {
        guard field.contains(UInt8(ascii: "\\")) else { return String(decoding: field, as: UTF8.self) }
        var bytes: [UInt8] = []
        var index = 0
        while index < field.count {
            if field[index] == UInt8(ascii: "\\"), index + 3 < field.count,
                let value = octal(field[(index + 1)...(index + 3)])
            {
                bytes.append(value)
                index += 4
            } else {
                bytes.append(field[index])
                index += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func octal(_ digits: Slice<UnsafeBufferPointer<UInt8>>) -> UInt8? {
        var value = 0
        for byte in digits {
            guard (UInt8(ascii: "0")...UInt8(ascii: "7")).contains(byte) else { return nil }
            value = value * 8 + Int(byte - UInt8(ascii: "0"))
        }
        return value <= 255 ? UInt8(value) : nil
    }
}
