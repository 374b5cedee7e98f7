import Common
import Testing
import VolumeModel

@testable import AWSClient
@testable import EFSHookCore
@testable import EFSVolumes

/// The EFS provider's race handling, lifecycle waiting and throttling, against the fake EFS.
@Suite struct EFSProvisioningTests {
    @Test func coldPrepareCreatesFileSystemAndMountTargetAndWaitsForEach() async throws {
        let efs = FakeEFS()
        let agent = try UnitAgent(efs: efs)
        _ = try await agent.prepare("c1", [try agent.request("uploads", at: "/u")])
        // A launch finds or creates the file system with one CreateFileSystem. EFS answers a
        // create with `creating`: one poll each until `available`. A file system this run
        // created is not asked for mount targets before its CreateMountTarget.
        #expect(await efs.calls == ["CreateFileSystem", "DescribeFileSystems", "CreateMountTarget", "DescribeMountTargets"])
        #expect(agent.clock.naps == [1, 1])
        let record = try #require(try agent.state.hostMounts.load("uploads"))
        let facts = try #require(record.efs)
        #expect(facts.createdFileSystem && !facts.createdAccessPoint)
        #expect(facts.fileSystemId == (await efs.fileSystems.first?.fileSystemId))
        #expect(record.source == "\(facts.mountTargetIp ?? "?"):/")
        #expect(await efs.fileSystems.first?.tags?.contains(EFSTag(key: "efs-hook:volume", value: "uploads")) == true)
    }

    @Test func theLoserOfAFileSystemRaceAdoptsTheWinners() async throws {
        let efs = FakeEFS()
        await efs.set { $0.anotherAgentCreatesFileSystemFirst = true }
        let agent = try UnitAgent(efs: efs)
        _ = try await agent.prepare("c1", [try agent.request("uploads", at: "/u")])
        #expect(await efs.fileSystems.count == 1)
        #expect(await efs.count("CreateFileSystem") == 1)
        let facts = try #require(try agent.state.hostMounts.load("uploads")?.efs)
        #expect(facts.fileSystemId == (await efs.fileSystems.first?.fileSystemId))
        #expect(!facts.createdFileSystem, "the winner created it, so reclaim here must not delete it")
    }

    @Test func theLoserOfAMountTargetRaceAdoptsTheZonesMountTarget() async throws {
        let efs = FakeEFS()
        await efs.set { $0.anotherAgentCreatesMountTargetFirst = true }
        let agent = try UnitAgent(efs: efs)
        _ = try await agent.prepare("c1", [try agent.request("uploads", at: "/u")])
        #expect(await efs.mountTargets.count == 1)
        #expect(try agent.state.hostMounts.load("uploads")?.efs?.mountTargetId == (await efs.mountTargets.first?.mountTargetId))
    }

    @Test func eightAgentsAtOnceMakeOneFileSystemAndOneMountTarget() async throws {
        let efs = FakeEFS()
        await efs.set { $0.describesUntilAvailable = 2 }
        let agents = try (0..<8).map { _ in try UnitAgent(efs: efs) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (index, agent) in agents.enumerated() {
                let request = try agent.request("shared", at: "/s")
                group.addTask { _ = try await agent.prepare("c\(index)", [request]) }
            }
            try await group.waitForAll()
        }
        #expect(await efs.fileSystems.count == 1)
        #expect(await efs.mountTargets.count == 1)
        let ids = Set(agents.compactMap { try? $0.state.hostMounts.load("shared")?.efs?.fileSystemId })
        #expect(ids.count == 1)
        #expect(agents.filter { (try? $0.state.hostMounts.load("shared")?.efs?.createdFileSystem) == true }.count == 1)
    }

    @Test func lifecycleWaitingPollsWithBackoffUntilAvailable() async throws {
        let efs = FakeEFS()
        await efs.set { $0.describesUntilAvailable = 2 }
        let agent = try UnitAgent(efs: efs)
        _ = try await agent.prepare("c1", [try agent.request("slow", at: "/s")])
        #expect(agent.clock.naps == [1, 2, 4, 1, 2, 4], "three polls for the file system, three for the mount target")
        #expect(await efs.fileSystems.first?.lifeCycleState == .available)
    }

    @Test func aMountTargetThatStaysCreatingFailsTemporarilyAndTheRetryReusesIt() async throws {
        let efs = FakeEFS()
        await efs.set { $0.describesUntilAvailable = 1_000 }
        let agent = try UnitAgent(efs: efs, settings: UnitAgent.efsSettings { $0.waitTimeoutSeconds = 20 })
        let error = await #expect(throws: EFSHookError.self) { _ = try await agent.prepare("c1", [try agent.request("slow", at: "/s")]) }
        #expect(error?.kind == .temporary && error?.exitCode == 75)
        #expect(error?.message.contains("still creating") == true, "\(error?.message ?? "")")
        #expect(error?.message.hasPrefix("volume \"slow\"") == true)
        #expect(agent.host.mountPoints.isEmpty && agent.containerRecords.isEmpty && agent.hostMountRecords.isEmpty)
        #expect(agent.clock.elapsed <= 20)

        await efs.set {
            $0.finishCreating()
            $0.describesUntilAvailable = 0
        }
        let retry = try UnitAgent(efs: efs)
        _ = try await retry.prepare("c1", [try retry.request("slow", at: "/s")])
        let resources = await (efs.fileSystems.count, efs.mountTargets.count)
        #expect(resources == (1, 1), "the retry reuses the file system and mount target AWS went on creating")
    }

