import EFSHookTestSupport
import Foundation
import Testing

/// What the package and plugin tests ship: the static release binary, and a clean Debian root
/// to install into (Tests/Helpers/debian-root).
enum Packaging {
    static let releaseBinary = TestEnvironment.packageRoot.appendingPathComponent(".build/release/efs-hook").path
    static let buildDeb = TestEnvironment.packageRoot.appendingPathComponent("deploy/build-deb").path
    static let buildPlugin = TestEnvironment.packageRoot.appendingPathComponent("deploy/build-docker-plugin").path

    /// `scripts/run-tests` builds the release binary and sets EFS_HOOK_REQUIRE_RELEASE=1: there a
    /// missing binary fails these tests instead of skipping them, so CI never skips them.
    static var required: Bool { ProcessInfo.processInfo.environment["EFS_HOOK_REQUIRE_RELEASE"] == "1" }
    /// The package also ships efs-hook-csi, built beside efs-hook by the same `make release`.
    static var releaseAvailable: Bool {
        [releaseBinary, releaseBinary + "-csi"].allSatisfy { FileManager.default.isExecutableFile(atPath: $0) }
    }
    static var runnable: Bool { releaseAvailable || required }
    static let releaseReason: Comment =
        "no .build/release/efs-hook and efs-hook-csi: run `make release` (scripts/run-tests builds them and requires them)"

    /// The release binary, or a failure naming the command that builds it.
    static func requireRelease(sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        try #require(releaseAvailable, "\(releaseReason)", sourceLocation: sourceLocation)
        return releaseBinary
    }

    /// A fresh clean Debian root at `path` (bootstrapped once, then unpacked from the cache).
    static func debianRoot(at path: String) throws -> String {
        let made = try run(TestEnvironment.helper("debian-root"), [path], timeout: 1500)
        guard made.status == 0 else { throw RawHTTP.Failure(description: "debian-root: \(made.stderr)") }
        return path
    }

    /// Runs `program` under timeout(1), so no step of a package test waits forever.
    static func run(_ program: String, _ arguments: [String], timeout seconds: Int = 300, environment: [String: String] = [:])
        throws -> RunResult
    {
        try ProcessRunner.run("/usr/bin/timeout", ["--kill-after=10", String(seconds), program] + arguments, environment: environment)
    }

    /// A program inside `root`, run by chroot(8) with a plain environment and the root's own
    /// /proc (as every real system has: the static Swift runtime reads /proc/self/exe at
    /// start), mounted in a mount and PID namespace of its own that ends with the program.
    static func inRoot(_ root: String, _ program: String, _ arguments: [String], timeout: Int = 300) throws -> RunResult {
        try run(
            "/usr/bin/unshare", ["--fork", "--pid", "--mount-proc=\(root)/proc", "/usr/sbin/chroot", root, program] + arguments,
            timeout: timeout,
            environment: ["PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "DEBIAN_FRONTEND": "noninteractive", "LC_ALL": "C"])
    }
}
