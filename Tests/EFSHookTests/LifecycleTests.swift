import Foundation
import Testing

@testable import HostLayer

/// prepare → cleanup with the real binary, the local provider and real mounts, inside the
/// private mount namespace `make test` runs the suite in.
@Suite(.enabled(if: TestEnvironment.inPrivateMountNamespace, TestEnvironment.mountReason), .serialized)
struct LifecycleTests {
    func prepare(_ sandbox: HostSandbox, _ id: String, rootfs: String, task: String, extra: [String] = []) throws -> RunResult {
        try ProcessRunner.hook(["prepare", "--container-id", id, "--rootfs", rootfs] + extra + [task], environment: sandbox.environment)
    }

    func cleanup(_ sandbox: HostSandbox, _ id: String) throws -> RunResult {
        try ProcessRunner.hook(["cleanup", "--container-id", id], environment: sandbox.environment)
    }

    @Test func twoContainersShareOneHostMountUntilTheLastOneGoes() throws {
        let sandbox = try HostSandbox()
        let task = try TaskBuilder.write([.init(name: "shared", path: "/srv/uploads")], in: sandbox.root)
        let r1 = try sandbox.rootfs("c1")
        let r2 = try sandbox.rootfs("c2")
        let hostMount = "\(sandbox.mountRoot)/shared"

        let first = try prepare(sandbox, "c1", rootfs: r1, task: task)
        #expect(first.status == 0, "\(first.stderr)")
        let second = try prepare(sandbox, "c2", rootfs: r2, task: task)
        #expect(second.status == 0, "\(second.stderr)")
        let summary = try JSONSerialization.jsonObject(with: Data(second.stdout.utf8)) as? [String: Any]
        let volumes = summary?["volumes"] as? [[String: Any]]
        #expect(volumes?.first?["reusedHostMount"] as? Bool == true)

        let table = try MountTable.current()
        #expect(table.mountCount(at: hostMount) == 1, "one host mount per volume")
        #expect(table.isMountPoint("\(r1)/srv/uploads"))
        #expect(table.isMountPoint("\(r2)/srv/uploads"))

        try "from c1".write(toFile: "\(r1)/srv/uploads/hello.txt", atomically: false, encoding: .utf8)
        #expect(try String(contentsOfFile: "\(r2)/srv/uploads/hello.txt", encoding: .utf8) == "from c1")

        let status = try ProcessRunner.hook(["status", "--json"], environment: sandbox.environment)
        #expect(status.status == 0)
        #expect(status.stdout.contains("\"containers\":[\"c1\",\"c2\"]"), "\(status.stdout)")

        #expect(try cleanup(sandbox, "c1").status == 0)
        let afterFirst = try MountTable.current()
        #expect(!afterFirst.isMountPoint("\(r1)/srv/uploads"))
        #expect(afterFirst.isMountPoint(hostMount), "c2 still uses the volume")
        #expect(try String(contentsOfFile: "\(r2)/srv/uploads/hello.txt", encoding: .utf8) == "from c1")

        #expect(try cleanup(sandbox, "c2").status == 0)
        #expect(try sandbox.mounts().isEmpty, "cleaning the last user unmounts everything")
        #expect(sandbox.records("containers").isEmpty)
        #expect(sandbox.records("mounts").isEmpty)
        #expect(
            try String(contentsOfFile: "\(sandbox.localRoot)/shared/hello.txt", encoding: .utf8) == "from c1",
            "data is never deleted")

