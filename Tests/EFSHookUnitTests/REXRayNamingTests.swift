import Common
import Foundation
import Testing
import VolumeModel

@testable import AWSClient
@testable import EFSHookCore
@testable import EFSVolumes

/// Volumes of driver `rexray`: libStorage's tokens and Name tag, the lookup order, refusal
/// of ambiguous names, creation as libStorage would, and the /data subdirectory.
@Suite struct REXRayNamingTests {
    static func agent(_ efs: FakeEFS, tag: String = "", rootPath: String = "/data") throws -> UnitAgent {
        try UnitAgent(
            efs: efs,
            settings: UnitAgent.efsSettings {
                $0.rexray.tag = tag
                $0.rexray.rootPath = rootPath
            })
    }

    static func nameTag(_ value: String) -> [EFSTag] { [EFSTag(key: "Name", value: value)] }

    static func failure(_ body: () async throws(EFSHookError) -> Void) async -> EFSHookError? {
        do {
            try await body()
            return nil
        } catch {
            return error
        }
    }

    @Test func tokensAreLibStoragesMD5OfTagSlashName() {
        // The vectors of ../shared/docs/rexray-migration.md (md5sum of the text).
        #expect(REXRayNaming(tag: "").creationToken(volume: "myvol") == "5b4cc3cc47c60576de40b990c3ee823e")
        #expect(REXRayNaming(tag: "prod").creationToken(volume: "myvol") == "7064439ac20f25bd9f0f6a103db7d3e0")
        #expect(REXRayNaming(tag: "prod").legacyCreationToken(volume: "myvol") == "myvol")
        #expect(REXRayNaming(tag: "").tags(volume: "myvol") == [EFSTag(key: "Name", value: "/myvol")])
    }

    @Test func theDriverChoosesTheNaming() {
        #expect(VolumeNaming(driver: "rexray") == .rexray)
        #expect(VolumeNaming(driver: "rexray/efs:latest") == .rexray)
        #expect(VolumeNaming(driver: "efs") == .efsHook)
        #expect(VolumeNaming(driver: "rexrayish") == .efsHook)
    }

    @Test(arguments: ["", "prod"])
    func anExistingVolumeIsAdoptedByTheCurrentTokenAndMountedAtData(tag: String) async throws {
        let efs = FakeEFS()
        let naming = REXRayNaming(tag: tag)
        let id = await efs.addFileSystem(creationToken: naming.creationToken(volume: "db"), tags: Self.nameTag("\(tag)/db"))
        let agent = try Self.agent(efs, tag: tag)
        _ = try await agent.prepare("c1", [try agent.request("db", at: "/var/lib/db", driver: "rexray")])
        #expect(await efs.count("CreateFileSystem") == 0)
        let record = try #require(try agent.state.hostMounts.load("db"))
        #expect(record.efs?.fileSystemId == id)
        #expect(record.efs?.createdFileSystem == false, "efs-hook never counts a REX-Ray file system as its own")
        let ip = try #require(record.efs?.mountTargetIp)
        #expect(record.source == "\(ip):/data")
        #expect(agent.host.log.prefix(2) == ["subdirectory \(ip):/ data 700", "mount \(agent.hostMount("db"))"])
        #expect(agent.host.mounts(at: "/rootfs/var/lib/db") == [agent.hostMount("db")])
    }

    @Test func theREXRay05BareNameTokenIsFoundNext() async throws {
        let efs = FakeEFS()
        let id = await efs.addFileSystem(creationToken: "old", tags: Self.nameTag("/old"))
        let agent = try Self.agent(efs)
        _ = try await agent.prepare("c1", [try agent.request("old", at: "/o", driver: "rexray")])
        #expect(try agent.state.hostMounts.load("old")?.efs?.fileSystemId == id)
        #expect(await efs.count("CreateFileSystem") == 0)
    }

    @Test func aBareNameTokenOfAnotherTagIsNotAdopted() async throws {
        let efs = FakeEFS()
        let other = await efs.addFileSystem(creationToken: "vol", tags: Self.nameTag("staging/vol"))
        let agent = try Self.agent(efs, tag: "prod")
        _ = try await agent.prepare("c1", [try agent.request("vol", at: "/v", driver: "rexray")])
        let adopted = try #require(try agent.state.hostMounts.load("vol")?.efs?.fileSystemId)
        #expect(adopted != other)
        #expect(await efs.count("CreateFileSystem") == 1)
    }

    @Test func lastComesTheNameTagIgnoringCase() async throws {
        let efs = FakeEFS()
        let id = await efs.addFileSystem(creationToken: "made-by-hand", tags: Self.nameTag("prod/Shared"))
        let agent = try Self.agent(efs, tag: "prod")
        _ = try await agent.prepare("c1", [try agent.request("shared", at: "/s", driver: "rexray")])
        #expect(try agent.state.hostMounts.load("shared")?.efs?.fileSystemId == id)
        #expect(await efs.count("CreateFileSystem") == 0)
    }

    @Test func theCurrentTokenWinsOverANameTagOnlyCopy() async throws {
        let efs = FakeEFS()
        let id = await efs.addFileSystem(creationToken: REXRayNaming(tag: "").creationToken(volume: "v"), tags: Self.nameTag("/v"))
        await efs.addFileSystem(creationToken: "copy", tags: Self.nameTag("/V"))
        let agent = try Self.agent(efs)
        _ = try await agent.prepare("c1", [try agent.request("v", at: "/v", driver: "rexray")])
        #expect(try agent.state.hostMounts.load("v")?.efs?.fileSystemId == id)
        #expect(await efs.count("DescribeFileSystems") >= 2)
    }

