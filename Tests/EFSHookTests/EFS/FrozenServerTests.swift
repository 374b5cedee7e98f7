import EFSHookTestSupport
import Foundation
import Testing

@testable import HostLayer

/// A volume whose server stops answering, with the real binary against moto.
///
/// Unreachable-server stand-in (TEST-ONLY; this kernel has no NFS client): with
/// `RECORD_DIR/fuse`, Tests/Fixtures/bin/recording-mount exports the backing directory
/// through FUSE (Debian's bindfs, no attribute or entry caching) instead of binding it, and
/// `kill -STOP` of that bindfs makes every request to the mount block, as a hard NFS mount
/// blocks on a server that is gone. FUSE is stricter than NFS (its statx asks the daemon
/// unless told not to), so what holds here holds on NFS with margin.
@Suite(
    "Frozen server: a hung volume never hangs efs-hook",
    .enabled(if: TestEnvironment.inPrivateMountNamespace, TestEnvironment.mountReason),
    .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/bindfs"), "needs bindfs (scripts/install-test-deps installs it)"),
    .serialized, EFSMotoScope())
struct FrozenServerTests {
    struct Context {
        let stack: EFSMotoStack
        let area: HostSandbox
        let agent: EFSAgent

        init() async throws {
            stack = try EFSMotoScope.current()
            try await stack.proxy.clean()
            area = try HostSandbox()
            agent = try EFSAgent("agent", stack: stack, clusterTag: EFSTestNames.cluster("frozen"), backingDir: "\(area.root)/efs-data")
            FileManager.default.createFile(atPath: "\(agent.recordDir)/fuse", contents: nil)
        }

        func task(_ name: String) throws -> String {
            try TaskBuilder.write([.init(name: name, path: "/srv/data")], in: area.root)
        }

        func bindfs(_ volume: String) throws -> Int32 {
            let text = try String(contentsOfFile: "\(agent.recordDir)/bindfs-\(volume).pid", encoding: .utf8)
            return Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
        }

        /// Runs efs-hook under `timeout -s KILL`, so a hang fails the test instead of stalling it.
        func run(_ arguments: [String]) async throws -> (result: RunResult, seconds: Double) {
            let environment = agent.environment()
            let started = Date()
            let result = try await offPool {
                try ProcessRunner.run(
                    "/usr/bin/timeout", ["-s", "KILL", "90", TestEnvironment.binary] + arguments, environment: environment,
                    inheritEnvironment: false)
            }
            return (result, Date().timeIntervalSince(started))
        }

        func prepare(_ container: String, _ task: String) async throws -> (result: RunResult, seconds: Double) {
            try await run(["prepare", "--container-id", container, "--rootfs", try agent.sandbox.rootfs(container), task])
        }
    }

