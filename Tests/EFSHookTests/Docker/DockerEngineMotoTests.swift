import AWSClient
import EFSHookCore
import EFSHookTestSupport
import EFSVolumes
import Foundation
import Testing

@testable import HostLayer

/// The same Docker flow with `provider: efs` against moto: `docker volume create` and
/// `docker run` provision a real (moto) file system and mount target, `docker volume rm`
/// with reclaim=delete deletes them, and /metrics counts the EFS API calls. This kernel has
/// no NFS client, so `efs.mountCommand` is the TEST-ONLY Tests/Fixtures/bin/recording-mount,
/// which records its argv and bind-mounts a local directory in place of the NFS export.
///
/// Nested in DockerEngineTests, whose `.serialized` covers it: only one Docker engine may own
/// /run/docker/plugins in this process's mount namespace at a time.
extension DockerEngineTests {
    @Suite(MotoServerScope())
    struct AgainstMoto {
        static let region = "us-east-1"

        func network(port: Int) async throws -> DefaultNetwork {
            let run = try await ProcessRunner.python("aws_moto_server.py", ["--subnets", Self.region, "--port", String(port)])
            try #require(run.status == 0, "\(run.stderr)")
            return try JSONDecoder().decode(DefaultNetwork.self, from: run.stdoutData)
        }

        func fileSystems(port: Int, creationToken: String) async throws -> [FileSystemDescription] {
            let client = try EFSClient(
                environment: isolatedEnvironment([
                    "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_REGION": Self.region,
                    "AWS_ENDPOINT_URL_EFS": "http://127.0.0.1:\(port)",
                ]))
            let result = await Result(catching: { try await client.fileSystems(creationToken: creationToken, pageSize: nil) })
            await client.shutdown()
            return try result.get()
        }

        @Test func dockerRunOnAnEFSVolumeAgainstMoto() async throws {
            let port = try #require(MotoServerScope.port)
            let subnet = try #require(try await network(port: port).subnets.first { $0.availabilityZone == "us-east-1a" })
            let clusterTag = "docker-\(UUID().uuidString.prefix(8).lowercased())"
            let sandbox = try HostSandbox()
            let (records, backing, mountCommand) = try DockerEngineTests.recordingMount(in: sandbox)
            try """
            provider: efs
            stateDir: \(sandbox.stateDir)
            mountRoot: \(sandbox.mountRoot)
            lockTimeoutSeconds: 60
            efs:
              region: \(Self.region)
              endpoint: http://127.0.0.1:\(port)
              clusterTag: \(clusterTag)
              availabilityZone: us-east-1a
              subnetId: \(subnet.subnetId)
              mountCommand: [\(mountCommand.map { "\"\($0)\"" }.joined(separator: ", "))]
              waitTimeoutSeconds: 30
            """.write(toFile: sandbox.config, atomically: true, encoding: .utf8)
            let environment = motoEnvironment(config: sandbox.config)

            let plugins = "\(sandbox.root)/plugins"
            let metricsPort = try RawHTTP.freePort()
            let daemon = try PluginDaemonProcess.start(socket: "\(plugins)/efs.sock", environment: environment, metricsPort: metricsPort)
            defer { daemon.stop() }
            let engine = try DockerEngine(root: "\(sandbox.root)/docker", plugins: plugins)
            defer { engine.stop() }
            let image = try engine.importBusybox()
            func docker(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> RunResult {
                let result = try engine.docker(arguments)
                #expect(
                    result.status == 0,
                    "docker \(arguments.joined(separator: " ")): \(result.stderr)\n--- efs-hook serve:\n\(daemon.log.suffix(2000))",
                    sourceLocation: sourceLocation)
                return result
            }

            _ = try docker(["volume", "create", "-d", "efs", "-o", "reclaim=delete", "-o", "throughputMode=elastic", "shared-efs"])
            _ = try docker(["run", "--rm", "-v", "shared-efs:/data", image, "sh", "-c", "echo from-docker > /data/f"])
            #expect((try? String(contentsOfFile: "\(backing)/root/f", encoding: .utf8)) == "from-docker\n")
            #expect(try !MountTable.current().isMountPoint("\(sandbox.mountRoot)/shared-efs"))

            // One file system for the volume, tagged and found by its creation token, mounted over NFS 4.1.
            let token = EFSNaming(clusterTag: clusterTag).creationToken(volume: "shared-efs")
            let created = try await fileSystems(port: port, creationToken: token)
            #expect(created.count == 1, "file systems with token \(token): \(created.map(\.fileSystemId))")
            #expect(created.first?.throughputMode == .elastic)
            let calls = ((try? FileManager.default.contentsOfDirectory(atPath: records)) ?? []).filter { $0.hasSuffix(".argv") }
            #expect(calls.count == 1)
            let argv = (try? String(contentsOfFile: "\(records)/1.argv", encoding: .utf8)) ?? ""
            #expect(argv.contains("nfsvers=4.1"), "\(argv)")

            // reclaim=delete: docker volume rm deletes the file system.
            _ = try docker(["volume", "rm", "shared-efs"])
            #expect(try await fileSystems(port: port, creationToken: token).isEmpty)

            let metrics = try daemon.metrics()
            for operation in ["CreateFileSystem", "CreateMountTarget", "DeleteFileSystem"] {
                let value = metricValue(metrics, "efs_hook_aws_api_calls_total{operation=\"\(operation)\",outcome=\"success\"}") ?? 0
                #expect(value >= 1, "\(operation)\n\(metrics)")
            }
            #expect((metricValue(metrics, #"efs_hook_aws_api_call_duration_seconds_count{operation="CreateFileSystem"}"#) ?? 0) >= 1)
            #expect(metrics.contains("efs_hook_plugin_mount_duration_seconds_count"))
            engine.stop()
            #expect(daemon.stop() == 0)
        }
    }
}
