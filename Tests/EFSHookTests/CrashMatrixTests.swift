import Foundation
import Testing

@testable import Common
@testable import HostLayer

/// Kills the real binary at every failpoint of prepare, cleanup and recover, re-runs the
/// same command (or recover), and checks the end state equals an uninterrupted run.
@Suite(.enabled(if: TestEnvironment.inPrivateMountNamespace, TestEnvironment.mountReason), .serialized)
struct CrashMatrixTests {
    /// c0 holds `shared`; c1 asks for `shared` (already mounted) and `fresh` (not yet).
    struct Scenario {
        let sandbox: HostSandbox
        let task: String
        let r0: String
        let r1: String

        init() throws {
            sandbox = try HostSandbox()
            task = try TaskBuilder.write(
                [.init(name: "shared", path: "/srv/shared"), .init(name: "fresh", path: "/srv/fresh", readOnly: true)],
                in: sandbox.root)
            let c0Task = try TaskBuilder.write([.init(name: "shared", path: "/srv/shared")], in: sandbox.root)
            r0 = try sandbox.rootfs("c0")
            r1 = try sandbox.rootfs("c1")
            let result = try ProcessRunner.hook(
                ["prepare", "--container-id", "c0", "--rootfs", r0, c0Task], environment: sandbox.environment)
            #expect(result.status == 0, "\(result.stderr)")
        }

        var prepareC1: [String] { ["prepare", "--container-id", "c1", "--rootfs", r1, task] }
        var cleanupC1: [String] { ["cleanup", "--container-id", "c1"] }

        func run(_ arguments: [String], failpoint: String? = nil) throws -> RunResult {
            var environment = sandbox.environment
            if let failpoint { environment["EFS_HOOK_FAILPOINT"] = failpoint }
            return try ProcessRunner.hook(arguments, environment: environment)
        }
    }

    static func points(_ prefix: String) -> [String] {
        Failpoint.allCases.map(\.rawValue).filter { $0.hasPrefix(prefix) }
    }

    /// Runs `command` with the failpoint armed, expects a crash (or a run that never reached
    /// that step), then the recovery command, and compares with the uninterrupted reference.
    func check(
        setUp: (Scenario) throws -> Void, command: (Scenario) -> [String], failpoint: String,
        recovery: (Scenario) -> [String]
    ) throws -> Bool {
        let reference = try Scenario()
        try setUp(reference)
        let clean = try reference.run(command(reference))
        #expect(clean.status == 0, "\(clean.stderr)")
        let expected = try HostSnapshot(reference.sandbox)

        let scenario = try Scenario()
        try setUp(scenario)
        let crashed = try scenario.run(command(scenario), failpoint: failpoint)
        #expect(crashed.status == Failpoint.exitStatus || crashed.status == 0, "\(failpoint): \(crashed.stderr)")
        let again = try scenario.run(recovery(scenario))
        #expect(again.status == 0, "\(failpoint): recovery failed: \(again.stderr)")
        let actual = try HostSnapshot(scenario.sandbox)
        #expect(actual == expected, "after a crash at \(failpoint):\n\(actual)\nexpected:\n\(expected)")
        return crashed.status == Failpoint.exitStatus
    }

    @Test func everyFailpointConverges() throws {
        var covered: Set<String> = []
        // prepare, then the same prepare again
        for point in Self.points("prepare.") {
            if try check(setUp: { _ in }, command: \.prepareC1, failpoint: point, recovery: \.prepareC1) { covered.insert(point) }
        }
        // prepare, then recover with c1 not live: as if c1 had never been prepared
        for point in Self.points("prepare.") {
            let reference = try Scenario()
            let expected = try HostSnapshot(reference.sandbox)
            let scenario = try Scenario()
            let crashed = try scenario.run(scenario.prepareC1, failpoint: point)
            #expect(crashed.status == Failpoint.exitStatus)
            let recovered = try scenario.run(["recover", "--live", "c0"])
            #expect(recovered.status == 0, "\(recovered.stderr)")
            #expect(try HostSnapshot(scenario.sandbox) == expected, "prepare killed at \(point), then recover")
        }
        // cleanup (c1 is the last user of `fresh`), then the same cleanup again
        let prepared: (Scenario) throws -> Void = { scenario in
            let result = try scenario.run(scenario.prepareC1)
            #expect(result.status == 0, "\(result.stderr)")
        }
        for point in Self.points("cleanup.") {
            if try check(setUp: prepared, command: \.cleanupC1, failpoint: point, recovery: \.cleanupC1) { covered.insert(point) }
        }
        // recover with c1 dead, a stacked mount and an orphan host mount, then recover again
        let messy: (Scenario) throws -> Void = { scenario in
            try prepared(scenario)
            let orphan = "\(scenario.sandbox.mountRoot)/orphan"
            try FileManager.default.createDirectory(atPath: orphan, withIntermediateDirectories: true)
            try Mounter().bind(source: scenario.sandbox.localRoot, target: orphan, readOnly: false)
            try Mounter().bind(source: scenario.sandbox.localRoot, target: "\(scenario.sandbox.mountRoot)/shared", readOnly: false)
        }
        let recoverC0: (Scenario) -> [String] = { _ in ["recover", "--live", "c0"] }
        for point in Self.points("recover.") {
            if try check(setUp: messy, command: recoverC0, failpoint: point, recovery: recoverC0) { covered.insert(point) }
        }
        let all = Set(Failpoint.allCases.map(\.rawValue))
        print("crash matrix: covered \(covered.count) of \(all.count) failpoints: \(covered.sorted().joined(separator: ", "))")
        #expect(covered == all, "never reached: \(all.subtracting(covered).sorted())")
    }
}
