import EFSHookTestSupport
import Foundation
import Testing

@testable import Common
@testable import HostLayer

@Suite struct ChildProcessTests {
    @Test func runsWithoutAShellAndWithAMinimalEnvironment() throws {
        let outcome = try ChildProcess.run(["/usr/bin/env"], timeout: 10)
        #expect(outcome.status == 0)
        #expect(outcome.output.split(separator: "\n").sorted() == ChildProcess.minimalEnvironment.map { Substring($0) }.sorted())
        let literal = try ChildProcess.run(["/bin/echo", "a;rm -rf /", "$(id)"], timeout: 10)
        #expect(literal.output == "a;rm -rf / $(id)\n")
    }

    @Test func killsAHelperThatHangs() throws {
        let started = Date()
        let outcome = try ChildProcess.run(["/bin/sleep", "30"], timeout: 0.3)
        #expect(outcome.timedOut)
        #expect(Date().timeIntervalSince(started) < 5)
    }

    @Test func reportsExitStatus() throws {
        #expect(try ChildProcess.run(["/bin/false"], timeout: 10).status == 1)
        expectHookError(.config, "absolute path") { _ = try ChildProcess.run(["mount"], timeout: 1) }
    }

    @Test(arguments: ["exec", "nfsvers=4.1;rm", "suid", "context=x", "accesspoint=fsap-1 2", "uid=0"])
    func mountOptionsOutsideTheAllowListAreRefused(_ option: String) {
        expectHookError(.failure, "mount option") { try MountCommand.validate([option]) }
    }

    @Test func efsRecommendedOptionsAreAllowed() throws {
        try MountCommand.validate(["nfsvers=4.1", "rsize=1048576", "wsize=1048576", "hard", "timeo=600", "retrans=2", "noresvport"])
        try MountCommand.validate(["tls", "iam", "accesspoint=fsap-0123456789abcdef0"])
    }
}

@Suite(.enabled(if: TestEnvironment.inPrivateMountNamespace, TestEnvironment.mountReason), .serialized)
struct MountCommandTests {
    @Test func recordsArgvAndMountsThroughTheHelper() throws {
        let sandbox = try HostSandbox()
        let record = "\(sandbox.root)/record"
        let backing = "\(sandbox.root)/backing"
        try FileManager.default.createDirectory(atPath: record, withIntermediateDirectories: true)
        let target = "\(sandbox.root)/target"
        try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
        let helper = TestEnvironment.fixtures.appendingPathComponent("bin/recording-mount").path
        let command = MountCommand(
            prefix: ["/usr/bin/env", "RECORD_DIR=\(record)", "BACKING_DIR=\(backing)", helper], timeout: 10, attempts: 1)
        try command.mount(type: "nfs4", options: ["nfsvers=4.1", "hard"], source: "10.0.0.5:/", target: target)
        let argv = try String(contentsOfFile: "\(record)/1.argv", encoding: .utf8).split(separator: "\n")
        #expect(argv == ["-t", "nfs4", "-o", "nfsvers=4.1,hard", "10.0.0.5:/", Substring(target)])
        #expect(try MountTable.current().isMountPoint(target))
        try Mounter().unmount(target)
    }

    @Test func theHelperInheritsNoDescriptorBeyondStderr() throws {
        let sandbox = try HostSandbox()
        let record = "\(sandbox.root)/record"
        try FileManager.default.createDirectory(atPath: record, withIntermediateDirectories: true)
        let target = "\(sandbox.root)/target"
        try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
        // Without O_CLOEXEC, as a caller's pipe or Foundation's process socket would be.
        let leaked = open("/dev/null", O_RDONLY)
        #expect(leaked > 2)
        defer { close(leaked) }
        let helper = TestEnvironment.fixtures.appendingPathComponent("bin/recording-mount").path
        let command = MountCommand(
            prefix: ["/usr/bin/env", "RECORD_DIR=\(record)", "BACKING_DIR=\(sandbox.root)/b", helper], timeout: 10, attempts: 1)
        try command.mount(type: "nfs4", options: ["hard"], source: "h:/", target: target)
        defer { try? Mounter().unmount(target) }
        let fds = try String(contentsOfFile: "\(record)/1.fds", encoding: .utf8).split(separator: "\n").compactMap { Int32($0) }
        #expect(Set(fds).isSubset(of: [0, 1, 2, 255]), "helper inherited \(fds) (the test leaked \(leaked))")
    }

    @Test func aHangingMountIsKilledAndRetriedBoundedly() throws {
        let sandbox = try HostSandbox()
        let record = "\(sandbox.root)/record"
        try FileManager.default.createDirectory(atPath: record, withIntermediateDirectories: true)
        try Data().write(to: URL(fileURLWithPath: "\(record)/hang"))
        let target = "\(sandbox.root)/target"
        try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
        let helper = TestEnvironment.fixtures.appendingPathComponent("bin/recording-mount").path
        let command = MountCommand(
            prefix: ["/usr/bin/env", "RECORD_DIR=\(record)", "BACKING_DIR=\(sandbox.root)/b", helper], timeout: 0.5, attempts: 2)
        expectHookError(.temporary, "2 attempts") { try command.mount(type: "nfs4", options: ["hard"], source: "h:/", target: target) }
        #expect(try !MountTable.current().isMountPoint(target))
        #expect(try FileManager.default.contentsOfDirectory(atPath: record).filter { $0.hasSuffix(".argv") }.count == 2)
    }
}

