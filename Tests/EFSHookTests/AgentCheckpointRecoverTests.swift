import EFSHookTestSupport
import Foundation
import Testing

@testable import HostLayer

/// `recover` without a list finds the live containers in the Mesos agent's own checkpoints,
/// laid out as the agent lays them (runtime directory and meta directory), with real mounts.
@Suite(.enabled(if: TestEnvironment.inPrivateMountNamespace, TestEnvironment.mountReason))
struct AgentCheckpointRecoverTests {
    /// A Mesos agent's checkpoints under the sandbox: `run/containers/ID/pid` and
    /// `work/meta/slaves/latest/frameworks/F/executors/E/runs/ID/pids/forked.pid`.
    struct AgentTree {
        let runtime: String
        let work: String
        var config: String { "mesos: {runtimeDirectory: \(runtime), workDirectory: \(work)}" }

        init(root: String) throws {
            runtime = "\(root)/mesos-run"
            work = "\(root)/mesos-work"
            let meta = "\(work)/meta"
            try FileManager.default.createDirectory(atPath: "\(meta)/slaves/S0", withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(atPath: "\(meta)/slaves/latest", withDestinationPath: "\(meta)/slaves/S0")
            let boot = try String(contentsOfFile: "/proc/sys/kernel/random/boot_id", encoding: .utf8)
            try boot.write(toFile: "\(meta)/boot_id", atomically: true, encoding: .utf8)
        }

        func checkpoint(_ container: String, pid: Int32, writtenAt: Date? = nil) throws {
            let runtimePath = "\(runtime)/containers/\(container)"
            let run = "\(work)/meta/slaves/S0/frameworks/F0/executors/thermos-\(container)/runs/\(container)"
            for directory in [runtimePath, "\(run)/pids"] {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            }
            for file in ["\(runtimePath)/pid", "\(run)/pids/forked.pid"] {
                try "\(pid)".write(toFile: file, atomically: true, encoding: .utf8)
                if let writtenAt { try FileManager.default.setAttributes([.modificationDate: writtenAt], ofItemAtPath: file) }
            }
            try "".write(toFile: "\(runtimePath)/status", atomically: true, encoding: .utf8)
        }
    }

    static func prepare(_ sandbox: HostSandbox, _ id: String, _ task: String) throws -> String {
        let rootfs = try sandbox.rootfs(id)
        let result = try ProcessRunner.hook(
            ["prepare", "--container-id", id, "--rootfs", rootfs, task], environment: sandbox.environment)
        #expect(result.status == 0, "\(result.stderr)")
        return "\(rootfs)/data"
    }

    static func exitedPid() throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/true")
        try process.run()
        process.waitUntilExit()
        return process.processIdentifier
    }

    @Test func recoverKeepsTheLiveContainerReleasesTheDeadOneAndRefusesAnEmptyList() throws {
        let root = try TemporaryPath.directory("agent")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let tree = try AgentTree(root: root)
        let sandbox = try HostSandbox(extraConfig: tree.config)
        let task = try TaskBuilder.write([.init(name: "v", path: "/data")], in: sandbox.root)
        let live = Process()
        live.executableURL = URL(fileURLWithPath: "/bin/sleep")
        live.arguments = ["300"]
        try live.run()
        defer { live.terminate() }
        var binds: [String: String] = [:]
        for id in ["c1", "c2", "c3"] { binds[id] = try Self.prepare(sandbox, id, task) }
        try tree.checkpoint("c1", pid: live.processIdentifier)
        try tree.checkpoint("c2", pid: try Self.exitedPid())
        // c3's pid is a process started after the checkpoint: the pid was recycled.
        try tree.checkpoint("c3", pid: live.processIdentifier, writtenAt: Date().addingTimeInterval(-3600))

        let empty = "\(sandbox.root)/empty-live"
        try "".write(toFile: empty, atomically: true, encoding: .utf8)
        let refused = try ProcessRunner.hook(["recover", "--live-from", empty], environment: sandbox.environment)
        print("recover --live-from EMPTY: exit \(refused.status): \(refused.stderr)", terminator: "")
        #expect(refused.status == 65, "\(refused.stderr)")
        #expect(refused.stderr.split(separator: "\n").count == 1 && refused.stderr.contains("lists no container"))
        for id in ["c1", "c2", "c3"] { #expect(try MountTable.current().mountCount(at: binds[id] ?? "") == 1, "\(id)") }

        let recovered = try ProcessRunner.hook(["recover"], environment: sandbox.environment)
        print("recover: exit \(recovered.status)\n\(recovered.stdout)", terminator: "")
        #expect(recovered.status == 0, "\(recovered.stderr)")
        #expect(recovered.stdout.contains("released containers: c2, c3"), "\(recovered.stdout)")
        #expect(try MountTable.current().mountCount(at: binds["c1"] ?? "") == 1)
        #expect(try MountTable.current().mountCount(at: binds["c2"] ?? "") == 0)
        #expect(try MountTable.current().mountCount(at: binds["c3"] ?? "") == 0)
        #expect(sandbox.records("containers") == ["c1.json"])

        let none = try ProcessRunner.hook(["recover", "--no-live-containers"], environment: sandbox.environment)
        #expect(none.status == 0, "\(none.stderr)")
        #expect(none.stdout.contains("released containers: c1"), "\(none.stdout)")
        #expect(try sandbox.mounts().isEmpty)
    }
}
