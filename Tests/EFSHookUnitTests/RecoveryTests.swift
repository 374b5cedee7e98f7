import Common
import Testing
import VolumeModel

@testable import EFSHookCore

/// `recover`'s four phases, each on its own and then all together.
@Suite struct RecoveryTests {
    @Test func phase1ReleasesInterruptedEarlierBootAndDeadContainers() async throws {
        let agent = try UnitAgent()
        _ = try await agent.prepare("live", [try agent.request("a", at: "/a")])
        _ = try await agent.prepare("dead", [try agent.request("b", at: "/b")])
        _ = try await agent.prepare("rebooted", [try agent.request("c", at: "/c")])
        var old = try #require(try agent.state.containers.load("rebooted"))
        old.bootID = "an-earlier-boot"
        try agent.state.containers.save(old, as: "rebooted")
        var interrupted = try #require(try agent.state.containers.load("live"))
        interrupted.containerID = "half"
        interrupted.phase = .preparing
        try agent.state.containers.save(interrupted, as: "half")

        var report = RecoveryReport()
        try await agent.reconciler.releaseDeadUsers(live: ["live", "rebooted", "half"], report: &report)
        #expect(report.releasedContainers == ["dead", "half", "rebooted"])
        #expect(agent.containerRecords == ["live"])
        #expect(agent.host.mounts(at: agent.hostMount("a")).count == 1, "the live container keeps its volume")
        #expect(agent.host.mounts(at: agent.hostMount("b")).isEmpty && agent.host.mounts(at: agent.hostMount("c")).isEmpty)
    }

    @Test func phase2DropsMarkersWithoutARecord() async throws {
        let agent = try UnitAgent()
        _ = try await agent.prepare("c1", [try agent.request("a", at: "/a")])
        try agent.state.userIndex.add("killed-before-its-record", to: "a")
        var report = RecoveryReport()
        try agent.reconciler.removeStaleUserMarkers(report: &report)
        #expect(report.staleUserMarkers == 1)
        #expect(try agent.state.userIndex.users(of: "a") == ["c1"])
    }

    @Test func phase3RemountsLostAndCollapsesStackedHostMounts() async throws {
        let agent = try UnitAgent()
        _ = try await agent.prepare("c1", [try agent.request("lost", at: "/l"), try agent.request("stacked", at: "/s")])
        try agent.host.unmountAll(agent.hostMount("lost"))
        agent.host.mountExternally("again", at: agent.hostMount("stacked"))
        var report = RecoveryReport()
        let needed = try await agent.reconciler.remountNeededVolumes(report: &report)
        #expect(needed == ["lost", "stacked"])
        #expect(report.remounted == ["lost", "stacked"])
        #expect(report.unstacked == ["stacked"])
        #expect(agent.host.mounts(at: agent.hostMount("lost")).count == 1)
        #expect(agent.host.mounts(at: agent.hostMount("stacked")).count == 1)
    }

    @Test func phase4UnmountsWhatNobodyNeeds() async throws {
        let agent = try UnitAgent()
        _ = try await agent.prepare("c1", [try agent.request("kept", at: "/k")])
        agent.host.mountExternally("left-behind", at: agent.hostMount("stray"))
        try agent.state.hostMounts.save(
            HostMountRecord(name: "recorded", mountPoint: agent.hostMount("recorded"), provider: "local", source: "/x"), as: "recorded")
        var report = RecoveryReport()
        try await agent.reconciler.unmountOrphans(keeping: ["kept"], report: &report)
        #expect(report.unmountedOrphans == ["recorded", "stray"])
        #expect(agent.host.mountPoints == [agent.hostMount("kept"), "/rootfs/k"])
        #expect(agent.hostMountRecords == ["kept"])
    }

    @Test func recoverRunsThePhasesInOrderAndIsIdempotent() async throws {
        let agent = try UnitAgent()
        _ = try await agent.prepare("live", [try agent.request("a", at: "/a")])
        _ = try await agent.prepare("dead", [try agent.request("b", at: "/b")])
        try agent.host.unmountAll(agent.hostMount("a"))
        agent.host.mountExternally("stray", at: agent.hostMount("z"))
        try agent.state.userIndex.add("ghost", to: "q")

        let report = try await agent.reconciler.recover(live: ["live"])
        #expect(report.releasedContainers == ["dead"])
        #expect(report.staleUserMarkers == 1)
        #expect(report.remounted == ["a"])
        #expect(report.unmountedOrphans == ["z"])
        #expect(agent.host.mountPoints == [agent.hostMount("a"), "/rootfs/a"].sorted())
        #expect(agent.host.locksHeld.isEmpty)

        let again = try await agent.reconciler.recover(live: ["live"])
        #expect(again == RecoveryReport())
    }
}
