import Foundation

/// Paths and helpers shared by the tests.
enum TestEnvironment {
    static let packageRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
        }
        fatalError("Package.swift not found above \(#filePath)")
    }()

    static var fixtures: URL { packageRoot.appendingPathComponent("Tests/Fixtures") }

    /// The real binary under test: `$EFS_HOOK_BIN`, else the debug build next to the tests.
    static var binary: String {
        if let path = ProcessInfo.processInfo.environment["EFS_HOOK_BIN"], !path.isEmpty { return path }
        let bundle = Bundle.main.bundleURL.deletingLastPathComponent()
        let candidates = [
            bundle.appendingPathComponent("efs-hook").path,
            packageRoot.appendingPathComponent(".build/debug/efs-hook").path,
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates[1]
    }

    /// True when this process runs as root in a mount namespace of its own (as `make test`
    /// arranges with `unshare --mount`), so real mounts cannot leak onto the host.
    static var inPrivateMountNamespace: Bool {
        guard getuid() == 0 else { return false }
        let own = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/ns/mnt")
        let initial = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/1/ns/mnt")
        guard let own else { return false }
        return own != initial
    }

    static let mountReason: Comment = "needs root in a private mount namespace: run `make test` (it wraps swift test in unshare --mount)"
}

import Testing
