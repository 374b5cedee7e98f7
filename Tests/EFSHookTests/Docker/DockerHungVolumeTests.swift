import EFSHookTestSupport
import Foundation
import Testing

@testable import HostLayer

/// A real Docker engine while one volume's server stops answering: other volumes keep
/// working, the Unmount of the hung one returns within Docker's 1-minute limit, and
/// `/healthz` never stops answering.
///
/// Unreachable-server stand-in (TEST-ONLY; this kernel has no NFS client): with
/// `RECORD_DIR/fuse`, Tests/Fixtures/bin/recording-mount exports the volume through FUSE
/// (Debian's bindfs) and `kill -STOP` of that bindfs makes every request to it block, as a
/// hard NFS mount blocks on a server that is gone.
///
/// Nested in DockerEngineTests, whose `.serialized` covers it (one engine owns
/// /run/docker/plugins at a time).
extension DockerEngineTests {
    @Suite(
        .enabled(
            if: FileManager.default.isExecutableFile(atPath: "/usr/bin/bindfs"), "needs bindfs (scripts/install-test-deps installs it)"),
        EFSMotoScope())
    struct HungVolume {
        /// The docker client, killed after `seconds` so a hang fails the test instead of stalling it.
        func docker(_ engine: DockerEngine, _ arguments: [String], seconds: Int = 90) async throws -> (result: RunResult, seconds: Double) {
            let started = Date()
            let client = try #require(DockerEngine.client)
            let result = try await offPool {
                try ProcessRunner.run(
                    "/usr/bin/timeout", ["-s", "KILL", String(seconds), client, "-H", "unix://\(engine.apiSocket)"] + arguments,
                    environment: ["DOCKER_CONFIG": "\(engine.root)/cli"])
            }
            return (result, Date().timeIntervalSince(started))
        }

        // Every docker and efs-hook call is killed after 90 s; the limit catches anything else.
        @Test(.timeLimit(.minutes(5)))
        func anotherVolumeWorksWhileOneIsFrozen() async throws {
            let stack = try EFSMotoScope.current()
            try await stack.proxy.clean()
            let area = try HostSandbox()
            let agent = try EFSAgent(
                "docker", stack: stack, clusterTag: EFSTestNames.cluster("dockerhung"), backingDir: "\(area.root)/efs-data")
            _ = FileManager.default.createFile(atPath: "\(agent.recordDir)/fuse", contents: nil)
            let plugins = "\(agent.sandbox.root)/plugins"
            let metricsPort = try RawHTTP.freePort()
            let daemon = try PluginDaemonProcess.start(
                socket: "\(plugins)/efs.sock", environment: agent.environment(), metricsPort: metricsPort)
            defer { daemon.stop() }
            let engine = try DockerEngine(root: "\(agent.sandbox.root)/docker", plugins: plugins)
            defer { engine.stop() }
            let image = try engine.importBusybox()
            func expectOK(_ run: (result: RunResult, seconds: Double), _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
                #expect(
                    run.result.status == 0, "\(what): \(run.result.stderr)\n--- efs-hook serve:\n\(daemon.log.suffix(2000))",
                    sourceLocation: sourceLocation)
            }

            for volume in ["hung", "other"] {
                expectOK(try await docker(engine, ["volume", "create", "-d", "efs", volume]), "create \(volume)")
            }
            expectOK(try await docker(engine, ["run", "-d", "--name", "holder", "-v", "hung:/data", image, "sleep", "600"]), "run holder")
            let pidText = try String(contentsOfFile: "\(agent.recordDir)/bindfs-hung.pid", encoding: .utf8)
            let bindfs = try #require(Int32(pidText.trimmingCharacters(in: .whitespacesAndNewlines)))
            #expect(kill(bindfs, SIGSTOP) == 0)
            for _ in 0..<100 where FrozenServerTests.state(of: bindfs) != "T" { usleep(20_000) }
            #expect(FrozenServerTests.state(of: bindfs) == "T", "the stand-in server is stopped")
            // Runs before engine.stop and daemon.stop: both must be able to finish.
            defer { kill(bindfs, SIGCONT) }

