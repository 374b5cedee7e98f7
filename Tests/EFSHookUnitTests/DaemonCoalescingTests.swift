import Common
import DockerPlugin
import Testing
import VolumeModel

@testable import AWSClient
@testable import EFSHookCore

/// The plugin daemon collapses concurrent resolutions of one volume into one: Docker's
/// Mounts of a volume wait for the first (one request per volume at a time), which leaves a
/// host mount the others reuse with no EFS call.
@Suite struct DaemonCoalescingTests {
    func call(_ driver: VolumeDriver, _ endpoint: String, _ body: String) async -> PluginResponse {
        await driver.handle(endpoint: endpoint, body: Array(body.utf8))
    }

    @Test func concurrentMountsOfOneNewVolumeMakeTheCallsOfOneResolution() async throws {
        let alone = FakeEFS()
        await alone.set { $0.mountTargetDescribesUntilAvailable = 3 }
        let single = try UnitAgent(efs: alone)
        _ = try await single.holders.hold(VolumeSpec(name: "shared", options: .init()), by: Holder.dockerMount(id: "m", volume: "shared"))
        let oneResolution = await alone.calls

        let efs = FakeEFS()
        await efs.set { $0.mountTargetDescribesUntilAvailable = 3 }
        let agent = try UnitAgent(efs: efs)
        let driver = try VolumeDriver(
            holders: agent.holders, status: agent.status, driverName: "efs", metrics: nil, logger: UnitAgent.quiet)
        #expect(await call(driver, "/VolumeDriver.Create", #"{"Name":"shared"}"#).isSuccess)
        let replies = await withTaskGroup(of: PluginResponse.self) { group in
            for index in 0..<10 {
                group.addTask { await call(driver, "/VolumeDriver.Mount", #"{"Name":"shared","ID":"mount\#(index)"}"#) }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        let failures = replies.compactMap(\.error)
        #expect(failures.isEmpty, "\(failures)")
        #expect(await efs.calls == oneResolution, "10 concurrent Mounts, the calls of one resolution: \(oneResolution)")
        #expect(agent.host.mounts(at: agent.hostMount("shared")).count == 1)
        #expect(try agent.state.userIndex.users(of: "shared").count == 10)
    }
}
