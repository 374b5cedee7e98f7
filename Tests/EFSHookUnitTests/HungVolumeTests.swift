import Common
import Foundation
import HostLayer
import Testing
import VolumeModel

@testable import EFSHookCore

/// A volume whose server stopped answering, against the in-memory host (`FakeHost.hang`):
/// new users are refused with one line, cleanup finishes through the unmount stages and
/// never makes an unbounded call on it, and recover detaches it.
@Suite struct HungVolumeTests {
    @Test func aNewContainerOnAHungVolumeIsRefusedAndTheOthersAreUntouched() async throws {
        let agent = try UnitAgent()
        _ = try await agent.prepare("c1", [try agent.request("a", at: "/one")])
        agent.host.hang(agent.hostMount("a"))
        let before = agent.host.log
        let error = await #expect(throws: EFSHookError.self) {
            _ = try await agent.prepare("c2", [try agent.request("b", at: "/two"), try agent.request("a", at: "/three")])
        }
        #expect(error?.kind == .temporary)
        #expect(
            error?.message
                == "volume a: not responding (server \(agent.root)/volumes/a); the container was not started on it")
        #expect(!agent.containerRecords.contains("c2"))
        #expect(try agent.state.userIndex.users(of: "a") == ["c1"], "no marker of c2 is left")
        #expect(agent.host.mounts(at: agent.hostMount("a")).count == 1, "the hung host mount is kept, not unmounted in the way")
        #expect(
            Array(agent.host.log.dropFirst(before.count)) == [
                "mount \(agent.hostMount("b"))", "bind \(agent.hostMount("b")) -> /rootfs/two",
                "unmount /rootfs/two", "unmount \(agent.hostMount("b"))",
            ])
        #expect(agent.host.locksHeld.isEmpty)
    }

    @Test func cleanupOfAHungVolumeTakesTheStagesAndRemovesEveryRecord() async throws {
        let stages = Stages()
        let agent = try UnitAgent(onHostUnmount: { volume, stage in stages.append("\(volume) \(stage.rawValue)") })
        let containers = agent.containers
        _ = try await agent.prepare("c1", [try agent.request("a", at: "/one")])
        _ = try await agent.prepare("c2", [try agent.request("a", at: "/two")])
        agent.host.hang(agent.hostMount("a"), until: .detach)

        #expect(try await containers.cleanup(containerID: "c1").unmountedHostMounts == [])
        let last = try await containers.cleanup(containerID: "c2")
        #expect(last.unmountedHostMounts == ["a"])
        #expect(
            Array(agent.host.log.suffix(3)) == ["unmount /rootfs/one", "unmount /rootfs/two", "unmount[detach] \(agent.hostMount("a"))"])
        #expect(!agent.host.log.contains { $0.hasPrefix("HUNG") }, "no unbounded unmount reached the hung file system")
        #expect(stages.values == ["a detach"])
        #expect(agent.host.mountPoints.isEmpty)
        #expect(agent.containerRecords.isEmpty && agent.hostMountRecords.isEmpty)
    }

    @Test func aBindWhoseHostMountIsGoneIsUnmountedInStages() async throws {
        let agent = try UnitAgent()
        _ = try await agent.prepare("c1", [try agent.request("a", at: "/one")])
        agent.host.hang(agent.hostMount("a"))
        _ = try agent.host.unmountAllStaged(agent.hostMount("a"), within: 30)  // as recover detaches it
        _ = try await agent.containers.cleanup(containerID: "c1")
        #expect(!agent.host.log.contains { $0.hasPrefix("HUNG") }, "\(agent.host.log)")
        #expect(agent.host.mountPoints.isEmpty)
    }

    @Test func recoverDetachesAHungHostMountAndTheNextPrepareMountsItAfresh() async throws {
        let agent = try UnitAgent()
        _ = try await agent.prepare("c1", [try agent.request("a", at: "/one")])
        agent.host.hang(agent.hostMount("a"))
        let report = try await agent.reconciler.recover(live: ["c1"])
        #expect(report.detachedUnresponsive == ["a"])
        #expect(report.remounted.isEmpty, "not remounted while the server does not answer")
        #expect(agent.host.mounts(at: agent.hostMount("a")).isEmpty)

        agent.host.answerAgain(agent.hostMount("a"))
        let result = try await agent.prepare("c2", [try agent.request("a", at: "/two")])
        #expect(result.volumes.first?.reusedHostMount == false)
        #expect(agent.host.mounts(at: agent.hostMount("a")).count == 1)
        #expect(try await agent.reconciler.recover(live: ["c1", "c2"]).detachedUnresponsive.isEmpty)
    }
}

/// Collects what a `@Sendable` observer saw.
final class Stages: @unchecked Sendable {
    private let lock = NSLock()
    private var seen: [String] = []
    func append(_ value: String) { lock.withLock { seen.append(value) } }
    var values: [String] { lock.withLock { seen } }
}

@Suite struct HostDeadlineConfigurationTests {
    @Test func theDeadlinesHaveDefaultsAndAreRead() throws {
        #expect(Configuration().unmountDeadlineSeconds == 30 && Configuration().probeTimeoutSeconds == 5)
        let config = try ConfigurationLoader.parse("unmountDeadlineSeconds: 12\nprobeTimeoutSeconds: 2.5\n")
        #expect(config.unmountDeadlineSeconds == 12 && config.probeTimeoutSeconds == 2.5)
        #expect(throws: EFSHookError.self) { try ConfigurationLoader.parse("probeTimeoutSeconds: 0") }
    }
}
