import Foundation
import Testing

@testable import HostLayer

// 4: provisioning=accessPoint and provisioning=static; 5: reclaim.
extension EFSProviderTests {
    @Test("accessPoint: one tagged access point with the uid/gid/path asked for, mounted with -t efs; a second agent reuses it")
    func accessPointCreatedOnceAndReused() async throws {
        let t = try await Context("ap")
        // A file system efs-hook did not create, without a mount target yet.
        let fileSystem = try await t.moto.createFileSystem(token: "shared-\(t.cluster)").fileSystemId
        let options = ["provisioning": "accessPoint", "fileSystemId": fileSystem, "uid": "1000", "gid": "1000", "path": "/app-data/app"]
        let task = try t.task("app-data", options: options)
        // Not efs-hook's: allowed by configuration only (the safe defaults refuse it otherwise).
        let agentA = try t.agent("agent-a", extraEFS: ["allowedFileSystemIds: [\(fileSystem)]"])
        let agentB = try t.agent("agent-b", extraEFS: ["allowedFileSystemIds: [\(fileSystem)]"])

        let first = try await agentA.prepare("c1", task: task)
        try #require(first.status == 0, "\(first.summary)")
        let stats = try await t.proxy.stats()
        print("[efs] accessPoint cold prepare: \(stats)")
        #expect(stats.count("CreateAccessPoint") == 1)
        #expect(stats.count("CreateFileSystem") == 0)

        let state = try #require(try await t.moto.snapshot().fileSystem(fileSystem))
        try #require(state.AccessPoints.count == 1, "\(state.AccessPoints.map(\.AccessPointId))")
        let accessPoint = state.AccessPoints[0]
        #expect(accessPoint.PosixUser == MotoInspector.PosixUser(Uid: 1000, Gid: 1000))
        #expect(accessPoint.RootDirectory?.Path == "/app-data/app")
        #expect(accessPoint.RootDirectory?.CreationInfo?.OwnerUid == 1000)
        #expect(accessPoint.RootDirectory?.CreationInfo?.OwnerGid == 1000)
        #expect(accessPoint.Tags["efs-hook:cluster"] == t.cluster)
        #expect(accessPoint.Tags["efs-hook:volume"] == "app-data")
        #expect(accessPoint.Tags["efs-hook:managed-by"] == "efs-hook")
        #expect(state.Tags["efs-hook:managed-by"] == nil, "the file system is not efs-hook's and is not retagged")
        try #require(state.MountTargets.count == 1, "a mount target was made in this agent's zone")
        #expect(state.MountTargets[0].AvailabilityZoneName == "us-east-1a")
        let address = try #require(state.MountTargets[0].IpAddress)

        let calls = try agentA.mountCalls()
        try #require(calls.count == 1, "\(calls)")
        try #require(calls[0].count == 6, "-t efs -o OPTIONS SOURCE TARGET: \(calls[0])")
        #expect(Array(calls[0].prefix(3)) == ["-t", "efs", "-o"], "\(calls[0])")
        let mountOptions = calls[0][3].split(separator: ",").map(String.init)
        #expect(mountOptions.first == "tls")
        #expect(mountOptions.contains("accesspoint=\(accessPoint.AccessPointId)"), "\(mountOptions)")
        // region= and az=: mount.efs needs no instance metadata, mounttargetip=: no DNS or API call.
        #expect(
            Set(mountOptions) == [
                "tls", "accesspoint=\(accessPoint.AccessPointId)", "mounttargetip=\(address)", "region=us-east-1", "az=us-east-1a",
                "noresvport",
            ])
        #expect(accessPoint.AccessPointId.wholeMatch(of: #/fsap-[0-9a-f]{17}/#) != nil, "as EFS and mount.efs spell them")
        #expect(calls[0].suffix(2) == ["\(fileSystem):/", agentA.hostMount("app-data")])

