import EFSHookTestSupport
import Foundation
import Testing

@testable import HostLayer

/// `efs-hook serve` as driver `rexray` (socket rexray.sock) with a real dockerd, against
/// moto: a volume REX-Ray made (boto3, libStorage's token and Name tag) is mounted by
/// `docker run -v NAME:/p --volume-driver rexray` with its files in view and the export's
/// root hidden. NFS stand-in: the TEST-ONLY Tests/Fixtures/bin/recording-mount with
/// EXPORTS_DIR (SOURCE is `HOST:/PATH` of an export directory per mount target IP).
///
/// Nested in DockerEngineTests, whose `.serialized` covers it: one Docker engine at a time.
extension DockerEngineTests {
    @Suite(MotoServerScope())
    struct REXRayAgainstMoto {
        @Test func dockerRunSeesAnExistingREXRayVolumesFiles() async throws {
            let port = try #require(MotoServerScope.port)
            let run = try await ProcessRunner.python("aws_moto_server.py", ["--subnets", "us-east-1", "--port", String(port)])
            try #require(run.status == 0, "\(run.stderr)")
            let network = try JSONDecoder().decode(DefaultNetwork.self, from: run.stdoutData)
            let subnet = try #require(network.subnets.first { $0.availabilityZone == "us-east-1a" })
            let volume = "mysql-\(UUID().uuidString.prefix(6).lowercased())"
            let made = try await MotoInspector(port: port).createREXRay(
                tag: "", name: volume, generation: "current", subnet: subnet.subnetId)
            let ip = try #require(made.mountTarget?.IpAddress)

            let sandbox = try HostSandbox()
            let exports = "\(sandbox.root)/exports"
            try FileManager.default.createDirectory(atPath: "\(exports)/\(ip)/data", withIntermediateDirectories: true)
            try "written under REX-Ray\n".write(toFile: "\(exports)/\(ip)/data/hello.txt", atomically: true, encoding: .utf8)
            try "root\n".write(toFile: "\(exports)/\(ip)/at-the-root.txt", atomically: true, encoding: .utf8)
            let records = "\(sandbox.root)/mount-calls"
            try FileManager.default.createDirectory(atPath: records, withIntermediateDirectories: true)
            let recordingMount = TestEnvironment.fixtures.appendingPathComponent("bin/recording-mount").path
            let mountCommand = [
                "/usr/bin/env", "RECORD_DIR=\(records)", "BACKING_DIR=\(sandbox.root)/unused", "EXPORTS_DIR=\(exports)", recordingMount,
            ]
            try """
            provider: efs
            drivers: [efs, rexray]
            stateDir: \(sandbox.stateDir)
            mountRoot: \(sandbox.mountRoot)
            efs:
              region: us-east-1
              endpoint: http://127.0.0.1:\(port)
              clusterTag: docker-rexray
              availabilityZone: us-east-1a
              subnetId: \(subnet.subnetId)
              mountCommand: [\(mountCommand.map { "\"\($0)\"" }.joined(separator: ", "))]
              waitTimeoutSeconds: 30
            """.write(toFile: sandbox.config, atomically: true, encoding: .utf8)
            let environment = motoEnvironment(config: sandbox.config)
            let plugins = "\(sandbox.root)/plugins"
            var daemon = try PluginDaemonProcess.start(socket: "\(plugins)/rexray.sock", environment: environment)
            defer { daemon.stop() }
            let engine = try DockerEngine(root: "\(sandbox.root)/docker", plugins: plugins)
            defer { engine.stop() }
            let image = try engine.importBusybox()

            let result = try engine.docker([
                "run", "--rm", "--volume-driver", "rexray", "-v", "\(volume):/p", image, "sh", "-c", "cat /p/hello.txt; ls -a /p",
            ])
            #expect(result.status == 0, "\(result.stderr)\n--- efs-hook serve:\n\(daemon.log.suffix(2000))")
            print("[rexray] docker run output:\n\(result.stdout)")
            #expect(result.stdout.hasPrefix("written under REX-Ray\n"), "\(result.stdout)")
            #expect(!result.stdout.contains("at-the-root.txt"), "the container sees /data, never the root")
            let listed = try engine.docker(["volume", "ls", "--format", "{{.Driver}} {{.Name}}"])
            #expect(listed.stdout.contains("rexray \(volume)"), "\(listed.stdout)")
            let argv = (try? String(contentsOfFile: "\(records)/1.argv", encoding: .utf8)) ?? ""
            #expect(argv.contains("\(ip):/\n"), "the root is mounted once to make sure data/ exists: \(argv)")
            let second = (try? String(contentsOfFile: "\(records)/2.argv", encoding: .utf8)) ?? ""
            #expect(second.contains("\(ip):/data\n"), "\(second)")

            // The agent's switch: dockerd still knows the volume by name (bound to driver
            // rexray, as under REX-Ray), efs-hook has never seen it. dockerd asks Get first.
            #expect(daemon.stop() == 0)
            try FileManager.default.removeItem(atPath: "\(sandbox.stateDir)/volumes")
            daemon = try PluginDaemonProcess.start(socket: "\(plugins)/rexray.sock", environment: environment)
            let known = try engine.docker(["run", "--rm", "-v", "\(volume):/p", image, "cat", "/p/hello.txt"])
            #expect(known.status == 0, "\(known.stderr)\n--- efs-hook serve:\n\(daemon.log.suffix(2000))")
            #expect(known.stdout == "written under REX-Ray\n", "\(known.stdout)")
            let unknown = try engine.docker(["volume", "inspect", "never-made-\(volume)"])
            #expect(unknown.status != 0, "a name EFS does not have is no REX-Ray volume: \(unknown.stdout)")
            engine.stop()
            #expect(daemon.stop() == 0)
        }
    }
}
