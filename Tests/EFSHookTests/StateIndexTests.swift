import Foundation
import Testing

@testable import HostLayer

/// The per-volume user index (`users/VOLUME/CONTAINER`) that lets cleanup decide "last user?"
/// without reading every container record, and `recover`'s handling of what a kill or a
/// power loss can leave in it. Real binary, local provider, real mounts.
@Suite(.enabled(if: TestEnvironment.inPrivateMountNamespace, TestEnvironment.mountReason), .serialized)
struct StateIndexTests {
    func prepare(_ sandbox: HostSandbox, _ id: String, _ task: String) throws {
        let result = try ProcessRunner.hook(
            ["prepare", "--container-id", id, "--rootfs", try sandbox.rootfs(id), task], environment: sandbox.environment)
        #expect(result.status == 0, "\(result.stderr)")
    }

    func run(_ sandbox: HostSandbox, _ arguments: [String]) throws -> RunResult {
        try ProcessRunner.hook(arguments, environment: sandbox.environment)
    }

    func markers(_ sandbox: HostSandbox, _ volume: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: "\(sandbox.stateDir)/users/\(volume)")) ?? []).sorted()
    }

    @Test func eachUserHasAMarkerUntilItsCleanup() throws {
        let sandbox = try HostSandbox()
        let task = try TaskBuilder.write([.init(name: "v", path: "/data")], in: sandbox.root)
        try prepare(sandbox, "c1", task)
        try prepare(sandbox, "c2", task)
        #expect(markers(sandbox, "v") == ["c1", "c2"])
        #expect(try run(sandbox, ["cleanup", "--container-id", "c1"]).status == 0)
        #expect(markers(sandbox, "v") == ["c2"])
        #expect(try MountTable.current().isMountPoint("\(sandbox.mountRoot)/v"), "c2 still uses v")
        #expect(try run(sandbox, ["cleanup", "--container-id", "c2"]).status == 0)
        #expect(!FileManager.default.fileExists(atPath: "\(sandbox.stateDir)/users/v"))
        #expect(try sandbox.mounts().isEmpty)
    }

    @Test func stateFromBeforeTheIndexIsIndexedOnFirstUse() throws {
        let sandbox = try HostSandbox()
        let task = try TaskBuilder.write([.init(name: "v", path: "/data")], in: sandbox.root)
        try prepare(sandbox, "c1", task)
        try prepare(sandbox, "c2", task)
        try FileManager.default.removeItem(atPath: "\(sandbox.stateDir)/users")

        #expect(try run(sandbox, ["cleanup", "--container-id", "c1"]).status == 0)
        #expect(markers(sandbox, "v") == ["c2"], "built from the records, then c1's marker went")
        #expect(try MountTable.current().isMountPoint("\(sandbox.mountRoot)/v"), "c2's record still counts")
        #expect(try run(sandbox, ["cleanup", "--container-id", "c2"]).status == 0)
        #expect(try sandbox.mounts().isEmpty)
    }

    @Test func aStaleMarkerIsSkippedAndRecoverRemovesIt() throws {
        let sandbox = try HostSandbox()
        let task = try TaskBuilder.write([.init(name: "v", path: "/data")], in: sandbox.root)
        try prepare(sandbox, "c1", task)
        // What a prepare killed between writing its marker and its record leaves.
        FileManager.default.createFile(atPath: "\(sandbox.stateDir)/users/v/ghost", contents: nil)

        #expect(try run(sandbox, ["cleanup", "--container-id", "c1"]).status == 0)
        #expect(try sandbox.mounts().isEmpty, "a marker without a record is no user")
        let recovered = try run(sandbox, ["recover", "--json"])
        #expect(recovered.status == 0, "\(recovered.stderr)")
        #expect(recovered.stdout.contains("\"staleUserMarkers\":1"), "\(recovered.stdout)")
        #expect(markers(sandbox, "v").isEmpty)
    }

    @Test func recoverRemovesAnUnreadableRecordOnlyIfItPredatesThisBoot() throws {
        let sandbox = try HostSandbox()
        let task = try TaskBuilder.write([.init(name: "v", path: "/data")], in: sandbox.root)
        try prepare(sandbox, "c1", task)
        try #require(try run(sandbox, ["cleanup", "--container-id", "c1"]).status == 0)
        let record = "\(sandbox.stateDir)/containers/c1.json"
        // A container record is not fsynced; a power loss can leave it empty.
        FileManager.default.createFile(atPath: record, contents: Data())

        let refused = try run(sandbox, ["recover"])
        #expect(refused.status != 0, "written in this boot: corruption, not a power loss")
        #expect(refused.stderr.contains("corrupt"), "\(refused.stderr)")
        #expect(FileManager.default.fileExists(atPath: record))

        var times = [timeval(tv_sec: 86_400, tv_usec: 0), timeval(tv_sec: 86_400, tv_usec: 0)]
        try #require(utimes(record, &times) == 0)
        let recovered = try run(sandbox, ["recover", "--json"])
        #expect(recovered.status == 0, "\(recovered.stderr)")
        #expect(recovered.stdout.contains("\"releasedContainers\":[\"c1\"]"), "\(recovered.stdout)")
        #expect(!FileManager.default.fileExists(atPath: record))
    }
}
