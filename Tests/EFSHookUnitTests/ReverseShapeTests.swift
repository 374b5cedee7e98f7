import Common
import Testing
import VolumeModel

@testable import AWSClient
@testable import EFSHookCore
@testable import EFSVolumes

/// One name, one volume cluster-wide, the other way round: a name another agent made an access
/// point on a shared file system is never given its own file system.
@Suite struct ReverseShapeTests {
    func sharedAgents(_ efs: FakeEFS) async throws -> (accessPoints: UnitAgent, fileSystems: UnitAgent, shared: String) {
        let seed = try UnitAgent(efs: efs)
        _ = try await seed.prepare("seed", [try seed.request("shared-fs", at: "/x")])
        let shared = try #require(await efs.fileSystems.first?.fileSystemId)
        let a = try UnitAgent(
            efs: efs,
            settings: UnitAgent.efsSettings {
                $0.provisioning = .accessPoint; $0.fileSystemId = shared
            })
        let b = try UnitAgent(efs: efs, settings: UnitAgent.efsSettings { $0.allowedFileSystemIds = [shared] })
        return (a, b, shared)
    }

    @Test func anAccessPointsNameIsRefusedItsOwnFileSystemAndNothingIsCreated() async throws {
        let efs = FakeEFS()
        let (a, b, shared) = try await sharedAgents(efs)
        _ = try await a.prepare("c1", [try a.request("uploads", at: "/u")])
        let accessPoint = try #require(await efs.accessPoints.first?.accessPointId)
        let fileSystems = await efs.fileSystems.count
        await efs.resetCalls()
        let asked = try b.request("uploads", at: "/u", options: ["provisioning": "filesystem"])
        do throws(EFSHookError) {
            _ = try await b.prepare("c2", [asked])
            Issue.record("given a second copy")
        } catch {
            #expect(error.exitCode == 78)
            #expect(error.message.contains("as accessPoint fileSystemId=\(shared) (access point \(accessPoint))"), "\(error.message)")
            #expect(error.message.contains("asks for filesystem"), "\(error.message)")
        }
        #expect(await efs.calls == ["DescribeFileSystems", "DescribeAccessPoints"], "checked before the create only")
        #expect(await efs.fileSystems.count == fileSystems)
        #expect(b.containerRecords.isEmpty)
    }

    @Test func withSharedFileSystemsAnExistingFileSystemIsFoundWithOneDescribe() async throws {
        let efs = FakeEFS()
        let (_, b, _) = try await sharedAgents(efs)
        let other = try UnitAgent(efs: efs)
        _ = try await other.prepare("c0", [try other.request("data", at: "/d")])
        await efs.resetCalls()
        _ = try await b.prepare("c1", [try b.request("data", at: "/d")])
        let calls = await efs.calls
        #expect(calls.first == "DescribeFileSystems" && !calls.contains("DescribeAccessPoints"), "\(calls)")
        #expect(!calls.contains("CreateFileSystem"))
    }
}
