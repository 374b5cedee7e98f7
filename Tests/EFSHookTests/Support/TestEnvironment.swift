import EFSHookTestSupport
import Foundation
import Testing

/// The system tests' environment: the binary under test, the mount namespace, helper paths.
enum TestEnvironment {
    static var packageRoot: URL { TestPaths.packageRoot }
    static var fixtures: URL { TestPaths.fixtures }
    static var helpers: URL { TestPaths.helpers }

    /// The path of the Python helper `name` in Tests/Helpers.
    static func helper(_ name: String) -> String { helpers.appendingPathComponent(name).path }

    /// The real binary under test, for every test that runs it: `$EFS_HOOK_BIN`, else the
    /// efs-hook built next to this test executable (so a custom `--scratch-path` works without
    /// EFS_HOOK_BIN), else next to the test bundle, else `.build/debug/efs-hook`.
    static let binary: String = {
        if let path = ProcessInfo.processInfo.environment["EFS_HOOK_BIN"], !path.isEmpty { return path }
        var candidates: [String] = []
        if let me = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            candidates.append(URL(fileURLWithPath: me).deletingLastPathComponent().appendingPathComponent("efs-hook").path)
        }
        let bundle = Bundle.main.bundleURL.deletingLastPathComponent()
        candidates.append(bundle.appendingPathComponent("efs-hook").path)
        let fallback = packageRoot.appendingPathComponent(".build/debug/efs-hook").path
        candidates.append(fallback)
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? fallback
    }()

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
