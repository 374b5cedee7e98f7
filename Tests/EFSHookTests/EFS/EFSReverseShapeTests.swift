import Foundation
import Testing

// Issue 22: one name, one volume, cluster-wide, the other way round from EFSOneShapeTests: a
// name host A made an access point on a shared file system is never given its own file system.
extension EFSProviderTests {
    @Test(
        "host A makes uploads an access point on the shared file system; host B asks for it as its own file system: exit 78 naming both, nothing created; the check costs calls only before a create"
    )
    func anAccessPointsNameIsNeverGivenItsOwnFileSystem() async throws {
        let t = try await Context("reverse")
        let shared = try await t.moto.createFileSystem(token: "shared-\(t.cluster)").fileSystemId
        let a = try t.agent("agent-a", extraEFS: ["provisioning: accessPoint", "fileSystemId: \(shared)"])
        let b = try t.agent("agent-b", extraEFS: ["allowedFileSystemIds: [\(shared)]"])
        let first = try await a.prepare("c1", task: try t.task("uploads"))
        try #require(first.status == 0, "\(first.summary)")
        let accessPoint = try #require(try await t.moto.snapshot().fileSystem(shared)?.AccessPoints.first?.AccessPointId)

        try await t.proxy.reset()
        let before = try await t.moto.snapshot()
        let asked = try await b.prepare("c2", task: try t.task("uploads"))
        let refused = try await t.proxy.stats()
        print("[efs] uploads as its own file system on B after A made it an access point: exit \(asked.status); \(refused)")
        #expect(asked.status == 78, "\(asked.summary)")
        let line = asked.errorLines.last ?? ""
        #expect(line.contains("as accessPoint fileSystemId=\(shared) (access point \(accessPoint))"), "\(line)")
        #expect(line.contains("asks for filesystem"), "\(line)")
        #expect(refused.creates == 0, "nothing created: \(refused)")
        #expect(try await t.moto.snapshot().fileSystems.count == before.fileSystems.count)
        #expect(try b.mounts().isEmpty && b.records("containers").isEmpty)

        // The cost: a cold launch of a new volume, and of one another agent made, with and without shared file systems.
        let c = try t.agent("agent-c")
        var figures: [String] = []
        for (agent, volume, what) in [(c, "fresh", "new, no shared"), (b, "fresh-b", "new, shared"), (b, "fresh", "existing, shared")] {
            try await t.proxy.reset()
            let result = try await agent.prepare("c-\(volume)", task: try t.task(volume))
            #expect(result.status == 0, "\(result.summary)")
            figures.append("\(what): \(try await t.proxy.stats())")
            #expect(try await agent.cleanup("c-\(volume)").status == 0)
        }
        print("[efs] cold launch calls: \(figures.joined(separator: "; "))")
        #expect(try await a.cleanup("c1").status == 0)
    }
}
