import EFSHookTestSupport
import Foundation
import Testing

@testable import EFSHookCLI
@testable import HostLayer

/// The isolator and dvdcli contracts, driven exactly as Mesos and its modules drive them.
@Suite(.enabled(if: TestEnvironment.inPrivateMountNamespace, TestEnvironment.mountReason), .serialized)
struct IsolatorContractTests {
    /// INPUT as criteo's module writes it: {container_id, container_config}, proto field names,
    /// built around the ContainerConfig fixture that mesos.interface encoded.
    func input(_ sandbox: HostSandbox, rootfs: String, nested: Bool) throws -> String {
        let fixture = TestEnvironment.fixtures.appendingPathComponent("tasks/container-config.json")
        var config = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: fixture)) as? [String: Any])
        config["rootfs"] = rootfs
        config["directory"] = "\(sandbox.root)/sandbox"
        let id: [String: Any] = nested ? ["value": "child", "parent": ["value": "parent"]] : ["value": "parent"]
        let path = "\(sandbox.root)/input-\(UUID().uuidString.prefix(6)).json"
        try JSONSerialization.data(withJSONObject: ["container_id": id, "container_config": config]).write(to: URL(fileURLWithPath: path))
        return path
    }

    func call(_ method: String, _ input: String, _ sandbox: HostSandbox) throws -> (RunResult, String, String) {
        let output = "\(sandbox.root)/out-\(method)"
        let error = "\(sandbox.root)/err-\(method)"
        let result = try ProcessRunner.hook(
            ["isolator", method, input, output, error], environment: sandbox.environment,
            stdin: try Data(contentsOf: URL(fileURLWithPath: input)))
        let out = (try? String(contentsOfFile: output, encoding: .utf8)) ?? "<missing>"
        let err = (try? String(contentsOfFile: error, encoding: .utf8)) ?? ""
        return (result, out, err)
    }

    /// OUTPUT and ERROR are written in place: a device stays a device (as root, replacing the
    /// file would have turned an operator's /dev/null into a regular file).
    @Test func outputFilesAreWrittenInPlaceNeverReplaced() throws {
        let sandbox = try HostSandbox()
        let input = try input(sandbox, rootfs: try sandbox.rootfs("c"), nested: false)
        let device = "\(sandbox.root)/null"
        // The null device, 1:3.
        #expect(mknod(device, S_IFCHR | 0o666, dev_t(0x103)) == 0, "mknod: \(errno)")
        let result = try ProcessRunner.hook(["isolator", "usage", input, device, device], environment: sandbox.environment)
        #expect(result.status == 0, "\(result.stderr)")
        var info = stat()
        #expect(stat(device, &info) == 0 && (info.st_mode & S_IFMT) == S_IFCHR, "OUTPUT was replaced")
        let link = "\(sandbox.root)/link"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "\(sandbox.root)/elsewhere")
        let linked = try ProcessRunner.hook(["isolator", "usage", input, link, "\(sandbox.root)/err"], environment: sandbox.environment)
        #expect(linked.status != 0, "an OUTPUT symlink is not followed")
        #expect(!FileManager.default.fileExists(atPath: "\(sandbox.root)/elsewhere"))
    }

    @Test(arguments: [false, true])
    func prepareReturnsLaunchInfoAndCleanupReleases(nested: Bool) throws {
        let sandbox = try HostSandbox()
        let rootfs = try sandbox.rootfs("c")
        let input = try input(sandbox, rootfs: rootfs, nested: nested)
        let (prepared, output, _) = try call("prepare", input, sandbox)
        #expect(prepared.status == 0, "\(prepared.stderr)")
        let info = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any]
        #expect(info?["clone_namespaces"] as? [Int] == [0x20000])
        let mounts = info?["mounts"] as? [[String: Any]] ?? []
        #expect(mounts.count == 1)
        #expect(mounts.first?["source"] as? String == "\(sandbox.mountRoot)/cc-data")
        #expect(mounts.first?["target"] as? String == "\(rootfs)/data")
        #expect(mounts.first?["flags"] as? Int == 4096 | 16384)
        #expect(try MountTable.current().isMountPoint("\(sandbox.mountRoot)/cc-data"))
        #expect(sandbox.records("containers") == [nested ? "parent.child.json" : "parent.json"])

        for method in ["isolate", "watch", "usage"] {
            let (result, out, _) = try call(method, input, sandbox)
            #expect(result.status == 0)
            #expect(out.isEmpty, "\(method) writes the empty output")
        }
        let (cleaned, _, _) = try call("cleanup", input, sandbox)
        #expect(cleaned.status == 0)
        #expect(try sandbox.mounts().isEmpty)
        #expect(sandbox.records("containers").isEmpty)
    }

    @Test func errorsGoToTheErrorFileWithANonZeroExit() throws {
        let sandbox = try HostSandbox()
        let bad = "\(sandbox.root)/bad.json"
        try
            #"{"container_id":{"value":"x"},"container_config":{"directory":"/s","command_info":{},"container_info":{"type":"MESOS","volumes":[{"container_path":"/a/../b","mode":"RW","source":{"type":"DOCKER_VOLUME","docker_volume":{"driver":"efs","name":"v"}}}]}}}"#
            .write(toFile: bad, atomically: true, encoding: .utf8)
        let (result, _, error) = try call("prepare", bad, sandbox)
        #expect(result.status == 65)
        #expect(error.contains("container path"), "\(error)")
        #expect(try sandbox.mounts().isEmpty)
    }
}

