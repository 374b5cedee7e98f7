import EFSHookTestSupport
import Foundation
import Testing

@testable import HostLayer

/// 64 concurrent processes prepare and clean up 200 containers sharing 4 volumes.
@Suite(.enabled(if: TestEnvironment.inPrivateMountNamespace, TestEnvironment.mountReason), .serialized)
struct StressTests {
    static let volumes = ["vol-a", "vol-b", "vol-c", "vol-d"]

    final class Tally: Sendable {
        private let state = Locked((failures: [String](), sampled: 0))
        var failures: [String] { state.current.failures }
        var sampled: Int { state.current.sampled }
        func fail(_ message: String) { state.withLock { $0.failures.append(message) } }
        func sample() { state.withLock { $0.sampled += 1 } }
    }

    @Test func concurrentPrepareAndCleanupConverge() async throws {
        let metrics = try TemporaryPath.directory("stress-metrics")
        defer { try? FileManager.default.removeItem(atPath: metrics) }
        let sandbox = try HostSandbox(extraConfig: "metrics:\n  textfileDirectory: \(metrics)")
        for volume in Self.volumes {
            try FileManager.default.createDirectory(atPath: "\(sandbox.localRoot)/\(volume)", withIntermediateDirectories: true)
            try volume.write(toFile: "\(sandbox.localRoot)/\(volume)/marker", atomically: true, encoding: .utf8)
        }
        var tasks: [(file: String, volumes: [String])] = []
        for index in 0..<4 {
            // Each task uses two of the four volumes, so the locks of different tasks overlap.
            let pair = [Self.volumes[index], Self.volumes[(index + 1) % 4]]
            tasks.append((try TaskBuilder.write(pair.map { .init(name: $0, path: "/mnt/\($0)") }, in: sandbox.root), pair))
        }
        let tally = Tally()
        let containers = 200
        let concurrency = 32  // each container runs prepare then cleanup: 64 processes in flight at peak
        let environment = sandbox.environment
        let taskFiles = tasks
        await withTaskGroup(of: Void.self) { group in
            var next = 0
            func launch() {
                let index = next
                next += 1
                group.addTask {
                    let task = taskFiles[index % 4]
                    Self.lifecycle(
                        index: index, task: task.file, volumes: task.volumes, sandbox: sandbox, environment: environment, tally: tally)
                }
            }
            for _ in 0..<min(concurrency * 2, containers) { launch() }
            while await group.next() != nil {
                if next < containers { launch() }
            }
        }
        #expect(tally.failures.isEmpty, "\(tally.failures.prefix(5))")
        #expect(tally.sampled == containers, "every prepared container was checked for its files")
        #expect(try sandbox.mounts().isEmpty, "no binds and no host mounts left")
        #expect(sandbox.records("containers").isEmpty)
        #expect(sandbox.records("mounts").isEmpty)
        print("stress: \(containers) containers, up to \(concurrency * 2) concurrent efs-hook processes, \(tally.sampled) sampled")
        // Every process folded its operation into the one textfile: no count is lost.
        let textfile = try String(contentsOfFile: "\(metrics)/efs-hook.prom", encoding: .utf8)
        for operation in ["prepare", "cleanup"] {
            let series = #"efs_hook_operations_total{front_end="cli",operation="\#(operation)",outcome="success"} "#
            let line = textfile.split(separator: "\n").first { $0.hasPrefix(series) }
            #expect(line.map { String($0.dropFirst(series.count)) } == "\(containers)", "\(operation): \(line ?? "no series")")
            let count = #"efs_hook_operation_duration_seconds_count{operation="\#(operation)"} "#
            #expect(textfile.contains("\n\(count)\(containers)\n"), "\(operation)'s duration count")
        }
        print("stress: textfile counts prepare and cleanup \(containers) each")
    }

    /// Prepares container `index` with `task`, checks that each of its `volumes` is bound at
    /// /mnt/VOLUME (a mount point showing that volume's files) and nothing else is, cleans up.
    static func lifecycle(
        index: Int, task: String, volumes: [String], sandbox: HostSandbox, environment: [String: String], tally: Tally
    ) {
        let id = "stress-\(index)"
        do {
            let rootfs = try sandbox.rootfs(id)
            let prepared = try ProcessRunner.hook(["prepare", "--container-id", id, "--rootfs", rootfs, task], environment: environment)
            guard prepared.status == 0 else { return tally.fail("\(id) prepare: \(prepared.stderr)") }
            let table = try MountTable.current()
            for volume in volumes {
                let bind = "\(rootfs)/mnt/\(volume)"
                guard FileManager.default.fileExists(atPath: bind) else { tally.fail("\(id): no \(bind)"); continue }
                guard table.isMountPoint(bind) else { tally.fail("\(id): \(bind) is not a mount point"); continue }
                let marker = try? String(contentsOfFile: "\(bind)/marker", encoding: .utf8)
                if marker != volume { tally.fail("\(id) does not see \(volume)'s files at \(bind) (marker: \(marker ?? "none"))") }
            }
            let present = Set((try? FileManager.default.contentsOfDirectory(atPath: "\(rootfs)/mnt")) ?? [])
            if present != Set(volumes) { tally.fail("\(id): /mnt holds \(present.sorted()), expected \(volumes)") }
            tally.sample()
            let cleaned = try ProcessRunner.hook(["cleanup", "--container-id", id], environment: environment)
            guard cleaned.status == 0 else { return tally.fail("\(id) cleanup: \(cleaned.stderr)") }
        } catch {
            tally.fail("\(id): \(error)")
        }
    }
}
