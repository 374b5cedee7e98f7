import Common
import EFSHookTestSupport
import Testing
import VolumeModel

@testable import EFSHookCore

/// The CSI node service's core: a staging path and target paths as users of one host mount,
/// each a holder record of its own, against the in-memory host and the local provider.
@Suite struct PublicationServiceTests {
    static let roots = ["/csi"]
    static let staging = "/csi/vol/staging"
    static let targets = ["/csi/pods/one/target", "/csi/pods/two/target"]

    static func at(_ path: String) throws -> Publication { try Publication(path: path, roots: roots) }
    static func spec(_ name: String = "data") -> VolumeSpec { VolumeSpec(name: name, options: VolumeOptions()) }

    /// Stages `data` and publishes it onto both targets, the second one read-only.
    static func stageAndPublish(_ agent: UnitAgent) async throws {
        _ = try await agent.publications.publish(spec(), at: at(staging), readOnly: false)
        _ = try await agent.publications.publish(spec(), at: at(targets[0]), readOnly: false)
        _ = try await agent.publications.publish(spec(), at: at(targets[1]), readOnly: true)
    }

    @Test func oneHostMountThreeBindsThreeUsers() async throws {
        let agent = try UnitAgent()
        try await Self.stageAndPublish(agent)
        let mount = agent.hostMount("data")
        #expect(
            agent.host.log == [
                "mount \(mount)", "bind \(mount) -> \(Self.staging)", "bind \(mount) -> \(Self.targets[0])",
                "bind \(mount) -> \(Self.targets[1])", "ro \(Self.targets[1])",
            ])
        #expect(agent.host.mounts(at: mount).count == 1)
        #expect(try agent.host.binds(of: mount) == [Self.targets[0], Self.targets[1], Self.staging].sorted())
        #expect(agent.host.isReadOnly(Self.targets[1]) && !agent.host.isReadOnly(Self.targets[0]))
        let users = try ([Self.staging] + Self.targets).map { try Self.at($0).userID }
        #expect(users.allSatisfy { $0.hasPrefix("@csi.") && $0.count == 5 + 32 })
        #expect(Set(users).count == 3)
        #expect(try agent.state.userIndex.users(of: "data") == users.sorted())
        #expect(agent.containerRecords.sorted() == users.sorted())
        #expect(agent.hostMountRecords == ["data"])
        let shown = try agent.publications.current(Self.at(Self.targets[1]))
        #expect(shown?.volume == "data" && shown?.readOnly == true)
        #expect(agent.host.locksHeld.isEmpty)
    }

    @Test func publishingTheSameAgainChangesNothing() async throws {
        let agent = try UnitAgent()
        try await Self.stageAndPublish(agent)
        let log = agent.host.log
        let again = try await agent.publications.publish(Self.spec(), at: Self.at(Self.targets[1]), readOnly: true)
        #expect(again == PublishedPath(volume: "data", readOnly: true, options: VolumeOptions()))
        _ = try await agent.publications.publish(Self.spec(), at: Self.at(Self.staging), readOnly: false)
        #expect(agent.host.log == log)
        #expect(agent.containerRecords.count == 3)
    }

    @Test(arguments: [("other", false), ("data", true)])
    func aPathShowingSomethingElseIsRefusedAndKept(_ volume: String, _ readOnly: Bool) async throws {
        let agent = try UnitAgent()
        try await Self.stageAndPublish(agent)
        let log = agent.host.log
        let error = await #expect(throws: EFSHookError.self) {
            _ = try await agent.publications.publish(Self.spec(volume), at: Self.at(Self.targets[0]), readOnly: readOnly)
        }
        #expect(error?.code == .publishedOtherwise)
        #expect(error?.kind == .invalidTask)
        #expect(error?.message == "\(Self.targets[0]) already shows volume data; unpublish it first")
        #expect(agent.host.log == log)
        #expect(
            try agent.publications.current(Self.at(Self.targets[0]))
                == PublishedPath(volume: "data", readOnly: false, options: VolumeOptions()))
        #expect(agent.host.mounts(at: agent.hostMount("other")).isEmpty)
        #expect(agent.host.locksHeld.isEmpty)
    }

    @Test func aReadOnlyPathNamesItsModeInTheRefusal() async throws {
        let agent = try UnitAgent()
        try await Self.stageAndPublish(agent)
        let error = await #expect(throws: EFSHookError.self) {
            _ = try await agent.publications.publish(Self.spec(), at: Self.at(Self.targets[1]), readOnly: false)
        }
        #expect(error?.code == .publishedOtherwise)
        #expect(error?.message == "\(Self.targets[1]) already shows volume data read-only; unpublish it first")
        #expect(agent.host.isReadOnly(Self.targets[1]))
    }

    @Test func unpublishingLeavesTheOthersAndTheLastTakesTheHostMount() async throws {
        let agent = try UnitAgent()
        try await Self.stageAndPublish(agent)
        let mount = agent.hostMount("data")
        #expect(try await agent.publications.unpublish(Self.at(Self.targets[0]), volume: "data", removingDirectory: true))
        #expect(agent.host.log.last == "unmount \(Self.targets[0])")
        #expect(agent.host.mounts(at: mount).count == 1)
        #expect(try agent.host.binds(of: mount) == [Self.targets[1], Self.staging].sorted())
        #expect(agent.containerRecords.count == 2)
        #expect(!agent.host.hasDirectory(Self.targets[0]), "a target directory is the plugin's to remove")
        #expect(agent.host.hasDirectory("/csi/pods/one"), "only the target itself")

        #expect(try await agent.publications.unpublish(Self.at(Self.targets[1]), removingDirectory: true))
        #expect(try await agent.publications.unpublish(Self.at(Self.staging), volume: "data", removingDirectory: false))
        #expect(Array(agent.host.log.suffix(2)) == ["unmount \(Self.staging)", "unmount \(mount)"])
        #expect(agent.host.mountPoints.isEmpty)
        #expect(agent.containerRecords.isEmpty && agent.hostMountRecords.isEmpty)
        #expect(try agent.state.userIndex.users(of: "data").isEmpty)
        #expect(agent.host.hasDirectory(Self.staging), "a staging directory is the orchestrator's")
        #expect(agent.host.locksHeld.isEmpty)
    }

    @Test func aSymlinkPlantedAboveATargetKeepsItsDirectory() async throws {
        let agent = try UnitAgent()
        try await Self.stageAndPublish(agent)
        agent.host.addSymlink("/csi/pods/one")
        #expect(try await agent.publications.unpublish(Self.at(Self.targets[0]), volume: "data", removingDirectory: true))
        #expect(agent.host.hasDirectory(Self.targets[0]), "removal walks from the root and never through a symlink")
    }

    @Test func unpublishingAPathWithNothingIsNotAnError() async throws {
        let agent = try UnitAgent()
        #expect(try await agent.publications.unpublish(Self.at(Self.targets[0]), volume: "data", removingDirectory: true) == false)
        try await Self.stageAndPublish(agent)
        #expect(try await agent.publications.unpublish(Self.at(Self.targets[0]), removingDirectory: true))
        #expect(try await agent.publications.unpublish(Self.at(Self.targets[0]), removingDirectory: true) == false, "twice")
        #expect(agent.host.mounts(at: agent.hostMount("data")).count == 1)
    }

    @Test func unpublishingAnotherVolumeIsRefusedAndKept() async throws {
        let agent = try UnitAgent()
        try await Self.stageAndPublish(agent)
        let error = await #expect(throws: EFSHookError.self) {
            _ = try await agent.publications.unpublish(Self.at(Self.targets[0]), volume: "other", removingDirectory: true)
        }
        #expect(error?.code == .publishedOtherwise)
        #expect(error?.message == "\(Self.targets[0]) shows volume data, not other")
        #expect(try agent.host.isMountPoint(Self.targets[0]))
        #expect(agent.host.hasDirectory(Self.targets[0]))
    }

    @Test(arguments: ["/elsewhere/target", "/csi", "/csix/target", "/cs/i"])
    func aPathOutsideTheRootsIsRefused(_ path: String) {
        expectHookError(.permissionDenied, "is not under csi.targetRoots (/csi)") { _ = try Self.at(path) }
    }

    @Test(arguments: ["/csi/a/../b", "/csi/./a", "/csi//a", "/csi/a/", "csi/a", "", "/", "/csi/a\0b"])
    func aPathThatIsNotPlainAndAbsoluteIsRefused(_ path: String) {
        expectHookError(.invalidTask, "must be absolute") { _ = try Self.at(path) }
    }

    @Test func aTooLongPathIsRefusedAndTheLongestIsTaken() throws {
        let longest = "/csi/" + String(repeating: "a", count: Publication.maxPathBytes - 5)
        #expect(try Self.at(longest).path == longest)
        expectHookError(.invalidTask, "at most 4095 bytes") { _ = try Self.at(longest + "a") }
    }

    @Test func eachPathIsItsOwnStableUser() throws {
        let one = try Self.at(Self.targets[0])
        #expect(one.userID == (try Self.at(Self.targets[0])).userID)
        #expect(one.userID != (try Self.at(Self.targets[1])).userID)
        #expect(try Publication(path: "/b/x", roots: ["/a", "/b"]).path == "/b/x")
    }
}

