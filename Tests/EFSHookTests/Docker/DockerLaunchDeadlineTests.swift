import EFSHookTestSupport
import Foundation
import Testing

@testable import HostLayer

/// The launch deadline through a real Docker engine: the fault proxy keeps a new mount target
/// `creating`, the plugin's Mount gives up on its own (Docker allows it 2 minutes) and its Err
/// reaches `docker run`; once the mount target is available the same `docker run` succeeds,
/// with one file system and one mount target in all. NFS stand-in: `efs.mountCommand` is the
/// TEST-ONLY Tests/Fixtures/bin/recording-mount (this kernel has no NFS client).
///
/// Nested in DockerEngineTests, whose `.serialized` covers it: one Docker engine at a time.
extension DockerEngineTests {
    /// The TEST-ONLY NFS stand-in for a sandbox: where it records its argv, the directory it
    /// bind-mounts in place of the export, and the `efs.mountCommand` that runs it.
    static func recordingMount(in sandbox: HostSandbox) throws -> (records: String, backing: String, mountCommand: [String]) {
        let records = "\(sandbox.root)/mount-calls"
        let backing = "\(sandbox.root)/efs-export"
        try FileManager.default.createDirectory(atPath: records, withIntermediateDirectories: true)
        let recordingMount = TestEnvironment.fixtures.appendingPathComponent("bin/recording-mount").path
        return (records, backing, ["/usr/bin/env", "RECORD_DIR=\(records)", "BACKING_DIR=\(backing)", recordingMount])
    }

    @Suite(EFSMotoScope())
    struct LaunchDeadline {
        @Test func aMountTargetStillCreatingFailsDockerRunWithTheErrAndTheRetrySucceeds() async throws {
            let stack = try EFSMotoScope.current()
            try await stack.proxy.clean()
            let cluster = EFSTestNames.cluster("docker-deadline")
            let sandbox = try HostSandbox()
            let (_, backing, mountCommand) = try DockerEngineTests.recordingMount(in: sandbox)
            // A short deadline keeps the test quick; the 100 s default is shown through dvdcli.
            let deadline = 15.0
            try """
            provider: efs
            stateDir: \(sandbox.stateDir)
            mountRoot: \(sandbox.mountRoot)
            lockTimeoutSeconds: 60
            launchDeadlineSeconds: \(Int(deadline))
            efs:
              region: us-east-1
              endpoint: \(stack.endpoint)
              clusterTag: \(cluster)
              availabilityZone: us-east-1a
              subnetId: \(try stack.subnet("us-east-1a"))
              mountCommand: [\(mountCommand.map { "\"\($0)\"" }.joined(separator: ", "))]
              waitTimeoutSeconds: 300
            """.write(toFile: sandbox.config, atomically: true, encoding: .utf8)
            let plugins = "\(sandbox.root)/plugins"
            let daemon = try PluginDaemonProcess.start(socket: "\(plugins)/efs.sock", environment: motoEnvironment(config: sandbox.config))
            defer { daemon.stop() }
            let engine = try DockerEngine(root: "\(sandbox.root)/docker", plugins: plugins)
            defer { engine.stop() }
            let image = try engine.importBusybox()

            let created = try engine.docker(["volume", "create", "-d", "efs", "slow"])
            try #require(created.status == 0, "\(created.stderr)")
            try await stack.proxy.setLimits(mountTargetCreatingSeconds: 3600)
            let started = Date()
            let failed = try engine.docker(["run", "--rm", "-v", "slow:/data", image, "true"])
            let took = Date().timeIntervalSince(started)
            print(
                "[docker] docker run, mount target creating, deadline \(Int(deadline)) s: exit \(failed.status) after \(String(format: "%.1f", took)) s: \(failed.stderr)"
            )
            #expect(failed.status != 0)
            #expect(took < deadline + 10, "Docker got the plugin's answer, not its own 2-minute timeout: \(took) s")
            let line = failed.stderr
            #expect(
                line.contains("volume \"slow\": mount target fsmt-") && line.contains("in us-east-1a still creating after")
                    && line.contains("AWS goes on creating it; retry the launch"),
                "the plugin's Err reaches docker run: \(line)\n--- efs-hook serve:\n\(daemon.log.suffix(2000))")
            #expect(try !MountTable.current().isMountPoint("\(sandbox.mountRoot)/slow"))
            #expect(sandbox.records("mounts").isEmpty, "nothing half-done")

            try await stack.proxy.setLimits(mountTargetCreatingSeconds: 0)
            let retried = try engine.docker(["run", "--rm", "-v", "slow:/data", image, "sh", "-c", "echo ok > /data/f"])
            #expect(retried.status == 0, "\(retried.stderr)\n--- efs-hook serve:\n\(daemon.log.suffix(2000))")
            #expect((try? String(contentsOfFile: "\(backing)/root/f", encoding: .utf8)) == "ok\n")
            let stats = try await stack.proxy.stats()
            print("[docker]   then the retry: exit \(retried.status); both runs: \(stats)")
            #expect(stats.succeeded("CreateFileSystem") == 1 && stats.succeeded("CreateMountTarget") == 1, "\(stats)")
            let owned = try await stack.moto.snapshot().owned(cluster: cluster)
            #expect(owned.count == 1 && owned.first?.MountTargets.count == 1, "\(owned.map(\.FileSystemId))")
            #expect(try engine.docker(["volume", "rm", "slow"]).status == 0)
            engine.stop()
            #expect(daemon.stop() == 0)
        }
    }
}
