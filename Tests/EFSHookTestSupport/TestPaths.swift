import Foundation

/// Where the package's test data is, for both test targets.
public enum TestPaths {
    public static let packageRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
        }
        fatalError("Package.swift not found above \(#filePath)")
    }()

    /// Tasks encoded by Mesos' own schema, the bad-input corpus, the mount stand-in.
    public static var fixtures: URL { packageRoot.appendingPathComponent("Tests/Fixtures") }

    /// TEST-ONLY Python helpers (moto, the fault proxy, the SigV4 oracle …).
    public static var helpers: URL { packageRoot.appendingPathComponent("Tests/Helpers") }
}
