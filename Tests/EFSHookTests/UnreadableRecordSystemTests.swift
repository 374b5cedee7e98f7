import Foundation
import Testing

@testable import HostLayer

/// A truncated container record with the real binary and real mounts: `status` and
/// `recover` report it and still cover everything else, then exit 1 naming it; `cleanup` of
/// that container moves it aside and releases what the mount table shows it held.
@Suite(.enabled(if: TestEnvironment.inPrivateMountNamespace, TestEnvironment.mountReason), .serialized)
struct UnreadableRecordSystemTests {
    @Test func oneTruncatedRecordStopsNothing() throws {
        let sandbox = try HostSandbox()
        let environment = sandbox.environment
        func hook(_ arguments: [String]) throws -> RunResult { try ProcessRunner.hook(arguments, environment: environment) }
        let shared = try TaskBuilder.write([.init(name: "shared", path: "/srv/a")], in: sandbox.root)
        let solo = try TaskBuilder.write([.init(name: "solo", path: "/srv/b")], in: sandbox.root)
        for (id, task) in [("bad", shared), ("good", shared), ("dead", solo)] {
            let result = try hook(["prepare", "--container-id", id, "--rootfs", try sandbox.rootfs(id), task])
            #expect(result.status == 0, "\(result.stderr)")
        }
        let record = "\(sandbox.stateDir)/containers/bad.json"
        let data = try Data(contentsOf: URL(fileURLWithPath: record))
        try data.prefix(data.count / 2).write(to: URL(fileURLWithPath: record))

        let status = try hook(["status", "--json"])
        #expect(status.status == 1)
        #expect(status.stderr.contains("unreadable container record(s): bad"), "\(status.stderr)")
        let report = (try? JSONSerialization.jsonObject(with: Data(status.stdout.utf8))) as? [String: Any]
        #expect(((report?["volumes"] as? [[String: Any]]) ?? []).compactMap { $0["name"] as? String }.sorted() == ["shared", "solo"])
        #expect(report?["unreadableRecords"] as? [String] == ["bad"])

        let recover = try hook(["recover", "--json", "--live", "good", "--live", "bad"])
        #expect(recover.status == 1 && recover.stderr.contains("bad"), "\(recover.stderr)")
        let reconciled = (try? JSONSerialization.jsonObject(with: Data(recover.stdout.utf8))) as? [String: Any]
        #expect(reconciled?["releasedContainers"] as? [String] == ["dead"], "\(recover.stdout)")
        #expect(!(try MountTable.current().isMountPoint("\(sandbox.mountRoot)/solo")), "the rest was reconciled")

        let cleanup = try hook(["cleanup", "--container-id", "bad"])
        #expect(cleanup.status == 0, "\(cleanup.stderr)")
        #expect(cleanup.stdout.contains("kept at \(record).unreadable"), "\(cleanup.stdout)")
        #expect(FileManager.default.fileExists(atPath: "\(record).unreadable"))
        let table = try MountTable.current()
        #expect(!table.isMountPoint("\(sandbox.root)/bad/rootfs/srv/a"), "its bind is released")
        #expect(table.isMountPoint("\(sandbox.root)/good/rootfs/srv/a") && table.isMountPoint("\(sandbox.mountRoot)/shared"))
        #expect(try hook(["status"]).status == 0)
        #expect(try hook(["cleanup", "--container-id", "good"]).status == 0)
        #expect(try sandbox.mounts().isEmpty)
    }
}
