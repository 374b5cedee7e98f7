import Foundation

/// Fresh paths under the system temporary directory, named `efs-hook-PREFIX-XXXXXXXX`: the one
/// place the tests make temporary directories and files. Callers remove what they make.
public enum TemporaryPath {
    /// A new, empty directory.
    public static func directory(_ prefix: String) throws -> String {
        let path = file(prefix)
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// A path nothing exists at yet, ending in `suffix` (".log", ".yaml" …); nothing is created.
    public static func file(_ prefix: String, suffix: String = "") -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("efs-hook-\(prefix)-\(UUID().uuidString.prefix(8))\(suffix)").path
    }
}
