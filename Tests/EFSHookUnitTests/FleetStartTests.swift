import Common
import Foundation
import Testing
import VolumeModel

@testable import AWSClient
@testable import EFSHookCore
@testable import EFSVolumes

/// Many agents launching one new volume at once: one call finds or creates its file system,
/// and the zone's mount target is waited for from its creator, not raced. Against the fake EFS.
@Suite struct FleetStartTests {
    @Test func aColdLaunchOfAnExistingVolumeFindsItWithOneCreateCallAndCreatesNothing() async throws {
        let efs = FakeEFS()
        let first = try UnitAgent(efs: efs)
        _ = try await first.prepare("c1", [try first.request("uploads", at: "/u")])
        await efs.resetCalls()
        let second = try UnitAgent(efs: efs)
        _ = try await second.prepare("c1", [try second.request("uploads", at: "/u")])
        #expect(await efs.calls == ["CreateFileSystem", "DescribeMountTargets"], "FileSystemAlreadyExists names it")
        let resources = await (efs.fileSystems.count, efs.mountTargets.count)
        #expect(resources == (1, 1))
        #expect(second.clock.naps.isEmpty)
    }

    @Test func withoutTheIdInFileSystemAlreadyExistsTheTokenIsDescribed() async throws {
        let efs = FakeEFS()
        let first = try UnitAgent(efs: efs)
        _ = try await first.prepare("c1", [try first.request("uploads", at: "/u")])
        await efs.set {
            $0.resetCalls()
            $0.omitsExistingId = true
        }
        let second = try UnitAgent(efs: efs)
        _ = try await second.prepare("c1", [try second.request("uploads", at: "/u")])
        #expect(await efs.calls == ["CreateFileSystem", "DescribeFileSystems", "DescribeMountTargets"], "as against moto")
    }

    @Test func onlyTheCreatorsMountTargetRetriesThrottlingUrgently() async throws {
        let efs = FakeEFS()
        let creator = try UnitAgent(efs: efs)
        _ = try await creator.prepare("c1", [try creator.request("uploads", at: "/u")])
        #expect(await efs.urgentCalls == ["CreateMountTarget"])

        await efs.set { $0.anotherAgentCreatesFileSystemFirst = true }
        let other = try UnitAgent(efs: efs)
        _ = try await other.prepare("c1", [try other.request("logs", at: "/l")])
        #expect(await efs.count("CreateMountTarget") == 2)
        #expect(await efs.urgentCalls == ["CreateMountTarget"], "a file system another agent created is not urgent")
    }

    @Test func anAgentThatFindsAnotherAgentsFileSystemWithoutAMountTargetWaitsForTheCreatorsOne() async throws {
        let efs = FakeEFS()
        await efs.set {
            $0.anotherAgentCreatesFileSystemFirst = true
            $0.anotherAgentCreatesMountTargetAfterNextDescribe = true
        }
        let agent = try UnitAgent(efs: efs)
        _ = try await agent.prepare("c1", [try agent.request("uploads", at: "/u")])
        #expect(await efs.calls == ["CreateFileSystem", "DescribeMountTargets", "DescribeMountTargets"])
        #expect(await efs.mountTargets.count == 1)
        #expect(agent.clock.naps.count == 1 && MountTargets.creatorPause.contains(agent.clock.naps[0]), "\(agent.clock.naps)")
    }

    @Test func whenTheCreatorsMountTargetDoesNotComeTheAgentCreatesItAfterOnePause() async throws {
        let efs = FakeEFS()
        await efs.set { $0.anotherAgentCreatesFileSystemFirst = true }
        let agent = try UnitAgent(efs: efs)
        _ = try await agent.prepare("c1", [try agent.request("uploads", at: "/u")])
        #expect(
            await efs.calls == [
                "CreateFileSystem", "DescribeMountTargets", "DescribeMountTargets", "CreateMountTarget", "DescribeMountTargets",
            ])
        #expect(agent.clock.naps.count == 2 && MountTargets.creatorPause.contains(agent.clock.naps[0]), "\(agent.clock.naps)")
    }

    @Test func aDescribedFileSystemWithNoMountTargetIsNotAskedForThem() async throws {
        let efs = FakeEFS()
        let token = EFSNaming(clusterTag: "unit").creationToken(volume: "made")
        let id = await efs.addFileSystem(creationToken: token, tags: [])
        await efs.backdate(id, seconds: FileSystemOrigin.youngSeconds + 1)
        let agent = try UnitAgent(efs: efs)
        // Explicit create describes first; the answer's NumberOfMountTargets says there is none.
        _ = try await agent.holders.hold(
            VolumeSpec(name: "made", options: VolumeOptions()), by: Holder.dvdcli(volume: "made"), mayCreate: false)
        #expect(await efs.calls == ["DescribeFileSystems", "CreateMountTarget", "DescribeMountTargets"])
        #expect(agent.clock.naps == [1], "an old file system's creator is not waited for")
    }

    @Test func aRoleThatMayNotCreateStillMountsWhatExistsAndIsRefusedTheRest() async throws {
        let efs = FakeEFS()
        let first = try UnitAgent(efs: efs)
        _ = try await first.prepare("c1", [try first.request("uploads", at: "/u")])
        await efs.set {
            $0.resetCalls()
            $0.deniesCreateFileSystem = true
        }
        let restricted = try UnitAgent(efs: efs)
        _ = try await restricted.prepare("c1", [try restricted.request("uploads", at: "/u")])
        #expect(await efs.calls == ["CreateFileSystem", "DescribeFileSystems", "DescribeMountTargets"])

        await efs.resetCalls()
        let error = await #expect(throws: EFSHookError.self) {
            _ = try await restricted.prepare("c2", [try restricted.request("absent", at: "/a")])
        }
        #expect(error?.exitCode == 77 && error?.message.contains("CreateFileSystem") == true, "\(error?.message ?? "")")
        #expect(await efs.calls == ["CreateFileSystem", "DescribeFileSystems"])
        #expect(await efs.fileSystems.count == 1)
    }
}