@Suite(.enabled(if: TestEnvironment.inPrivateMountNamespace, TestEnvironment.mountReason), .serialized)
struct DVDCLIContractTests {
    /// Run through a symlink named dvdcli, as the docker/volume isolator finds it on PATH.
    func dvdcli(_ sandbox: HostSandbox, _ arguments: [String]) throws -> RunResult {
        let link = "\(sandbox.root)/bin/dvdcli"
        if !FileManager.default.fileExists(atPath: link) {
            try FileManager.default.createDirectory(atPath: "\(sandbox.root)/bin", withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: TestEnvironment.binary)
        }
        return try ProcessRunner.run(link, arguments, environment: sandbox.environment)
    }

    @Test func twoMountsThenOneUnmountReleasesTheVolume() throws {
        let sandbox = try HostSandbox()
        let mount = ["mount", "--volumedriver=efs", "--volumename=shared", "--volumeopts=encrypted=true", "--volumeopts=backup=false"]
        let first = try dvdcli(sandbox, mount)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout == "\(sandbox.mountRoot)/shared\n", "stdout is only the host path")
        let reordered = ["mount", "--volumedriver=efs", "--volumename=shared", "--volumeopts=backup=false", "--volumeopts=encrypted=true"]
        let second = try dvdcli(sandbox, reordered)
        #expect(second.status == 0)
        #expect(second.stdout == first.stdout)
        #expect(try MountTable.current().mountCount(at: "\(sandbox.mountRoot)/shared") == 1)
        let unmount = try dvdcli(sandbox, ["unmount", "--volumedriver=efs", "--volumename=shared"])
        #expect(unmount.status == 0, "\(unmount.stderr)")
        #expect(try sandbox.mounts().isEmpty, "one unmount releases however many mounts came before")
        #expect(sandbox.records("containers").isEmpty)
        #expect(try dvdcli(sandbox, ["unmount", "--volumedriver=efs", "--volumename=shared"]).status == 0)
    }

    @Test func valuesWithCommasAndEqualsArriveIntact() throws {
        let invocation = try DVDCLICommand.parse([
            "mount", "--volumedriver=efs", "--volumename=v", "--volumeopts=kmsKeyId=a=b,c", "--explicitCreate=true",
        ])
        #expect(invocation.options.map(\.key) == ["kmsKeyId"])
        #expect(invocation.options.map(\.value) == ["a=b,c"])
        #expect(invocation.explicitCreate)
        let sandbox = try HostSandbox()
        let result = try dvdcli(sandbox, ["mount", "--volumedriver=efs", "--volumename=v", "--volumeopts=path=/a=b,c"])
        #expect(result.status == 65)
        // The failure's record is JSON: read its error line back (RunResult.errorLines).
        #expect(result.errorLines.joined().contains("path=\"/a=b,c\""), "the whole value reaches validation: \(result.stderr)")
        #expect(try sandbox.mounts().isEmpty)
    }

    @Test func otherDriversGoToTheRealDVDCLIOrFailClearly() throws {
        let sandbox = try HostSandbox()
        let refused = try dvdcli(sandbox, ["mount", "--volumedriver=rexray", "--volumename=v"])
        #expect(refused.status == 64)
        #expect(refused.stderr.contains("dvdcli.fallback"))
        let fake = "\(sandbox.root)/real-dvdcli"
        try "#!/bin/sh\necho \"real dvdcli: $*\"\n".write(toFile: fake, atomically: true, encoding: .utf8)
        chmod(fake, 0o755)
        try (String(contentsOfFile: sandbox.config, encoding: .utf8) + "\ndvdcli:\n  fallback: \(fake)\n")
            .write(toFile: sandbox.config, atomically: true, encoding: .utf8)
        let delegated = try dvdcli(sandbox, ["mount", "--volumedriver=rexray", "--volumename=v"])
        #expect(delegated.status == 0)
        #expect(delegated.stdout == "real dvdcli: mount --volumedriver=rexray --volumename=v\n")
    }
}