    @Test func throttlingFailsTemporarilyWithNothingHalfDoneAndTheRetryConverges() async throws {
        let efs = FakeEFS()
        let agent = try UnitAgent(efs: efs)
        _ = try await agent.prepare("c0", [try agent.request("first", at: "/f")])
        await efs.set { $0.throttleNextCalls = 1 }
        let error = await #expect(throws: EFSHookError.self) {
            _ = try await agent.prepare("c1", [try agent.request("first", at: "/f2"), try agent.request("second", at: "/s")])
        }
        #expect(error?.kind == .temporary)
        #expect(error?.code == ErrorCode.throttling)
        #expect(error?.message.contains("volume \"second\"") == true)
        #expect(agent.containerRecords == ["c0"], "the failed prepare left no record")
        #expect(agent.host.mounts(at: agent.hostMount("first")).count == 1, "the other container's volume is untouched")
        #expect(agent.host.mounts(at: agent.hostMount("second")).isEmpty)

        _ = try await agent.prepare("c1", [try agent.request("first", at: "/f2"), try agent.request("second", at: "/s")])
        #expect(await efs.fileSystems.count == 2)
    }

    @Test func explicitCreateMountsWhatExistsAndCreatesNothingElse() async throws {
        let efs = FakeEFS()
        let agent = try UnitAgent(efs: efs)
        let missing = await #expect(throws: EFSHookError.self) {
            _ = try await agent.holders.hold(
                VolumeSpec(name: "absent", options: VolumeOptions()), by: Holder.dvdcli(volume: "absent"), mayCreate: false)
        }
        #expect(missing?.kind == .failure && missing?.exitCode == 1)
        #expect(missing?.message.contains("does not exist") == true)
        #expect(await efs.calls == ["DescribeFileSystems"])
        #expect(agent.containerRecords.isEmpty && agent.host.mountPoints.isEmpty)

        _ = try await agent.holders.hold(VolumeSpec(name: "made", options: VolumeOptions()), by: Holder.dvdcli(volume: "made"))
        let other = try UnitAgent(efs: efs)
        _ = try await other.holders.hold(
            VolumeSpec(name: "made", options: VolumeOptions()), by: Holder.dvdcli(volume: "made"), mayCreate: false)
        #expect(await efs.fileSystems.count == 1)
    }

    @Test func reclaimDeleteRemovesOnlyWhatThisAgentCreated() async throws {
        let efs = FakeEFS()
        let agent = try UnitAgent(efs: efs)
        _ = try await agent.prepare("c1", [try agent.request("scratch", at: "/s", options: ["reclaim": "delete"])])
        let adopter = try UnitAgent(efs: efs)
        _ = try await adopter.prepare("c2", [try adopter.request("scratch", at: "/s", options: ["reclaim": "delete"])])
        _ = try await adopter.containers.cleanup(containerID: "c2")
        #expect(await efs.fileSystems.count == 1, "an agent that adopted the file system never deletes it")

        _ = try await agent.containers.cleanup(containerID: "c1")
        #expect(await efs.fileSystems.isEmpty)
        #expect(await efs.mountTargets.isEmpty)
    }

    @Test func aRemountKeepsTheCreatedFacts() async throws {
        let efs = FakeEFS()
        let agent = try UnitAgent(efs: efs)
        _ = try await agent.prepare("c1", [try agent.request("v", at: "/v")])
        try agent.host.unmountAll(agent.hostMount("v"))
        _ = try await agent.reconciler.recover(live: nil)
        #expect(try agent.state.hostMounts.load("v")?.efs?.createdFileSystem == true)
    }

    @Test func accessPointVolumesAreCreatedOnceOnTheSharedFileSystem() async throws {
        let efs = FakeEFS()
        let seed = try UnitAgent(efs: efs)
        _ = try await seed.prepare("seed", [try seed.request("shared-fs", at: "/x")])
        let shared = try #require(await efs.fileSystems.first?.fileSystemId)
        let agent = try UnitAgent(
            efs: efs,
            settings: UnitAgent.efsSettings {
                $0.provisioning = .accessPoint; $0.fileSystemId = shared
            })
        _ = try await agent.prepare("c1", [try agent.request("team", at: "/t", options: ["uid": "1000", "gid": "1000"])])
        _ = try await agent.prepare("c2", [try agent.request("team", at: "/t2", options: ["uid": "1000", "gid": "1000"])])
        #expect(await efs.accessPoints.count == 1)
        #expect(await efs.accessPoints.first?.rootDirectory?.path == "/team")
        let facts = try #require(try agent.state.hostMounts.load("team")?.efs)
        #expect(facts.createdAccessPoint && !facts.createdFileSystem)
        #expect(try agent.state.hostMounts.load("team")?.source == "\(shared):/", "an access point mounts through efs-utils")
    }
}
