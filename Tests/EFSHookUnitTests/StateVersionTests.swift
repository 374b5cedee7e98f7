import Common
import EFSHookTestSupport
import Foundation
import HostLayer
import Testing
import VolumeModel

@testable import EFSHookCore
@testable import EFSVolumes

/// Every state record carries its kind's schema version: one without it is version 1, a new
/// one reads the way the previous binary reads it, and one newer than this binary reads is
/// refused in one line, never moved aside, removed or released.
@Suite struct StateVersionTests {
    /// Rewrites a record's `schemaVersion`, as a newer binary would have written it.
    func rewrite(_ path: String, version: Int) throws {
        var object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
        object["schemaVersion"] = version
        try JSONSerialization.data(withJSONObject: object).write(to: URL(fileURLWithPath: path))
    }

    func tooNewMessage(_ path: String, _ version: Int, readsUpTo current: Int) -> String {
        "state record \(path) has schema version \(version); this efs-hook reads up to \(current): "
            + "upgrade efs-hook, or clean up with the version that wrote it"
    }

    /// Saves the record, and checks the file is what the previous binary wrote plus
    /// `"schemaVersion":1`, that the type's own decoder (the previous binary's) reads it, and
    /// that the store reads it back.
    func checkWritten<R: StateRecord & Equatable>(_ record: R) throws {
        let directory = try TemporaryPath.directory("state-version")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = RecordStore<R>(lazyDirectory: directory)
        try store.save(record, as: "r")
        let written = try Data(contentsOf: URL(fileURLWithPath: "\(directory)/r.json"))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let previous = String(decoding: try encoder.encode(record), as: UTF8.self)
        let text = String(decoding: written, as: UTF8.self)
        #expect(R.schemaVersion == 1)
        #expect(text.contains(#""schemaVersion":1"#), "\(R.self)")
        #expect(text.replacing(#","schemaVersion":1"#, with: "").replacing(#""schemaVersion":1,"#, with: "") == previous, "\(R.self)")
        #expect(try JSONDecoder().decode(R.self, from: written) == record, "the previous binary reads it")
        #expect(try store.load("r") == record)
    }

