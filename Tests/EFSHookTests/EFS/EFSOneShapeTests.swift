import Foundation
import Testing

// Issue 22: one name, one volume, cluster-wide. The resources a volume name resolves to say
// how they were provisioned (tag efs-hook:provisioning); another agent asking for the name in
// another shape is refused (exit 78, naming both) and nothing is created.
extension EFSProviderTests {
    @Test(
        "host A mounts uploads as its own file system; host B asks for uploads with provisioning=accessPoint: exit 78 naming both shapes, nothing created"
    )
    func aSecondShapeOfOneNameIsRefused() async throws {
        let t = try await Context("shape")
        let shared = try await t.moto.createFileSystem(token: "shared-\(t.cluster)").fileSystemId
        let a = try t.agent("agent-a")
        let b = try t.agent("agent-b", extraEFS: ["allowedFileSystemIds: [\(shared)]"])
        let first = try await a.prepare("c1", task: try t.task("uploads"))
        try #require(first.status == 0, "\(first.summary)")
        let own = try #require(try await t.moto.snapshot().owned(cluster: t.cluster, volume: "uploads").first)
        #expect(own.Tags["efs-hook:provisioning"] == "filesystem", "\(own.Tags)")

        try await t.proxy.reset()
        let before = try await t.moto.snapshot()
        let asked = try await b.prepare(
            "c2", task: try t.task("uploads", options: ["provisioning": "accessPoint", "fileSystemId": shared]))
        let stats = try await t.proxy.stats()
        print("[efs] uploads as an access point on B after A made it a file system: exit \(asked.status); \(stats)\n\(asked.stderr)")
        #expect(asked.status == 78, "\(asked.summary)")
        let line = asked.errorLines.last ?? ""
        #expect(line.contains("already exists in cluster \(t.cluster) as filesystem (file system \(own.FileSystemId))"), "\(line)")
        #expect(line.contains("asks for accessPoint fileSystemId=\(shared)"), "\(line)")
        #expect(stats.creates == 0, "nothing created: \(stats)")
        #expect(stats.total <= 3, "only describes: \(stats)")
        let after = try await t.moto.snapshot()
        #expect(after.fileSystem(shared)?.AccessPoints.isEmpty == true)
        #expect(after.fileSystems.count == before.fileSystems.count)
        #expect(try b.mounts().isEmpty && b.records("containers").isEmpty)
        #expect(try await a.cleanup("c1").status == 0)
    }
}
