import Common
import Testing

@testable import AWSClient
@testable import EFSHookCore
@testable import EFSVolumes

/// The policy's safe defaults and REX-Ray's naming together: a `static` volume of driver
/// `rexray` may name a REX-Ray file system of the configured tag; a volume of driver `efs`
/// may not, and neither may name a file system of another tag.
@Suite struct REXRaySafeDefaultsTests {
    @Test func aREXRayFileSystemOfTheTagIsAllowedOnlyForRexrayVolumes() async throws {
        let efs = FakeEFS()
        let ours = await efs.addFileSystem(
            creationToken: REXRayNaming(tag: "prod").creationToken(volume: "db"), tags: [EFSTag(key: "Name", value: "prod/db")])
        let theirs = await efs.addFileSystem(creationToken: "x", tags: [EFSTag(key: "Name", value: "other/db")])
        let agent = try UnitAgent(efs: efs, settings: UnitAgent.efsSettings { $0.rexray.tag = "prod" })
        // An access-point volume on it gives the file system its mount target in the zone.
        let seed = try UnitAgent(
            efs: efs,
            settings: UnitAgent.efsSettings {
                $0.fileSystemId = ours; $0.provisioning = .accessPoint
            })
        _ = try await seed.prepare("seed", [try seed.request("mt", at: "/m")])
        _ = try await agent.prepare(
            "c1", [try agent.request("db", at: "/d", options: ["provisioning": "static", "fileSystemId": ours], driver: "rexray")])
        #expect(try agent.state.hostMounts.load("db")?.efs?.fileSystemId == ours)

        for (id, driver) in [(ours, "efs"), (theirs, "rexray")] {
            let other = try UnitAgent(efs: efs, settings: UnitAgent.efsSettings { $0.rexray.tag = "prod" })
            let error = await #expect(throws: EFSHookError.self) {
                _ = try await other.prepare(
                    "c2", [try other.request("db", at: "/d", options: ["provisioning": "static", "fileSystemId": id], driver: driver)])
            }
            #expect(error?.exitCode == 77, "\(error?.message ?? "")")
            #expect(other.host.mountPoints.isEmpty)
        }
    }
}