    // Every efs-hook run is killed after 90 s; the limit catches anything else that blocks.
    @Test(
        "frozen FUSE export: a new container exits 75 fast, others work, status/doctor name it, cleanup completes, it mounts afresh",
        .timeLimit(.minutes(4)))
    func frozenExport() async throws {
        let t = try await Context()
        let agent = t.agent
        let hung = try t.task("hung")
        let other = try t.task("other")
        #expect(try await t.prepare("c1", hung).result.status == 0)
        #expect(try await t.prepare("c2", hung).result.status == 0)
        #expect(try await t.prepare("k1", other).result.status == 0)
        let bindfs = try t.bindfs("hung")
        try "kept\n".write(toFile: "\(agent.backingDir)/root/file", atomically: true, encoding: .utf8)
        #expect(kill(bindfs, SIGSTOP) == 0)
        // SIGSTOP takes effect asynchronously.
        for _ in 0..<100 where FrozenServerTests.state(of: bindfs) != "T" { usleep(20_000) }
        #expect(FrozenServerTests.state(of: bindfs) == "T", "the stand-in server is stopped")
        var resumed = false
        defer { if !resumed { kill(bindfs, SIGCONT) } }

        let refused = try await t.prepare("c3", hung)
        print("prepare on the frozen volume: exit \(refused.result.status) after \(refused.seconds) s")
        #expect(refused.result.status == 75, "\(refused.result.summary)")
        #expect(refused.seconds < 30)
        #expect(refused.result.errorLines.last?.contains("volume hung: not responding (server ") == true, "\(refused.result.errorLines)")
        #expect(refused.result.errorLines.last?.hasSuffix("; the container was not started on it") == true)

        let otherPrepare = try await t.prepare("k2", other)
        let otherCleanup = try await t.run(["cleanup", "--container-id", "k2"])
        print("other volume while one is frozen: prepare \(otherPrepare.seconds) s, cleanup \(otherCleanup.seconds) s")
        #expect(otherPrepare.result.status == 0 && otherCleanup.result.status == 0, "\(otherPrepare.result.summary)")
        // Bounds, not timings: a run blocked on the frozen volume would be killed at 90 s.
        // scripts/run-tests runs this suite alone; the margins absorb a slow machine.
        #expect(otherPrepare.seconds < 30 && otherCleanup.seconds < 30, "not blocked on the frozen volume")

        let status = try await t.run(["status", "--json"])
        print("status --json with a frozen volume: \(status.seconds) s")
        #expect(status.result.status == 0 && status.seconds < 10, "\(status.result.summary)")
        let volumes = (status.result.json?["volumes"] as? [[String: Any]]) ?? []
        let responsive = Dictionary(uniqueKeysWithValues: volumes.map { ($0["name"] as? String ?? "?", $0["responsive"] as? Bool) })
        #expect(responsive == ["hung": false, "other": true], "\(status.result.stdout)")

        let doctor = try await t.run(["doctor"])
        #expect(doctor.result.status == 1)
        #expect(doctor.result.stdout.contains("FAIL volume hung: not responding"), "\(doctor.result.stdout)")
        #expect(doctor.result.stdout.contains("OK   volume other:"), "\(doctor.result.stdout)")

        // A reader stuck in the frozen volume keeps it busy, as an application blocked on a
        // hard mount does: the last cleanup cannot unmount it normally and must detach it.
        let reader = Process()
        reader.executableURL = URL(fileURLWithPath: "/bin/cat")
        reader.arguments = ["\(agent.hostMount("hung"))/file"]
        reader.standardOutput = FileHandle.nullDevice
        try reader.run()
        defer { kill(reader.processIdentifier, SIGKILL) }
        for container in ["c1", "c2"] {
            let cleanup = try await t.run(["cleanup", "--container-id", container, "--log-level", "info"])
            let stages = cleanup.result.logRecords.compactMap { $0["stage"] }
            print("cleanup of \(container) on the frozen volume: exit \(cleanup.result.status) after \(cleanup.seconds) s \(stages)")
            #expect(cleanup.result.status == 0 && cleanup.seconds < 30, "\(cleanup.result.summary)")
            if container == "c2" { #expect(stages.contains("detach"), "\(cleanup.result.stderr)") }
        }
        let left = try agent.mounts()
        #expect(!left.contains(agent.hostMount("hung")), "\(left)")
        #expect(!left.contains { $0.hasPrefix("\(agent.sandbox.root)/c1/") || $0.hasPrefix("\(agent.sandbox.root)/c2/") }, "\(left)")
        #expect(!agent.records("containers").contains { $0.hasPrefix("c") })
        #expect(!agent.records("mounts").contains("hung.json"))

        kill(bindfs, SIGCONT)
        resumed = true
        let again = try await t.prepare("c4", hung)
        #expect(again.result.status == 0, "\(again.result.summary)")
        #expect(FrozenServerTests.reused(again.result) == false, "mounted afresh")
        let seen = try? String(contentsOfFile: agent.containerPath("c4", "/srv/data/file"), encoding: .utf8)
        #expect(seen == "kept\n")

        for container in ["c4", "k1"] { #expect(try await t.run(["cleanup", "--container-id", container]).result.status == 0) }
        #expect(try agent.mounts().isEmpty)
    }

    /// The process state letter from /proc/PID/stat ("T" stopped), nil if it is gone.
    static func state(of pid: Int32) -> String? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return nil }
        return stat[stat.index(close, offsetBy: 2)...].split(separator: " ").first.map(String.init)
    }

    static func reused(_ result: RunResult) -> Bool? {
        ((result.json?["volumes"] as? [[String: Any]])?.first)?["reusedHostMount"] as? Bool
    }
}
