import Common
import Foundation

/// The names in a directory, read one at a time (readdir), so a caller that needs only the
/// first match stops there instead of listing and sorting thousands of entries.
public enum DirectoryReader {
    /// Calls `body` with each name but `.` and `..`, in the file system's order, until it
    /// returns false. A directory that does not exist has no names.
    public static func forEachName(in path: String, _ body: (String) throws(EFSHookError) -> Bool) throws(EFSHookError) {
        guard let directory = opendir(path) else {
            if errno == ENOENT || errno == ENOTDIR { return }
            throw .system("open directory", path)
        }
        defer { closedir(directory) }
        while let entry = readdir(directory) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: MemoryLayout.size(ofValue: entry.pointee.d_name)) {
                    String(cString: $0)
                }
            }
            if name == "." || name == ".." { continue }
            guard try body(name) else { return }
        }
    }
}
