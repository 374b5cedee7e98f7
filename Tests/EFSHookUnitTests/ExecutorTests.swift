import Common
import Testing
import VolumeModel

@testable import EFSHookCore

/// The executor's order of work, against the in-memory host: each host mount once, binds in
/// request order, read-only after the bind, and on failure or cleanup everything undone in
/// reverse with the last user taking the host mount.
@Suite struct ExecutorTests {
    @Test func prepareMountsOnceBindsInOrderAndRemountsReadOnly() async throws {
        let agent = try UnitAgent()
        let result = try await agent.prepare(
            "c1", [try agent.request("a", at: "/data/a"), try agent.request("b", at: "/data/b", readOnly: true)])
        #expect(
            agent.host.log == [
                "mount \(agent.hostMount("a"))", "bind \(agent.hostMount("a")) -> /rootfs/data/a",
                "mount \(agent.hostMount("b"))", "bind \(agent.hostMount("b")) -> /rootfs/data/b", "ro /rootfs/data/b",
            ])
        #expect(result.volumes.map(\.target) == ["/rootfs/data/a", "/rootfs/data/b"])
        #expect(result.volumes.map(\.reusedHostMount) == [false, false])
        #expect(try agent.state.containers.load("c1")?.phase == .prepared)
        #expect(agent.hostMountRecords == ["a", "b"])
        #expect(agent.host.locksHeld.isEmpty)

        let again = try await agent.prepare(
            "c1", [try agent.request("a", at: "/data/a"), try agent.request("b", at: "/data/b", readOnly: true)])
        #expect(agent.host.log.count == 5, "a repeated prepare changes nothing")
        #expect(again.volumes.map(\.reusedHostMount) == [true, true])
    }

    @Test func aSecondContainerSharesTheHostMountAndTheLastUserUnmountsIt() async throws {
        let agent = try UnitAgent()
        _ = try await agent.prepare("c1", [try agent.request("a", at: "/one"), try agent.request("b", at: "/two")])
        let second = try await agent.prepare("c2", [try agent.request("a", at: "/three")])
        #expect(second.volumes.first?.reusedHostMount == true)
        #expect(agent.host.mounts(at: agent.hostMount("a")).count == 1)

        let first = try await agent.containers.cleanup(containerID: "c1")
        #expect(first.unmountedHostMounts == ["b"], "a is still used by c2")
        #expect(Array(agent.host.log.suffix(3)) == ["unmount /rootfs/two", "unmount /rootfs/one", "unmount \(agent.hostMount("b"))"])
        #expect(try agent.state.userIndex.users(of: "a") == ["c2"])

        let last = try await agent.containers.cleanup(containerID: "c2")
        #expect(last.unmountedHostMounts == ["a"])
        #expect(agent.host.mountPoints.isEmpty)
        #expect(agent.containerRecords.isEmpty && agent.hostMountRecords.isEmpty)
        #expect(try await agent.containers.cleanup(containerID: "c2").known == false, "cleaning up twice is not an error")
    }

    @Test func aFailedBindUndoesEveryEarlierStepInReverse() async throws {
        let agent = try UnitAgent()
        agent.host.fail(.bind, at: "/rootfs/two")
        let error = await #expect(throws: EFSHookError.self) {
            _ = try await agent.prepare("c1", [try agent.request("a", at: "/one"), try agent.request("b", at: "/two")])
        }
        #expect(error?.message == "injected failure")
        #expect(
            agent.host.log == [
                "mount \(agent.hostMount("a"))", "bind \(agent.hostMount("a")) -> /rootfs/one",
                "mount \(agent.hostMount("b"))", "FAILED bind \(agent.hostMount("b")) -> /rootfs/two",
                "unmount /rootfs/one", "unmount \(agent.hostMount("a"))", "unmount \(agent.hostMount("b"))",
            ])
        #expect(agent.host.mountPoints.isEmpty)
        #expect(agent.containerRecords.isEmpty && agent.hostMountRecords.isEmpty)
        #expect(try agent.state.userIndex.users(of: "a").isEmpty)
        #expect(agent.host.locksHeld.isEmpty)
    }

    @Test func aFailedReadOnlyRemountLeavesNoWritableBind() async throws {
        let agent = try UnitAgent()
        agent.host.fail(.readOnly, at: "/rootfs/ro")
        await #expect(throws: EFSHookError.self) {
            _ = try await agent.prepare("c1", [try agent.request("a", at: "/ro", readOnly: true)])
        }
        #expect(agent.host.mountPoints.isEmpty)
        #expect(agent.containerRecords.isEmpty)
    }

    @Test func aSymlinkInTheContainerPathIsRefusedBeforeAnyBind() async throws {
        let agent = try UnitAgent()
        agent.host.addSymlink("/rootfs/evil")
        let error = await #expect(throws: EFSHookError.self) {
            _ = try await agent.prepare("c1", [try agent.request("a", at: "/evil/data")])
        }
        #expect(error?.kind == .invalidTask)
        #expect(!agent.host.log.contains { $0.hasPrefix("bind") })
        #expect(agent.host.mountPoints.isEmpty)
    }

    @Test func aChangedPrepareReleasesOnlyWhatTheNewOneDoesNotNeed() async throws {
        let agent = try UnitAgent()
        _ = try await agent.prepare("c1", [try agent.request("a", at: "/one"), try agent.request("b", at: "/two")])
        _ = try await agent.prepare("c1", [try agent.request("a", at: "/one")])
        #expect(agent.host.mounts(at: agent.hostMount("a")).count == 1, "a's host mount is kept, not remounted")
        #expect(agent.host.mounts(at: agent.hostMount("b")).isEmpty)
        #expect(agent.hostMountRecords == ["a"])
        #expect(agent.host.log.filter { $0 == "mount \(agent.hostMount("a"))" }.count == 1)
    }

    @Test func locksAreTakenContainerFirstThenVolumesInNameOrder() async throws {
        let agent = try UnitAgent()
        _ = try await agent.prepare("c1", [try agent.request("zeta", at: "/z"), try agent.request("alpha", at: "/a")])
        let locks = agent.host.locksTaken.map { $0.split(separator: "/").last.map(String.init) ?? $0 }.filter {
            $0 != "state-upgrade.lock"
        }
        #expect(locks == ["container-c1.lock", "volume-alpha.lock", "volume-zeta.lock"])
    }
}