/// What goes wrong on the way: links, failures, interrupted publishes, recover.
@Suite struct PublicationFailureTests {
    typealias Paths = PublicationServiceTests

    @Test func aSymlinkOnTheWayIsRefusedBeforeAnyBind() async throws {
        let agent = try UnitAgent()
        agent.host.addSymlink("/csi/pods")
        let error = await #expect(throws: EFSHookError.self) {
            _ = try await agent.publications.publish(Paths.spec(), at: Paths.at(Paths.targets[0]), readOnly: false)
        }
        #expect(error?.kind == .invalidTask)
        #expect(error?.message.contains("/csi/pods is a symlink") == true)
        #expect(!agent.host.log.contains { $0.hasPrefix("bind") })
        #expect(agent.host.mountPoints.isEmpty)
        #expect(agent.containerRecords.isEmpty && agent.hostMountRecords.isEmpty)
    }

    @Test func aFailedBindLeavesNothingMountedAndNoRecord() async throws {
        let agent = try UnitAgent()
        agent.host.fail(.bind, at: Paths.staging)
        let error = await #expect(throws: EFSHookError.self) {
            _ = try await agent.publications.publish(Paths.spec(), at: Paths.at(Paths.staging), readOnly: false)
        }
        #expect(error?.message == "injected failure")
        #expect(agent.host.log.last == "unmount \(agent.hostMount("data"))")
        #expect(agent.host.mountPoints.isEmpty)
        #expect(agent.containerRecords.isEmpty && agent.hostMountRecords.isEmpty)
        #expect(try agent.state.userIndex.users(of: "data").isEmpty)
        #expect(try agent.publications.current(Paths.at(Paths.staging)) == nil)
        #expect(agent.host.locksHeld.isEmpty)
    }

    @Test func aFailedReadOnlyRemountLeavesNoWritableBind() async throws {
        let agent = try UnitAgent()
        _ = try await agent.publications.publish(Paths.spec(), at: Paths.at(Paths.staging), readOnly: false)
        agent.host.fail(.readOnly, at: Paths.targets[0])
        await #expect(throws: EFSHookError.self) {
            _ = try await agent.publications.publish(Paths.spec(), at: Paths.at(Paths.targets[0]), readOnly: true)
        }
        #expect(try !agent.host.isMountPoint(Paths.targets[0]))
        #expect(agent.host.mountPoints == [Paths.staging, agent.hostMount("data")])
        #expect(agent.containerRecords == [try Paths.at(Paths.staging).userID])
    }

    @Test func anInterruptedPublishShowsNothingAndIsUndoneByTheNextCall() async throws {
        let agent = try UnitAgent()
        let staging = try Paths.at(Paths.staging)
        // What a publish killed after its write-ahead record (and before its mount) leaves.
        let volume = ContainerVolume(
            spec: Paths.spec(), containerPath: staging.path, readOnly: false, target: staging.path, bindManaged: true)
        try agent.state.containers.save(
            ContainerRecord(containerID: staging.userID, phase: .preparing, volumes: [volume]), as: staging.userID)
        try agent.state.userIndex.add(staging.userID, to: "data")
        #expect(try agent.publications.current(staging) == nil)

        #expect(try await agent.publications.unpublish(staging, removingDirectory: false))
        #expect(agent.containerRecords.isEmpty)
        #expect(try agent.state.userIndex.users(of: "data").isEmpty)
        #expect(agent.host.mountPoints.isEmpty)

        try agent.state.containers.save(
            ContainerRecord(containerID: staging.userID, phase: .preparing, volumes: [volume]), as: staging.userID)
        _ = try await agent.publications.publish(Paths.spec(), at: staging, readOnly: false)
        #expect(try agent.state.containers.load(staging.userID)?.phase == .prepared)
        #expect(agent.host.mountPoints == [Paths.staging, agent.hostMount("data")])
    }

    @Test func recoverKeepsPublicationsWhateverTheLiveContainers() async throws {
        let agent = try UnitAgent()
        try await Paths.stageAndPublish(agent)
        _ = try await agent.prepare("c1", [try agent.request("data", at: "/d")])
        let report = try await agent.reconciler.recover(live: [])
        #expect(report.releasedContainers == ["c1"])
        let users = try ([Paths.staging] + Paths.targets).map { try Paths.at($0).userID }
        #expect(agent.containerRecords.sorted() == users.sorted())
        #expect(agent.host.mounts(at: agent.hostMount("data")).count == 1)
        #expect(try agent.host.binds(of: agent.hostMount("data")) == (Paths.targets + [Paths.staging]).sorted())
    }
}
