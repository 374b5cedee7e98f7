import Foundation
import Testing

/// One of the two real builds the upgrade tests run against each other: this checkout's
/// (TestEnvironment.binary) and the previous release's, built by scripts/build-previous-release
/// and named by `EFS_HOOK_PREVIOUS_BIN`. `make test` builds it and sets
/// `EFS_HOOK_REQUIRE_PREVIOUS=1`, so a missing one fails the suites instead of skipping them.
struct ReleaseBuild: Sendable, CustomStringConvertible {
    let name: String
    let path: String
    var description: String { name }

    static let current = ReleaseBuild(name: "new", path: TestEnvironment.binary)

    static let previousPath: String? = {
        guard let path = ProcessInfo.processInfo.environment["EFS_HOOK_PREVIOUS_BIN"], !path.isEmpty else { return nil }
        return path
    }()
    static let previousRequired = ProcessInfo.processInfo.environment["EFS_HOOK_REQUIRE_PREVIOUS"] == "1"

    /// The suites run as root in a private mount namespace, with the previous build or when it is required.
    static var suiteEnabled: Bool { TestEnvironment.inPrivateMountNamespace && (previousPath != nil || previousRequired) }
    static let suiteReason: Comment =
        "needs root in a private mount namespace and EFS_HOOK_PREVIOUS_BIN (scripts/build-previous-release): run `make test`"

    /// The previous release's binary; fails the test when it is not there.
    static func previous(sourceLocation: SourceLocation = #_sourceLocation) throws -> ReleaseBuild {
        let path = try #require(
            previousPath, "EFS_HOOK_PREVIOUS_BIN is not set: scripts/build-previous-release builds it", sourceLocation: sourceLocation)
        try #require(FileManager.default.isExecutableFile(atPath: path), "EFS_HOOK_PREVIOUS_BIN=\(path) is not an executable")
        return ReleaseBuild(name: "old", path: path)
    }

    /// Both directions: the previous release hands over to this one (upgrade), and back (rollback).
    static func directions() throws -> [(from: ReleaseBuild, to: ReleaseBuild)] {
        let previous = try previous()
        return [(previous, current), (current, previous)]
    }

    func run(_ arguments: [String], environment: [String: String], inheritEnvironment: Bool = true, stdin: Data? = nil) throws
        -> RunResult
    {
        try ProcessRunner.run(path, arguments, environment: environment, inheritEnvironment: inheritEnvironment, stdin: stdin)
    }
}

/// What a hand-over test did, printed for the release notes: `[upgrade] FRONT END old→new: …`.
struct HandOverFigures {
    let frontEnd: String
    let from: ReleaseBuild
    let to: ReleaseBuild
    var prepared = 0
    var cleanedUp = 0
    var recovered = 0
    var reprepared = 0
    var volumes: Set<String> = []

    init(_ frontEnd: String, _ from: ReleaseBuild, _ to: ReleaseBuild) {
        self.frontEnd = frontEnd
        self.from = from
        self.to = to
    }

    func print(_ extra: String = "") {
        Swift.print(
            "[upgrade] \(frontEnd) \(from)→\(to): \(prepared) container(s) prepared by \(from), \(cleanedUp) cleaned up, "
                + "\(recovered) released by recover and \(reprepared) re-prepared by \(to); volumes \(volumes.sorted()); "
                + "nothing left mounted or recorded\(extra)")
    }
}
