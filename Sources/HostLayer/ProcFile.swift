import Common
import Foundation

/// Reads a /proc file to its end. procfs answers one page per read(2), and
/// `FileManager.contents(atPath:)` stops after the first: a mount table over 4 KiB came back
/// cut, and mounts past the cut went unseen.
public enum ProcFile {
    public static func read(_ path: String) throws(EFSHookError) -> String {
        String(decoding: try readBytes(path), as: UTF8.self)
    }

    public static func readBytes(_ path: String) throws(EFSHookError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .system("open", path) }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = Glibc.read(fd, &buffer, buffer.count)
            if count < 0 {
                if errno == EINTR { continue }
                throw .system("read", path)
            }
            if count == 0 { break }
            bytes.append(contentsOf: buffer[0..<count])
        }
        return bytes
    }
}