        let again = try cleanup(sandbox, "c2")
        #expect(again.status == 0)
        #expect(again.stdout.contains("nothing to clean up"))
    }

    @Test func failingSecondVolumeLeavesNothingOfTheFirst() throws {
        let sandbox = try HostSandbox()
        let rootfs = try sandbox.rootfs("c1")
        try FileManager.default.createDirectory(atPath: "\(rootfs)/srv", withIntermediateDirectories: true)
        try "not a directory".write(toFile: "\(rootfs)/srv/blocked", atomically: false, encoding: .utf8)
        let task = try TaskBuilder.write(
            [.init(name: "alpha", path: "/srv/alpha"), .init(name: "beta", path: "/srv/blocked")], in: sandbox.root)
        let result = try prepare(sandbox, "c1", rootfs: rootfs, task: task)
        #expect(result.status != 0)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("not a directory"), "\(result.stderr)")
        #expect(try sandbox.mounts().isEmpty)
        #expect(sandbox.records("containers").isEmpty)
        #expect(sandbox.records("mounts").isEmpty)
    }

    @Test func readOnlyVolumeRefusesWrites() throws {
        let sandbox = try HostSandbox()
        let rootfs = try sandbox.rootfs("c1")
        let task = try TaskBuilder.write([.init(name: "ro", path: "/data", readOnly: true)], in: sandbox.root)
        #expect(try prepare(sandbox, "c1", rootfs: rootfs, task: task).status == 0)
        #expect(throws: (any Error).self) {
            try "x".write(toFile: "\(rootfs)/data/x", atomically: false, encoding: .utf8)
        }
        #expect(try cleanup(sandbox, "c1").status == 0)
        #expect(try sandbox.mounts().isEmpty)
    }

    @Test func prepareTwiceIsHarmless() throws {
        let sandbox = try HostSandbox()
        let rootfs = try sandbox.rootfs("c1")
        let task = try TaskBuilder.write([.init(name: "v", path: "/data")], in: sandbox.root)
        #expect(try prepare(sandbox, "c1", rootfs: rootfs, task: task).status == 0)
        #expect(try prepare(sandbox, "c1", rootfs: rootfs, task: task).status == 0)
        #expect(try MountTable.current().mountCount(at: "\(rootfs)/data") == 1)
        #expect(try cleanup(sandbox, "c1").status == 0)
        #expect(try sandbox.mounts().isEmpty)
    }

    @Test func launchInfoLeavesTheBindToMesos() throws {
        let sandbox = try HostSandbox()
        let rootfs = try sandbox.rootfs("c1")
        let task = try TaskBuilder.write([.init(name: "v", path: "/data", readOnly: true)], in: sandbox.root)
        let result = try prepare(sandbox, "c1", rootfs: rootfs, task: task, extra: ["--launch-info"])
        #expect(result.status == 0, "\(result.stderr)")
        let info = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        #expect(info?["clone_namespaces"] as? [Int] == [0x20000])
        let mounts = info?["mounts"] as? [[String: Any]]
        #expect(mounts?.count == 1)
        #expect(mounts?.first?["source"] as? String == "\(sandbox.mountRoot)/v")
        #expect(mounts?.first?["target"] as? String == "\(rootfs)/data")
        #expect(mounts?.first?["flags"] as? Int == 4096 | 16384 | 1)
        let table = try MountTable.current()
        #expect(table.isMountPoint("\(sandbox.mountRoot)/v"))
        #expect(!table.isMountPoint("\(rootfs)/data"))
        #expect(try cleanup(sandbox, "c1").status == 0)
        #expect(try sandbox.mounts().isEmpty)
    }

    @Test func symlinkInTheContainerPathIsRefused() throws {
        let sandbox = try HostSandbox()
        let rootfs = try sandbox.rootfs("c1")
        let outside = "\(sandbox.root)/outside"
        try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: "\(rootfs)/srv", withDestinationPath: outside)
        let task = try TaskBuilder.write([.init(name: "v", path: "/srv/data")], in: sandbox.root)
        let result = try prepare(sandbox, "c1", rootfs: rootfs, task: task)
        #expect(result.status == 65)
        #expect(result.stderr.contains("symlink"))
        #expect(try sandbox.mounts().isEmpty)
        #expect(!FileManager.default.fileExists(atPath: "\(outside)/data"))
    }

    @Test func recoverReleasesContainersFromAnEarlierBoot() throws {
        let sandbox = try HostSandbox()
        let task = try TaskBuilder.write([.init(name: "v", path: "/data")], in: sandbox.root)
        #expect(try prepare(sandbox, "old", rootfs: try sandbox.rootfs("old"), task: task).status == 0)
        #expect(try prepare(sandbox, "new", rootfs: try sandbox.rootfs("new"), task: task).status == 0)
        let path = "\(sandbox.stateDir)/containers/old.json"
        var record = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as! [String: Any]
        record["bootID"] = "00000000-0000-0000-0000-000000000000"
        try JSONSerialization.data(withJSONObject: record).write(to: URL(fileURLWithPath: path))
        let recovered = try ProcessRunner.hook(["recover", "--json"], environment: sandbox.environment)
        #expect(recovered.status == 0, "\(recovered.stderr)")
        #expect(recovered.stdout.contains("\"releasedContainers\":[\"old\"]"), "\(recovered.stdout)")
        #expect(sandbox.records("containers") == ["new.json"])
        #expect(try cleanup(sandbox, "new").status == 0)
        #expect(try sandbox.mounts().isEmpty)
    }
}