/// Which mount-helper failures are retried, and for how long: the TEST-ONLY recording-mount
/// stand-in plays mount.efs refusing an argv, failing, or hanging.
@Suite(.enabled(if: TestEnvironment.inPrivateMountNamespace, TestEnvironment.mountReason), .serialized)
struct MountFailureTests {
    struct Helper {
        let sandbox: HostSandbox
        let record: String
        let target: String
        init(_ switchFile: String? = nil, contents: String = "") throws {
            sandbox = try HostSandbox()
            record = "\(sandbox.root)/record"
            target = "\(sandbox.root)/target"
            for directory in [record, target] {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            }
            if let switchFile { try contents.write(toFile: "\(record)/\(switchFile)", atomically: true, encoding: .utf8) }
        }
        func command(timeout: Double = 10, attempts: Int = 3) -> MountCommand {
            let helper = TestEnvironment.fixtures.appendingPathComponent("bin/recording-mount").path
            return MountCommand(
                prefix: ["/usr/bin/env", "RECORD_DIR=\(record)", "BACKING_DIR=\(sandbox.root)/b", helper], timeout: timeout,
                attempts: attempts)
        }
        func mount(_ command: MountCommand) throws {
            try command.mount(type: "efs", options: ["tls", "accesspoint=fsap-0123456789abcdef0"], source: "fs-12345678:/", target: target)
        }
        var calls: Int { ((try? FileManager.default.contentsOfDirectory(atPath: record)) ?? []).filter { $0.hasSuffix(".argv") }.count }
    }

    @Test(
        "a permanent refusal fails at once with the helper's message, not retried",
        arguments: [
            ("Access Point ID fsap-0123456789abcdef0x is malformed", EFSHookError.Kind.failure),
            (#"The "tls" option is required when mounting via "accesspoint""#, .failure),
            ("mount.nfs4: access denied by server while mounting 10.0.0.1:/", .permissionDenied),
        ])
    func permanentFailuresAreNotRetried(message: String, kind: EFSHookError.Kind) throws {
        let helper = try Helper("refuse", contents: message + "\n")
        let started = Date()
        // The helper's own words (quotes escaped, as every untrusted text is).
        expectHookError(kind, message.replacingOccurrences(of: "\"", with: "\\\"")) { try helper.mount(helper.command(attempts: 3)) }
        expectHookError(kind, "not retried") { try helper.mount(helper.command(attempts: 3)) }
        #expect(helper.calls == 2, "one call per mount, no retries")
        #expect(Date().timeIntervalSince(started) < 5)
        #expect(try !MountTable.current().isMountPoint(helper.target))
    }

    @Test func transientFailuresAreRetriedOnlyWithinTheLaunchDeadline() throws {
        let helper = try Helper("fail")
        let started = Date()
        let deadline = LaunchDeadline(seconds: 3.5)
        LaunchDeadline.$current.withValue(deadline) {
            expectHookError(.temporary, "launch deadline reached") { try helper.mount(helper.command(attempts: 10)) }
        }
        let took = Date().timeIntervalSince(started)
        print("[mount] transient failures under a 3.5 s deadline: \(helper.calls) attempts in \(took) s")
        #expect(took < 3.5, "\(took)")
        #expect(helper.calls >= 2 && helper.calls < 10, "retried, but not all 10 attempts: \(helper.calls)")
    }

    @Test func aHangingHelperIsCutToTheLaunchDeadline() throws {
        let helper = try Helper("hang")
        let started = Date()
        LaunchDeadline.$current.withValue(LaunchDeadline(seconds: 3)) {
            expectHookError(.temporary, "timed out after 2 s") { try helper.mount(helper.command(timeout: 60, attempts: 3)) }
        }
        let took = Date().timeIntervalSince(started)
        #expect(took < 3, "the 60 s timeout was cut to the 2 s the deadline left: \(took)")
        #expect(helper.calls == 1)
        #expect(try !MountTable.current().isMountPoint(helper.target))
    }
}

@Suite(.enabled(if: TestEnvironment.inPrivateMountNamespace, TestEnvironment.mountReason), .serialized)
struct LockTimeoutTests {
    @Test func waitingTooLongForAVolumeLockExits75() throws {
        let sandbox = try HostSandbox(extraConfig: "")
        try String(contentsOfFile: sandbox.config, encoding: .utf8)
            .replacingOccurrences(of: "lockTimeoutSeconds: 30", with: "lockTimeoutSeconds: 0.3")
            .write(toFile: sandbox.config, atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: "\(sandbox.stateDir)/locks", withIntermediateDirectories: true)
        let held = try FileLock.acquire("\(sandbox.stateDir)/locks/volume-busy.lock", timeout: 1, what: "test")
        defer { held.release() }
        let rootfs = try sandbox.rootfs("c1")
        let task = try TaskBuilder.write([.init(name: "busy", path: "/data")], in: sandbox.root)
        let result = try ProcessRunner.hook(
            ["prepare", "--container-id", "c1", "--rootfs", rootfs, task], environment: sandbox.environment)
        #expect(result.status == 75)
        #expect(result.stderr.contains("lock on volume busy"))
        #expect(try sandbox.mounts().isEmpty)
    }
}