    @Test func twoFileSystemsWithOneNameAreRefusedAndNothingIsMounted() async throws {
        let efs = FakeEFS()
        let first = await efs.addFileSystem(creationToken: "a", tags: Self.nameTag("/dup"))
        let second = await efs.addFileSystem(creationToken: "b", tags: Self.nameTag("/DUP"))
        let agent = try Self.agent(efs)
        let request = try agent.request("dup", at: "/d", driver: "rexray")
        let error = try #require(await Self.failure { () async throws(EFSHookError) in _ = try await agent.prepare("c1", [request]) })
        #expect(error.kind == .failure)
        #expect(error.message.contains(first) && error.message.contains(second), "\(error.message)")
        #expect(!error.message.contains("\n"))
        #expect(!agent.host.log.contains { $0.hasPrefix("mount") || $0.hasPrefix("subdirectory") }, "\(agent.host.log)")
        #expect(agent.host.mountPoints.isEmpty)
        #expect(agent.hostMountRecords.isEmpty && agent.containerRecords.isEmpty)
        #expect(await efs.count("CreateFileSystem") == 0)
    }

    @Test func bothTokenGenerationsAtOnceAreRefused() async throws {
        let efs = FakeEFS()
        await efs.addFileSystem(creationToken: REXRayNaming(tag: "").creationToken(volume: "v"), tags: Self.nameTag("/v"))
        await efs.addFileSystem(creationToken: "v", tags: Self.nameTag("/v"))
        let agent = try Self.agent(efs)
        let request = try agent.request("v", at: "/v", driver: "rexray")
        let error = try #require(await Self.failure { () async throws(EFSHookError) in _ = try await agent.prepare("c1", [request]) })
        #expect(error.message.contains("2 file systems"), "\(error.message)")
        #expect(agent.host.mountPoints.isEmpty)
    }

    @Test func aNewVolumeIsCreatedAsLibStorageWouldAndNeverCountedAsOurs() async throws {
        let efs = FakeEFS()
        let agent = try Self.agent(efs, tag: "prod")
        _ = try await agent.prepare("c1", [try agent.request("fresh", at: "/f", driver: "rexray")])
        let fileSystem = try #require(await efs.fileSystems.first)
        #expect(fileSystem.creationToken == REXRayNaming(tag: "prod").creationToken(volume: "fresh"))
        #expect(fileSystem.tags == [EFSTag(key: "Name", value: "prod/fresh")])
        #expect(try agent.state.hostMounts.load("fresh")?.efs?.createdFileSystem == false)
        let provider = try #require(agent.provider.administration)
        #expect(try await provider.ownedResources().isEmpty, "gc must never see a REX-Ray file system")
        #expect(try await provider.remove(volume: "fresh", sharedFileSystem: nil).isEmpty)
        #expect(await efs.count("DeleteFileSystem") == 0)
    }

    @Test func aRacingLibStorageCreatorLeavesOneFileSystem() async throws {
        let efs = FakeEFS()
        await efs.set { $0.anotherAgentCreatesFileSystemFirst = true }
        let agent = try Self.agent(efs)
        _ = try await agent.prepare("c1", [try agent.request("race", at: "/r", driver: "rexray")])
        #expect(await efs.fileSystems.count == 1)
    }

    @Test func efsVolumesKeepEfsHooksSchemeAndTheRoot() async throws {
        let efs = FakeEFS()
        let agent = try Self.agent(efs)
        _ = try await agent.prepare("c1", [try agent.request("mine", at: "/m")])
        let record = try #require(try agent.state.hostMounts.load("mine"))
        #expect(record.source.hasSuffix(":/"))
        #expect(await efs.fileSystems.first?.creationToken.hasPrefix("efs-hook-") == true)
        #expect(!agent.host.log.contains { $0.hasPrefix("subdirectory") })
    }

    @Test func rootPathSlashExposesTheRoot() async throws {
        let efs = FakeEFS()
        let agent = try Self.agent(efs, rootPath: "/")
        _ = try await agent.prepare("c1", [try agent.request("r", at: "/r", driver: "rexray")])
        #expect(try agent.state.hostMounts.load("r")?.source.hasSuffix(":/") == true)
        #expect(!agent.host.log.contains { $0.hasPrefix("subdirectory") })
    }

    @Test func recoverRemountsARexrayVolumeWithItsNaming() async throws {
        let efs = FakeEFS()
        let id = await efs.addFileSystem(creationToken: REXRayNaming(tag: "").creationToken(volume: "db"), tags: Self.nameTag("/db"))
        let agent = try Self.agent(efs)
        _ = try await agent.prepare("c1", [try agent.request("db", at: "/db", driver: "rexray")])
        try agent.host.unmountAll(agent.hostMount("db"))
        _ = try await agent.reconciler.recover(live: ["c1"])
        #expect(try agent.state.hostMounts.load("db")?.efs?.fileSystemId == id)
        #expect(try agent.state.hostMounts.load("db")?.source.hasSuffix(":/data") == true)
    }

    @Test func containerRecordsWithoutNamingAreEfsHooks() throws {
        let json = #"{"name":"v","containerPath":"/v","readOnly":false,"target":"/t","bindManaged":true,"options":{}}"#
        let volume = try JSONDecoder().decode(ContainerVolume.self, from: Data(json.utf8))
        #expect(volume.naming == .efsHook)
    }
}
