import Common
import Testing
import VolumeModel

@testable import EFSHookCore

/// The one holder API dvdcli and the Docker plugin use.
@Suite struct HolderTests {
    @Test func holdersShareOneHostMountAndTheLastReleaseUnmountsIt() async throws {
        let agent = try UnitAgent()
        let dvdcli = Holder.dvdcli(volume: "data")
        let docker = try Holder.dockerMount(id: "m1", volume: "data")
        let path = try await agent.holders.hold(VolumeSpec(name: "data", options: VolumeOptions()), by: dvdcli)
        #expect(path == agent.hostMount("data"))
        #expect(try await agent.holders.hold(VolumeSpec(name: "data", options: VolumeOptions()), by: dvdcli) == path, "idempotent")
        _ = try await agent.holders.hold(VolumeSpec(name: "data", options: VolumeOptions()), by: docker)
        #expect(agent.host.mounts(at: path).count == 1)
        #expect(try agent.state.userIndex.users(of: "data") == [docker.id, dvdcli.id])

        #expect(try await agent.holders.release("data", by: dvdcli))
        #expect(try agent.holders.holds("data", by: docker))
        #expect(agent.host.mounts(at: path).count == 1)
        #expect(try await agent.holders.release("data", by: docker))
        #expect(agent.host.mountPoints.isEmpty)
        #expect(try await agent.holders.release("data", by: docker) == false, "a second release finds nothing")
    }

    @Test func holderIdsCannotCollideWithContainerIds() throws {
        let holders = [
            Holder.dvdcli(volume: "data"), try Holder.dockerMount(id: "abc", volume: "data"),
            try Holder.dockerMount(id: nil, volume: "data"),
        ]
        for holder in holders {
            #expect(throws: EFSHookError.self) { try ContainerIdentifier.validate(holder.id) }
        }
        #expect(Set(holders.map(\.id)).count == 3)
        #expect(throws: EFSHookError.self) { _ = try Holder.dockerMount(id: "../x", volume: "data") }
    }

    @Test func aMountIdHoldsOneVolumeOnly() async throws {
        let agent = try UnitAgent()
        let docker = try Holder.dockerMount(id: "m1", volume: "data")
        _ = try await agent.holders.hold(VolumeSpec(name: "data", options: VolumeOptions()), by: docker)
        let held = await #expect(throws: EFSHookError.self) {
            _ = try await agent.holders.hold(VolumeSpec(name: "other", options: VolumeOptions()), by: docker)
        }
        #expect(held?.kind == .invalidTask)
        #expect(held?.message.contains("already holds volume data, not other") == true)
        let released = await #expect(throws: EFSHookError.self) { _ = try await agent.holders.release("other", by: docker) }
        #expect(released?.kind == .invalidTask)
        #expect(agent.host.mounts(at: agent.hostMount("other")).isEmpty)
        #expect(try agent.holders.holds("data", by: docker))
    }

    @Test func holderRecordsOfEarlierVersionsAreReleasedToo() async throws {
        let agent = try UnitAgent()
        // What efs-hook before typed holders wrote for `dvdcli mount --volumename=data`.
        _ = try await agent.holders.hold(VolumeSpec(name: "data", options: VolumeOptions()), by: Holder.dvdcli(volume: "data"))
        let record = try #require(try agent.state.containers.load("@dvdcli.data"))
        var legacy = record
        legacy.containerID = "dvdcli-data"
        try agent.state.containers.save(legacy, as: "dvdcli-data")
        try agent.state.userIndex.add("dvdcli-data", to: "data")
        try agent.state.containers.remove("@dvdcli.data")
        try agent.state.userIndex.remove("@dvdcli.data", from: "data")

        #expect(try await agent.holders.release("data", by: Holder.dvdcli(volume: "data")))
        #expect(agent.containerRecords.isEmpty)
        #expect(agent.host.mountPoints.isEmpty)
    }

    @Test func recoverKeepsHoldersWhateverTheLiveContainers() async throws {
        let agent = try UnitAgent()
        _ = try await agent.holders.hold(VolumeSpec(name: "data", options: VolumeOptions()), by: Holder.dvdcli(volume: "data"))
        _ = try await agent.prepare("c1", [try agent.request("data", at: "/d")])
        let report = try await agent.reconciler.recover(live: [])
        #expect(report.releasedContainers == ["c1"])
        #expect(agent.containerRecords == ["@dvdcli.data"])
        #expect(agent.host.mounts(at: agent.hostMount("data")).count == 1)
    }

    @Test func aDefinitionCannotBeRemovedWhileHeld() async throws {
        let agent = try UnitAgent()
        let options = try VolumeOptions.parse([("encrypted", "true")], volume: "data")
        #expect(try agent.holders.define("data", options: options).options == options)
        #expect(try agent.holders.define("data", options: VolumeOptions()).options == options, "Docker's implicit create keeps them")
        #expect(throws: EFSHookError.self) {
            _ = try agent.holders.define("data", options: try VolumeOptions.parse([("encrypted", "false")], volume: "data"))
        }
        let docker = try Holder.dockerMount(id: "m1", volume: "data")
        _ = try await agent.holders.hold(
            VolumeSpec(name: "data", options: try agent.holders.definition("data")!.mountOptions()), by: docker)
        let refused = await #expect(throws: EFSHookError.self) { _ = try await agent.holders.removeDefinition("data") }
        #expect(refused?.message.contains("in use on this host by 1 user(s) (@docker.m1)") == true)
        #expect(try agent.holders.definedVolumes() == ["data"])
        #expect(try await agent.holders.release("data", by: docker))
        #expect(try await agent.holders.removeDefinition("data") == [])
        #expect(try await agent.holders.removeDefinition("data") == nil, "removing an unknown volume is not an error")
        #expect(agent.host.locksHeld.isEmpty)
    }

    @Test func concurrentHoldsAndReleasesOfOneVolumeConverge() async throws {
        let agent = try UnitAgent()
        let holders = try (0..<12).map { try Holder.dockerMount(id: "m\($0)", volume: "busy") }
        let service = agent.holders
        try await withThrowingTaskGroup(of: Void.self) { group in
            for holder in holders {
                group.addTask { _ = try await service.hold(VolumeSpec(name: "busy", options: VolumeOptions()), by: holder) }
            }
            try await group.waitForAll()
        }
        #expect(agent.host.mounts(at: agent.hostMount("busy")).count == 1)
        #expect(try agent.state.userIndex.users(of: "busy").count == holders.count)
        try await withThrowingTaskGroup(of: Bool.self) { group in
            for holder in holders { group.addTask { try await service.release("busy", by: holder) } }
            for try await released in group { #expect(released) }
        }
        #expect(agent.host.mountPoints.isEmpty)
        #expect(agent.containerRecords.isEmpty)
    }
}