    @Test func everyKindIsWrittenWithItsVersionBesideThePreviousFields() async throws {
        let agent = try UnitAgent()
        _ = try await agent.prepare("c1", [try agent.request("a", at: "/a")])
        try checkWritten(try #require(try agent.state.containers.load("c1")))
        try checkWritten(try #require(try agent.state.hostMounts.load("a")))
        try checkWritten(VolumeDefinition(name: "d", options: try VolumeOptions.parse([("reclaim", "delete")], volume: "d")))
        try checkWritten(
            TaskRequestRecord(
                executorId: "e1", volumes: [try agent.request("a", at: "/a")], written: Date(timeIntervalSince1970: 1_700_000_000)))
        let facts = EFSVolumeFacts(
            fileSystemId: "fs-1", mountTargetId: "fsmt-1", mountTargetIp: "10.0.1.5", availabilityZone: "us-east-1a",
            createdFileSystem: true)
        try checkWritten(
            VolumeResolution(
                volume: "v", options: VolumeOptions(), naming: .efsHook, clusterTag: "unit", provisioning: .filesystem,
                allowance: .ownFileSystem, facts: try #require(facts.providerFacts)))
    }

    @Test func aRecordWithoutAVersionReadsAsVersionOne() async throws {
        let agent = try UnitAgent()
        _ = try await agent.prepare("c1", [try agent.request("a", at: "/a")])
        let record = try #require(try agent.state.containers.load("c1"))
        let path = "\(agent.state.layout.containers)/c1.json"
        try JSONEncoder().encode(record).write(to: URL(fileURLWithPath: path))
        #expect(try !String(contentsOfFile: path, encoding: .utf8).contains("schemaVersion"))
        #expect(try agent.state.containers.load("c1") == record)
        try rewrite(path, version: 1)
        #expect(try agent.state.containers.load("c1") == record)
    }

    @Test func aNewerRecordIsRefusedInOneLineWithItsCode() async throws {
        let agent = try UnitAgent()
        _ = try await agent.prepare("c1", [try agent.request("a", at: "/a")])
        let path = "\(agent.state.layout.containers)/c1.json"
        try rewrite(path, version: ContainerRecord.schemaVersion + 2)
        let error = try #require(throws: EFSHookError.self) { try agent.state.containers.load("c1") }
        #expect(error.code == .stateTooNew)
        #expect(error.kind == .failure)
        #expect(error.message == tooNewMessage(path, ContainerRecord.schemaVersion + 2, readsUpTo: ContainerRecord.schemaVersion))
        #expect(!error.message.contains("\n"))
        #expect(try agent.state.containers.readable().unreadable == ["c1"])
    }

    @Test func aVersionBelowOneIsCorruptNotTooNew() async throws {
        let agent = try UnitAgent()
        _ = try await agent.prepare("c1", [try agent.request("a", at: "/a")])
        try rewrite("\(agent.state.layout.containers)/c1.json", version: 0)
        let error = try #require(throws: EFSHookError.self) { try agent.state.containers.load("c1") }
        #expect(error.code == nil)
        #expect(error.message.contains("is corrupt"))
    }

    @Test func cleanupRefusesANewerRecordAndLeavesItAndItsMounts() async throws {
        let agent = try UnitAgent()
        agent.host.addDirectory("/rootfs/c1")
        _ = try await agent.prepare("c1", [try agent.request("a", at: "/c1/data")])
        let path = "\(agent.state.layout.containers)/c1.json"
        try rewrite(path, version: ContainerRecord.schemaVersion + 1)
        let before = agent.host.mountPoints
        let error = try await #require(throws: EFSHookError.self) { try await agent.containers.cleanup(containerID: "c1") }
        #expect(error.code == .stateTooNew)
        #expect(error.message == tooNewMessage(path, ContainerRecord.schemaVersion + 1, readsUpTo: ContainerRecord.schemaVersion))
        #expect(agent.host.mountPoints == before)
        #expect(agent.host.mountPoints == [agent.hostMount("a"), "/rootfs/c1/data"])
        #expect(agent.containerRecords == ["c1"])
        #expect(!FileManager.default.fileExists(atPath: path + ".unreadable"), "not moved aside")
        #expect(agent.hostMountRecords == ["a"])
        #expect(try agent.state.userIndex.users(of: "a") == ["c1"])
    }

    @Test func recoverReportsANewerRecordAndReleasesNothingOfIt() async throws {
        let agent = try UnitAgent()
        _ = try await agent.prepare("new", [try agent.request("a", at: "/new")])
        _ = try await agent.prepare("dead", [try agent.request("b", at: "/dead")])
        let path = "\(agent.state.layout.containers)/new.json"
        try rewrite(path, version: ContainerRecord.schemaVersion + 1)
        let report = try await agent.reconciler.recover(live: [])
        #expect(report.tooNewRecords == [tooNewMessage(path, ContainerRecord.schemaVersion + 1, readsUpTo: ContainerRecord.schemaVersion)])
        #expect(report.unreadableRecords.isEmpty)
        #expect(report.releasedContainers == ["dead"])
        #expect(agent.host.mounts(at: agent.hostMount("b")).isEmpty, "dead's volume went with it")
        #expect(agent.host.mounts(at: agent.hostMount("a")).count == 1, "the newer record's volume stays")
        #expect(agent.containerRecords == ["new"])
        #expect(agent.hostMountRecords == ["a"])
    }

    @Test func recoverLeavesANewerHostMountRecordAndANewerTaskRequest() async throws {
        let agent = try UnitAgent()
        _ = try await agent.prepare("c1", [try agent.request("a", at: "/a")])
        let store = TaskRequestStore(layout: agent.state.layout)
        try store.save(TaskRequestRecord(executorId: "e1", volumes: [], written: Date(timeIntervalSince1970: 0)))
        _ = try await agent.containers.cleanup(containerID: "c1")
        // An orphan host mount whose record a newer binary wrote: recover must not unmount it.
        _ = try await agent.prepare("c2", [try agent.request("b", at: "/b")])
        try FileManager.default.removeItem(atPath: "\(agent.state.layout.containers)/c2.json")
        try FileManager.default.removeItem(atPath: "\(agent.state.layout.users)/b/c2")
        let mountRecord = "\(agent.state.layout.hostMounts)/b.json"
        try rewrite(mountRecord, version: HostMountRecord.schemaVersion + 1)
        let request = "\(agent.state.layout.requests)/e1.json"
        try rewrite(request, version: TaskRequestRecord.schemaVersion + 1)
        let report = try await agent.reconciler.recover(live: [])
        #expect(
            report.tooNewRecords == [
                tooNewMessage(request, TaskRequestRecord.schemaVersion + 1, readsUpTo: TaskRequestRecord.schemaVersion),
                tooNewMessage(mountRecord, HostMountRecord.schemaVersion + 1, readsUpTo: HostMountRecord.schemaVersion),
            ])
        #expect(report.removedTaskRequests.isEmpty)
        #expect(report.unmountedOrphans.isEmpty)
        #expect(agent.host.mounts(at: agent.hostMount("b")).count == 1)
        #expect(agent.hostMountRecords == ["b"])
        #expect(FileManager.default.fileExists(atPath: request))
    }

    /// A too-new host-mount record of a volume a live container needs remounted, or of a dead
    /// container's volume, is reported; recover goes on with every other volume and container.
    @Test func recoverGoesOnPastNewerHostMountRecordsOfVolumesItMustRemountOrRelease() async throws {
        let agent = try UnitAgent()
        for (id, volume) in [("live-a", "a"), ("live-b", "b"), ("dead-c", "c"), ("dead-d", "d")] {
            _ = try await agent.prepare(id, [try agent.request(volume, at: "/\(id)")])
        }
        for volume in ["a", "b"] { try agent.host.unmountAll(agent.hostMount(volume)) }
        let records = ["a", "c"].map { "\(agent.state.layout.hostMounts)/\($0).json" }
        for path in records { try rewrite(path, version: HostMountRecord.schemaVersion + 1) }
        let report = try await agent.reconciler.recover(live: ["live-a", "live-b"])
        let refusals = records.map { tooNewMessage($0, HostMountRecord.schemaVersion + 1, readsUpTo: HostMountRecord.schemaVersion) }
        #expect(Set(report.tooNewRecords) == Set(refusals), "\(report.tooNewRecords)")
        #expect(report.releasedContainers == ["dead-d"])
        #expect(report.remounted == ["b"])
        #expect(agent.host.mounts(at: agent.hostMount("b")).count == 1 && agent.host.mounts(at: agent.hostMount("d")).isEmpty)
        #expect(agent.containerRecords.contains("dead-c"), "its volume's record is too new: it stays for the newer binary")
        for path in records { #expect(FileManager.default.fileExists(atPath: path)) }
    }
}
