import Foundation
import Testing

@testable import HostLayer

/// A real Docker engine uses `efs-hook serve` as its `efs` volume driver: create, inspect,
/// run containers (two at once on one volume), refuse removal while in use, survive a
/// restart of the plugin daemon, and count it all in /metrics.
@Suite(
    .enabled(if: TestEnvironment.inPrivateMountNamespace, TestEnvironment.mountReason),
    .enabled(if: DockerEngine.available, DockerEngine.unavailableReason), .serialized)
struct DockerEngineTests {
    /// Runs docker and expects success, showing both daemons' logs when it fails.
    @discardableResult
    func docker(
        _ engine: DockerEngine, _ daemon: PluginDaemonProcess, _ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> RunResult {
        let result = try engine.docker(arguments)
        #expect(
            result.status == 0,
            "docker \(arguments.joined(separator: " ")): \(result.stderr)\n--- dockerd:\n\(engine.log.suffix(1500))\n--- efs-hook serve:\n\(daemon.log.suffix(1500))",
            sourceLocation: sourceLocation)
        return result
    }

    func dockerHolders(_ sandbox: HostSandbox) -> [String] {
        sandbox.records("containers").filter { $0.hasPrefix("@docker.") }.sorted()
    }

    @Test func dockerRunsContainersOnEFSHookVolumes() throws {
        let sandbox = try HostSandbox()
        let plugins = "\(sandbox.root)/plugins"
        let socket = "\(plugins)/efs.sock"
        let metricsPort = try RawHTTP.freePort()
        var daemon = try PluginDaemonProcess.start(socket: socket, environment: sandbox.environment, metricsPort: metricsPort)
        defer { daemon.stop() }
        // Declared after the daemon, so it stops first: dockerd's last Unmounts still reach efs-hook.
        let engine = try DockerEngine(root: "\(sandbox.root)/docker", plugins: plugins)
        defer { engine.stop() }
        let image = try engine.importBusybox()
        let mountPoint = "\(sandbox.mountRoot)/webdata"

        // create, ls, inspect
        #expect(try docker(engine, daemon, ["volume", "create", "-d", "efs", "-o", "encrypted=true", "webdata"]).stdout == "webdata\n")
        let listed = try docker(engine, daemon, ["volume", "ls", "--format", "{{.Driver}} {{.Name}}"]).stdout
        #expect(listed.split(separator: "\n").contains("efs webdata"), "\(listed)")
        let inspected = try docker(engine, daemon, ["volume", "inspect", "webdata"]).stdout
        let volume = (try JSONSerialization.jsonObject(with: Data(inspected.utf8)) as? [[String: Any]])?.first
        #expect(volume?["Driver"] as? String == "efs", "\(inspected)")
        #expect(volume?["Scope"] as? String == "global", "\(inspected)")
        let status = volume?["Status"] as? [String: Any]
        #expect((status?["options"] as? [String: String])?["encrypted"] == "true", "\(inspected)")
        #expect(sandbox.records("volumes") == ["webdata.json"])

        // A container writes; the data lands in the volume; nothing stays mounted afterwards.
        try docker(engine, daemon, ["run", "--rm", "-v", "webdata:/data", image, "sh", "-c", "echo hi > /data/f"])
        #expect((try? String(contentsOfFile: "\(sandbox.localRoot)/webdata/f", encoding: .utf8)) == "hi\n")
        #expect(try !MountTable.current().isMountPoint(mountPoint))
        #expect(dockerHolders(sandbox).isEmpty)

        // Two containers on one volume at once: a long-running one, and one that reads and writes.
        try docker(engine, daemon, ["run", "-d", "--name", "holder", "-v", "webdata:/data", image, "sleep", "600"])
        #expect(dockerHolders(sandbox).count == 1)
        let read = try docker(
            engine, daemon, ["run", "--rm", "-v", "webdata:/data", image, "sh", "-c", "cat /data/f; echo second > /data/g"])
        #expect(read.stdout == "hi\n")
        #expect((try? String(contentsOfFile: "\(sandbox.localRoot)/webdata/g", encoding: .utf8)) == "second\n")
        #expect(try MountTable.current().mountCount(at: mountPoint) == 1, "still held by the long-running container")
        #expect(dockerHolders(sandbox).count == 1)
        let seen = try docker(engine, daemon, ["exec", "holder", "cat", "/data/g"])
        #expect(seen.stdout == "second\n")

        // Removal is refused while in use: by Docker, and by the plugin itself.
        let refused = try engine.docker(["volume", "rm", "webdata"])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("in use"), "\(refused.stderr)")
        let direct = try daemon.post("/VolumeDriver.Remove", #"{"Name":"webdata"}"#)
        #expect(direct.status == 500 && (direct.err ?? "").contains("in use on this host"), "\(direct)")

        // The one-shot commands see Docker's holder.
        let hookStatus = try ProcessRunner.hook(["status", "--json"], environment: sandbox.environment)
        #expect(hookStatus.stdout.contains("\"@docker."), "\(hookStatus.stdout)")

        // Restart the plugin daemon while the container holds the volume.
        #expect(daemon.stop() == 0)
        #expect(try MountTable.current().isMountPoint(mountPoint), "a stopped daemon keeps mounts")
        #expect(dockerHolders(sandbox).count == 1, "and its holders")
        daemon = try PluginDaemonProcess.start(socket: socket, environment: sandbox.environment, metricsPort: metricsPort)
        let again = try docker(engine, daemon, ["run", "--rm", "-v", "webdata:/data", image, "cat", "/data/g"])
        #expect(again.stdout == "second\n")
        #expect(try MountTable.current().mountCount(at: mountPoint) == 1)
        #expect(dockerHolders(sandbox).count == 1)

        // The holder mounted before the restart is released by the new daemon: counts survived.
        try docker(engine, daemon, ["rm", "-f", "holder"])
        #expect(try !MountTable.current().isMountPoint(mountPoint))
        #expect(dockerHolders(sandbox).isEmpty)

        // Now removal works; the data is retained (reclaim defaults to retain).
        try docker(engine, daemon, ["volume", "rm", "webdata"])
        #expect(!(try docker(engine, daemon, ["volume", "ls", "-q"]).stdout.contains("webdata")))
        #expect(sandbox.records("volumes").isEmpty)
        #expect(FileManager.default.fileExists(atPath: "\(sandbox.localRoot)/webdata/f"))

        // Docker creates a volume it does not know implicitly, with no options.
        let implicit = try docker(
            engine, daemon, ["run", "--rm", "--volume-driver", "efs", "-v", "scratch:/scratch", image, "sh", "-c", "echo x > /scratch/x"])
        #expect(implicit.status == 0)
        #expect(FileManager.default.fileExists(atPath: "\(sandbox.localRoot)/scratch/x"))
        try docker(engine, daemon, ["volume", "rm", "scratch"])

        // What the restarted daemon answered, in /metrics.
        let metrics = try daemon.metrics()
        for endpoint in ["VolumeDriver.Get", "VolumeDriver.Create", "VolumeDriver.Mount", "VolumeDriver.Unmount", "VolumeDriver.Remove"] {
            let value = metricValue(metrics, "efs_hook_plugin_requests_total{endpoint=\"\(endpoint)\",outcome=\"ok\"}") ?? 0
            #expect(value > 0, "\(endpoint): \(value)\n\(metrics)")
        }
        #expect((metricValue(metrics, #"efs_hook_plugin_mount_duration_seconds_count{outcome="ok"}"#) ?? 0) >= 2)
        #expect((metricValue(metrics, #"efs_hook_plugin_unmount_duration_seconds_count{outcome="ok"}"#) ?? 0) >= 3)
        #expect(metricValue(metrics, "efs_hook_plugin_mounts_held") == 0)
        #expect(try RawHTTP.get(port: metricsPort, "/healthz").status == 200)

        engine.stop()
        #expect(daemon.stop() == 0)
        #expect(!FileManager.default.fileExists(atPath: socket))
    }
}
