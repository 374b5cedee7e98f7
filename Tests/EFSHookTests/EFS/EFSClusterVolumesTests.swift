import Foundation
import Testing

@testable import HostLayer

// Issue 22: Route A definitions come from the cluster's config. Two hosts (two state dirs)
// share one config with `volumes:`; whatever one host stored or a request asks, the name
// resolves to the config's resource, and a request for another shape is refused (exit 78).
extension EFSProviderTests {
    @Test(
        "two hosts with one config's volumes: both reach the config's access point; another shape by task, dvdcli or a stored definition: exit 78, nothing created"
    )
    func clusterVolumesWinOnEveryHost() async throws {
        let t = try await Context("volumes")
        let shared = try await t.moto.createFileSystem(token: "shared-\(t.cluster)").fileSystemId
        let hosts = try ["agent-a", "agent-b"].map { name in
            let agent = try t.agent(name, extraEFS: ["allowedFileSystemIds: [\(shared)]"])
            let config = try String(contentsOfFile: agent.configPath, encoding: .utf8)
            try (config + "\nvolumes:\n  uploads: {provisioning: accessPoint, fileSystemId: \(shared)}\n")
                .write(toFile: agent.configPath, atomically: true, encoding: .utf8)
            return agent
        }
        let (a, b) = (hosts[0], hosts[1])
        let first = try await a.prepare("c1", task: try t.task("uploads"))
        try #require(first.status == 0, "\(first.summary)")
        let accessPoints = try await t.moto.snapshot().fileSystem(shared)?.AccessPoints.map(\.AccessPointId) ?? []
        #expect(accessPoints.count == 1, "the config's shape, asked with no options: \(accessPoints)")

        try await t.proxy.reset()
        let before = try await t.moto.snapshot()
        let task = try await b.prepare("c2", task: try t.task("uploads", options: ["provisioning": "filesystem"]))
        let dvdcli = try await b.run(Self.dvdcli("mount", "uploads", ["--volumeopts=provisioning=filesystem"]))
        // A definition B stored before the config had `volumes:` (docker volume create -o provisioning=filesystem).
        try FileManager.default.createDirectory(atPath: "\(b.stateDir)/volumes", withIntermediateDirectories: true)
        try #"{"schemaVersion":1,"name":"uploads","options":{"provisioning":"filesystem"}}"#
            .write(toFile: "\(b.stateDir)/volumes/uploads.json", atomically: true, encoding: .utf8)
        let routeA = TaskBuilder.json([
            "name": "web", "task_id": ["value": "web-1"], "slave_id": ["value": "agent-1"],
            "container": [
                "type": "MESOS", "volumes": [["container_path": "/var/www/uploads", "host_path": b.hostMount("uploads"), "mode": "RW"]],
            ] as [String: Any],
        ])
        let routeATask = "\(t.area.root)/route-a-\(UUID().uuidString.prefix(8)).json"
        try routeA.write(to: URL(fileURLWithPath: routeATask))
        let stored = try await b.prepare("c3", task: routeATask)
        let stats = try await t.proxy.stats()
        print(
            "[efs] uploads asked as its own file system on B, config says access point: task \(task.status), dvdcli \(dvdcli.status), stored definition \(stored.status); \(stats)"
        )
        for (result, asker) in [
            (task, "this task"), (dvdcli, "this dvdcli request"),
            (stored, "this host's definition of it (\(b.stateDir)/volumes/uploads.json)"),
        ] {
            #expect(result.status == 78, "\(result.summary)")
            let line = result.errorLines.last ?? ""
            #expect(
                line.contains("defined by the cluster's config (volumes:) with fileSystemId=\(shared), provisioning=accessPoint"), "\(line)"
            )
            #expect(line.contains("\(asker) asks for provisioning=filesystem"), "\(line)")
        }
        #expect(stats.total == 0, "refused before any AWS call: \(stats)")
        let after = try await t.moto.snapshot()
        #expect(after.fileSystems.count == before.fileSystems.count)
        #expect(after.fileSystem(shared)?.AccessPoints.map(\.AccessPointId) == accessPoints)
        #expect(try b.mounts().isEmpty && b.records("containers").isEmpty)

        try FileManager.default.removeItem(atPath: "\(b.stateDir)/volumes/uploads.json")
        let plain = try await b.prepare("c2", task: try t.task("uploads"))
        #expect(plain.status == 0, "\(plain.summary)")
        #expect(try await t.moto.snapshot().fileSystem(shared)?.AccessPoints.map(\.AccessPointId) == accessPoints, "the same access point")
        #expect(try await b.cleanup("c2").status == 0)
        #expect(try await a.cleanup("c1").status == 0)
    }
}