        // Agent B: finds the access point by its tags; creates nothing.
        try await t.proxy.reset()
        let second = try await agentB.prepare("c1", task: task)
        try #require(second.status == 0, "\(second.summary)")
        let reuse = try await t.proxy.stats()
        print("[efs] accessPoint second agent: \(reuse)")
        #expect(reuse.creates == 0, "\(reuse)")
        #expect(reuse.count("DescribeAccessPoints") >= 1)
        let callsB = try agentB.mountCalls()
        #expect(callsB.map { Array($0.dropLast()) } == [Array(calls[0].dropLast())], "same access point and options: \(callsB)")
        #expect(callsB.first?.last == agentB.hostMount("app-data"))
        let after = try #require(try await t.moto.snapshot().fileSystem(fileSystem))
        #expect(after.AccessPoints.map(\.AccessPointId) == [accessPoint.AccessPointId])
        #expect(after.MountTargets.count == 1)

        #expect(try await agentA.cleanup("c1").status == 0)
        #expect(try await agentB.cleanup("c1").status == 0)
        let retained = try #require(try await t.moto.snapshot().fileSystem(fileSystem))
        #expect(retained.AccessPoints.count == 1, "retain keeps the access point")
    }

    @Test("static: a given file system with a mount target in the zone is mounted and nothing is created")
    func staticCreatesNothing() async throws {
        let t = try await Context("static")
        let created = try await t.moto.createFileSystem(token: "static-\(t.cluster)", mountTargetSubnet: try t.stack.subnet("us-east-1a"))
        let address = try #require(created.mountTarget?.IpAddress)
        let agent = try t.agent("agent-a", extraEFS: ["fileSystemId: \(created.fileSystemId)"])
        let task = try t.task("given", options: ["provisioning": "static", "fileSystemId": created.fileSystemId])

        let result = try await agent.prepare("c1", task: task)
        try #require(result.status == 0, "\(result.summary)")
        let stats = try await t.proxy.stats()
        print("[efs] static prepare: \(stats)")
        #expect(stats.count("CreateFileSystem") == 0)
        #expect(stats.count("CreateMountTarget") == 0)
        #expect(stats.count("CreateAccessPoint") == 0)
        #expect(stats.total > 0)
        #expect(try agent.mountCalls() == [["-t", "nfs4", "-o", Self.nfsOptions, "\(address):/", agent.hostMount("given")]])
        let state = try #require(try await t.moto.snapshot().fileSystem(created.fileSystemId))
        #expect(state.MountTargets.count == 1)
        #expect(state.AccessPoints.isEmpty)
        #expect(try await agent.cleanup("c1").status == 0)
    }

    @Test("static without a mount target in the agent's zone: exit 1, a clear error, nothing created or mounted")
    func staticWithoutMountTargetFails() async throws {
        let t = try await Context("static-nomt")
        // Its only mount target is in another zone.
        let created = try await t.moto.createFileSystem(token: "static-\(t.cluster)", mountTargetSubnet: try t.stack.subnet("us-east-1b"))
        let agent = try t.agent("agent-a", extraEFS: ["fileSystemId: \(created.fileSystemId)"])
        let task = try t.task("given", options: ["provisioning": "static", "fileSystemId": created.fileSystemId])

        let result = try await agent.prepare("c1", task: task)
        #expect(result.status == 1, "\(result.summary)")
        #expect(result.stdout.isEmpty)
        #expect(result.errorLines.count == 1, "\(result.stderr)")
        let line = result.errorLines.first ?? ""
        #expect(line.contains(created.fileSystemId) && line.contains("no mount target in us-east-1a"), "\(line)")
        let stats = try await t.proxy.stats()
        print("[efs] static without mount target: \(stats); error: \(line)")
        #expect(stats.creates == 0, "\(stats)")
        #expect(try agent.mountCalls().isEmpty)
        #expect(try agent.mounts().isEmpty)
        #expect(agent.records("containers").isEmpty)
        #expect(agent.records("mounts").isEmpty)
        let state = try #require(try await t.moto.snapshot().fileSystem(created.fileSystemId))
        #expect(state.MountTargets.map(\.AvailabilityZoneName) == ["us-east-1b"])
    }

    // MARK: 5: reclaim

    @Test("reclaim=delete: only the creating agent deletes, when its last user goes; another agent's cleanup deletes nothing")
    func reclaimDeleteOnlyOnTheCreatingAgent() async throws {
        let t = try await Context("reclaim")
        let creator = try t.agent("agent-a")
        let other = try t.agent("agent-b")
        let task = try t.task("scratch", options: ["reclaim": "delete"])

        let a = try await creator.prepare("c1", task: task)
        try #require(a.status == 0, "\(a.summary)")
        #expect(try await t.proxy.stats().count("CreateFileSystem") == 1)
        let b = try await other.prepare("c2", task: task)
        try #require(b.status == 0, "\(b.summary)")
        let owned = try await t.moto.snapshot().owned(cluster: t.cluster, volume: "scratch")
        try #require(owned.count == 1)
        let fileSystem = owned[0].FileSystemId

        try await t.proxy.reset()
        let otherCleanup = try await other.cleanup("c2")
        #expect(otherCleanup.status == 0, "\(otherCleanup.summary)")
        let otherStats = try await t.proxy.stats()
        print("[efs] reclaim=delete, cleanup on the agent that did not create it: \(otherStats)")
        #expect(otherStats.deletes == 0, "\(otherStats)")
        let kept = try await t.moto.snapshot().fileSystem(fileSystem)
        #expect(kept != nil)
        #expect(kept?.MountTargets.count == 1)

        try await t.proxy.reset()
        let creatorCleanup = try await creator.cleanup("c1")
        #expect(creatorCleanup.status == 0, "\(creatorCleanup.summary)")
        let creatorStats = try await t.proxy.stats()
        print("[efs] reclaim=delete, cleanup of the last user on the creating agent: \(creatorStats)")
        #expect(creatorStats.count("DeleteMountTarget") == 1)
        #expect(creatorStats.count("DeleteFileSystem") == 1)
        let snapshot = try await t.moto.snapshot()
        #expect(snapshot.owned(cluster: t.cluster).isEmpty, "no file system left for the cluster")
        #expect(snapshot.fileSystem(fileSystem) == nil)
        #expect(snapshot.fileSystems.allSatisfy { $0.CreationToken != owned[0].CreationToken })
        #expect(try creator.mounts().isEmpty)
    }

    @Test("reclaim=delete waits for the creating agent's last container; reclaim=retain never deletes")
    func reclaimWaitsForLastUserAndRetainKeeps() async throws {
        let t = try await Context("reclaim2")
        let agent = try t.agent("agent-a")
        let deleting = try t.task("scratch", options: ["reclaim": "delete"])
        let retained = try t.task("kept", options: ["reclaim": "retain"])
        for (container, task) in [("c1", deleting), ("c2", deleting), ("c3", retained)] {
            let result = try await agent.prepare(container, task: task)
            try #require(result.status == 0, "\(container): \(result.summary)")
        }
        try await t.proxy.reset()
        #expect(try await agent.cleanup("c1").status == 0)
        #expect(try await t.proxy.stats().total == 0, "c2 still uses the volume: nothing deleted, nothing asked")
        #expect(try await t.moto.snapshot().owned(cluster: t.cluster, volume: "scratch").count == 1)
        #expect(try await agent.cleanup("c2").status == 0)
        #expect(try await t.moto.snapshot().owned(cluster: t.cluster, volume: "scratch").isEmpty)

        try await t.proxy.reset()
        #expect(try await agent.cleanup("c3").status == 0)
        #expect(try await t.proxy.stats().total == 0)
        let kept = try await t.moto.snapshot().owned(cluster: t.cluster, volume: "kept")
        #expect(kept.count == 1)
        #expect(kept.first?.MountTargets.count == 1)
    }
}
