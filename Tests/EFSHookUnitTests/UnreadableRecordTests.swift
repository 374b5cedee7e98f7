import Common
import Foundation
import HostLayer
import Testing
import VolumeModel

@testable import EFSHookCore

/// One truncated container record never stops recover or cleanup: it is reported, every
/// other container and volume is still reconciled, and cleanup moves it aside.
@Suite struct UnreadableRecordTests {
    func truncate(_ agent: UnitAgent, _ id: String) throws {
        let path = "\(agent.state.layout.containers)/\(id).json"
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        try data.prefix(data.count / 2).write(to: URL(fileURLWithPath: path))
    }

    @Test func recoverReportsItAndReconcilesEverythingElse() async throws {
        let agent = try UnitAgent()
        _ = try await agent.prepare("bad", [try agent.request("a", at: "/bad")])
        _ = try await agent.prepare("dead", [try agent.request("b", at: "/dead")])
        _ = try await agent.prepare("live", [try agent.request("c", at: "/live")])
        try truncate(agent, "bad")
        let report = try await agent.reconciler.recover(live: ["live", "bad"])
        #expect(report.unreadableRecords == ["bad"])
        #expect(report.releasedContainers == ["dead"])
        #expect(agent.host.mounts(at: agent.hostMount("b")).isEmpty, "dead's volume went with it")
        #expect(agent.host.mounts(at: agent.hostMount("a")).count == 1, "what the unreadable record may hold is kept")
        #expect(agent.containerRecords == ["bad", "live"])
    }

    @Test func cleanupMovesItAsideAndReleasesWhatTheMountTableShows() async throws {
        let agent = try UnitAgent()
        agent.host.addDirectory("/rootfs/bad")
        agent.host.addDirectory("/rootfs/good")
        _ = try await agent.prepare("bad", [try agent.request("a", at: "/bad/data"), try agent.request("b", at: "/bad/b")])
        _ = try await agent.prepare("good", [try agent.request("a", at: "/good/data")])
        try truncate(agent, "bad")
        let result = try await agent.containers.cleanup(containerID: "bad")
        #expect(result.movedAside == "\(agent.state.layout.containers)/bad.json.unreadable")
        #expect(FileManager.default.fileExists(atPath: result.movedAside ?? ""), "kept for the operator")
        #expect(result.unboundTargets == ["/rootfs/bad/data", "/rootfs/bad/b"])
        #expect(result.unmountedHostMounts == ["b"], "a is still used by good")
        #expect(agent.host.mountPoints == [agent.hostMount("a"), "/rootfs/good/data"])
        #expect(agent.containerRecords == ["good"])
        #expect(try agent.state.userIndex.users(of: "a") == ["good"])
        #expect(try await agent.containers.cleanup(containerID: "bad").known == false)
    }
}
