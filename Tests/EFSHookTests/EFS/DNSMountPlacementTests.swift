import EFSHookTestSupport
import Foundation
import Testing

/// A static volume mounted by DNS name with no API call (`efs.mountTarget: dns`), through
/// mount.efs (`tls`): the recorded argv carries the zone and region efs-hook knows, so mount.efs
/// needs no instance metadata; knowing neither, the launch says in one line what to set. The
/// endpoint is a closed port and instance metadata is disabled: any call would fail the launch.
@Suite(.enabled(if: TestEnvironment.inPrivateMountNamespace, TestEnvironment.mountReason), .serialized)
struct DNSMountPlacementTests {
    static let fileSystem = "fs-0123456789abcdef0"

    func prepare(zone: String?) throws -> (RunResult, options: [String]) {
        let sandbox = try HostSandbox()
        let records = "\(sandbox.root)/mount-calls"
        let backing = "\(sandbox.root)/backing"
        for path in [records, "\(backing)/root"] {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        }
        let recordingMount = TestEnvironment.fixtures.appendingPathComponent("bin/recording-mount").path
        let yaml = """
            provider: efs
            stateDir: \(sandbox.stateDir)
            mountRoot: \(sandbox.mountRoot)
            efs:
              endpoint: http://127.0.0.1:9
              clusterTag: dns-placement
              mountTarget: dns
              allowedFileSystemIds: [\(Self.fileSystem)]
              mountCommand: ["/usr/bin/env", "RECORD_DIR=\(records)", "BACKING_DIR=\(backing)", "\(recordingMount)"]
            \(zone.map { "  availabilityZone: \($0)" } ?? "")
            """
        try yaml.write(toFile: sandbox.config, atomically: true, encoding: .utf8)
        let task = try TaskBuilder.write(
            [.init(name: "given", path: "/g", options: ["provisioning": "static", "fileSystemId": Self.fileSystem, "tls": "true"])],
            in: sandbox.root)
        let result = try ProcessRunner.hook(
            ["prepare", "--container-id", "c1", "--rootfs", try sandbox.rootfs("c1"), task],
            environment: isolatedEnvironment([
                "EFS_HOOK_CONFIG": sandbox.config, "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
            ]), inheritEnvironment: false)
        let argv = ((try? String(contentsOfFile: "\(records)/1.argv", encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
        let options = argv.firstIndex(of: "-o").map { argv[argv.index(after: $0)].split(separator: ",").map(String.init) } ?? []
        _ = try ProcessRunner.hook(["cleanup", "--container-id", "c1"], environment: ["EFS_HOOK_CONFIG": sandbox.config])
        return (result, options)
    }

    @Test func theConfiguredZoneAndItsRegionReachMountEFS() throws {
        let (result, options) = try prepare(zone: "us-west-2b")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(options.contains("az=us-west-2b") && options.contains("region=us-west-2"), "\(options)")
        #expect(!result.stderr.contains("efs.availabilityZone"), "\(result.stderr)")
    }

    @Test func knowingNeitherTheLaunchSaysInOneLineWhatToSet() throws {
        let (result, options) = try prepare(zone: nil)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(options.contains("tls") && !options.contains { $0.hasPrefix("az=") || $0.hasPrefix("region=") }, "\(options)")
        let lines = result.stderr.split(separator: "\n").filter { $0.contains("set efs.availabilityZone and efs.region") }
        #expect(lines.count == 1, "\(result.stderr)")
    }
}