            // The scrape probes every mounted volume (1 s deadline): the frozen one shows 0.
            let scraped = withinDeadline(10) { try? daemon.metrics() }
            #expect(scraped != nil, "a scrape with a frozen volume must answer")
            #expect(metricValue(scraped ?? "", #"efs_hook_volume_responsive{volume="hung"}"#) == 0, "\(scraped ?? "")")

            let health = HealthWatch(port: metricsPort)
            health.start()
            let other = try await docker(
                engine, ["run", "--rm", "-v", "other:/data", image, "sh", "-c", "echo ok > /data/f && cat /data/f"])
            print("docker run on another volume while one is frozen: exit \(other.result.status) after \(other.seconds) s")
            expectOK(other, "run on other")
            #expect(other.result.stdout == "ok\n" && other.seconds < 30)

            let removal = try await docker(engine, ["rm", "-f", "holder"])
            print("docker rm -f of the frozen volume's container (its Unmount): exit \(removal.result.status) after \(removal.seconds) s")
            expectOK(removal, "rm -f holder")
            #expect(removal.seconds < 60)
            let unmounts = daemon.log.split(separator: "\n").filter { $0.contains("unmounted volume from host") && $0.contains("hung") }
            #expect(!unmounts.isEmpty, "\(daemon.log.suffix(2000))")
            #expect(try !MountTable.current().isMountPoint(agent.hostMount("hung")))
            #expect(!agent.sandbox.records("containers").contains { $0.hasPrefix("@docker.") })

            let watched = health.stop()
            print(
                "/healthz while one volume was frozen: \(watched.answered) answers, \(watched.failed) failures, slowest \(watched.slowest) s"
            )
            #expect(watched.answered > 0 && watched.failed == 0 && watched.slowest < 10)
            let metrics = withinDeadline(10) { try? daemon.metrics() } ?? ""
            let stages = ["normal", "force", "detach"].compactMap { metricValue(metrics, "efs_hook_host_unmounts_total{stage=\"\($0)\"}") }
            #expect(stages.count == 3 && stages.reduce(0, +) >= 2, "hung and other were unmounted from the host\n\(metrics)")
        }
    }
}

/// Runs `body` on its own thread and waits at most `seconds`: nil if it has not returned by
/// then (it is abandoned, so a hung daemon cannot stall the test).
func withinDeadline<T: Sendable>(_ seconds: Double, _ body: @escaping @Sendable () -> T?) -> T? {
    let answer = DispatchSemaphore(value: 0)
    let box = Box<T>()
    Thread.detachNewThread {
        box.set(body())
        answer.signal()
    }
    return answer.wait(timeout: .now() + seconds) == .success ? box.value : nil
}

final class Box<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: T?
    func set(_ value: T?) { lock.withLock { stored = value } }
    var value: T? { lock.withLock { stored } }
}

/// Asks `/healthz` every 100 ms on its own thread, each ask bounded (one that takes over 10 s
/// counts as a failure), until `stop`.
final class HealthWatch: @unchecked Sendable {
    struct Summary { var answered = 0, failed = 0, slowest = 0.0 }
    let port: Int
    private let lock = NSLock()
    private var summary = Summary()
    private var running = true
    private let done = DispatchSemaphore(value: 0)

    init(port: Int) { self.port = port }

    func start() {
        Thread.detachNewThread { [self] in
            while lock.withLock({ running }) {
                let started = Date()
                let status = withinDeadline(10) { [port] in (try? RawHTTP.get(port: port, "/healthz"))?.status }
                let seconds = Date().timeIntervalSince(started)
                lock.withLock {
                    if status == 200 { summary.answered += 1 } else { summary.failed += 1 }
                    summary.slowest = max(summary.slowest, seconds)
                }
                usleep(100_000)
            }
            done.signal()
        }
    }

    func stop() -> Summary {
        lock.withLock { running = false }
        _ = done.wait(timeout: .now() + 15)
        return lock.withLock { summary }
    }
}
