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
        let command = MountCommand(prefix: ["/usr/bin/env", "RECORD_DIR=\(record)", "BACKING_DIR=\(backing)", helper], timeout: 10, attempts: 1)
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
        let command = MountCommand(prefix: ["/usr/bin/env", "RECORD_DIR=\(record)", "BACKING_DIR=\(sandbox.root)/b", helper], timeout: 0.5, attempts: 2)
        expectHookError(.temporary, "2 attempts") { try command.mount(type: "nfs4", options: ["hard"], source: "h:/", target: target) }
        #expect(try !MountTable.current().isMountPoint(target))
        #expect(try FileManager.default.contentsOfDirectory(atPath: record).filter { $0.hasSuffix(".argv") }.count == 2)
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
        let result = try ProcessRunner.hook(["prepare", "--container-id", "c1", "--rootfs", rootfs, task], environment: sandbox.environment)
        #expect(result.status == 75)
        #expect(result.stderr.contains("lock on volume busy"))
        #expect(try sandbox.mounts().isEmpty)
    }
}
