import Common
import Testing
import VolumeModel

@testable import AWSClient
@testable import EFSHookCore
@testable import EFSVolumes

/// Issue 22 against the fake EFS: gc on another agent deletes only with proof of non-use, and
/// one name never becomes two resources.
@Suite struct RemovalSafetyTests {
    static func mounted(_ efs: FakeEFS) async throws -> String {
        let a = try UnitAgent(efs: efs)
        _ = try await a.prepare("c1", [try a.request("vol", at: "/v")])
        return try #require(await efs.fileSystems.first?.fileSystemId)
    }

    @Test func gcOnAnotherAgentWithoutMetricsDeletesNothing() async throws {
        let efs = FakeEFS()
        _ = try await Self.mounted(efs)
        let b = try UnitAgent(efs: efs, cloudWatch: FakeCloudWatch(daily: [:]))
        let candidates = try await b.administrator.collectionCandidates(idleDays: 7)
        #expect(candidates.map(\.resource.volume) == ["vol"] && candidates.allSatisfy { !$0.deletable })
        #expect(try await b.administrator.delete(candidates).isEmpty)
        let (count, deletes) = (await efs.fileSystems.count, await efs.count("DeleteFileSystem"))
        #expect(count == 1 && deletes == 0)
    }

    @Test func gcWithSevenIdleDaysDeletesAndOneConnectionKeeps() async throws {
        let efs = FakeEFS()
        let fileSystem = try await Self.mounted(efs)
        for (daily, deleted) in [([0, 0, 0, 1, 0, 0, 0.0], false), (Array(repeating: 0.0, count: 7), true)] {
            let b = try UnitAgent(efs: efs, cloudWatch: FakeCloudWatch(daily: [fileSystem: daily]))
            let candidates = try await b.administrator.collectionCandidates(idleDays: 7)
            let removed = try await b.administrator.delete(candidates)
            #expect(removed.map(\.resource.id) == (deleted ? [fileSystem] : []), "\(candidates)")
        }
        #expect(await efs.fileSystems.isEmpty)
    }

    @Test func aDeletionReachesTheOperationsSummaryAndSoTheAuditTrail() async throws {
        let efs = FakeEFS()
        let fileSystem = try await Self.mounted(efs)
        let b = try UnitAgent(efs: efs, cloudWatch: FakeCloudWatch(daily: [fileSystem: Array(repeating: 0.0, count: 7)]))
        let recorder = OperationRecorder(operation: "gc", frontEnd: "cli")
        try await OperationRecorder.$current.withValue(recorder) {
            _ = try await b.administrator.delete(try await b.administrator.collectionCandidates(idleDays: 7))
        }
        var summary = recorder.summary
        #expect(summary.volumes.map(\.outcome) == ["deleted"])
        summary.exitCode = 1
        #expect(AuditEntry.entries(of: summary, ts: "t").map(\.decision) == [.deletion], "a later failure keeps the deletion")
    }

    @Test func aVolumeInUseOnThisHostIsKeptWhateverCloudWatchSays() async throws {
        let efs = FakeEFS()
        let agent = try UnitAgent(efs: efs, cloudWatch: FakeCloudWatch(daily: [:]))
        _ = try await agent.prepare("c1", [try agent.request("vol", at: "/v")])
        let fileSystem = try #require(await efs.fileSystems.first?.fileSystemId)
        let idle = try UnitAgent(efs: efs, cloudWatch: FakeCloudWatch(daily: [fileSystem: Array(repeating: 0, count: 7)]))
        _ = try await idle.prepare("c9", [try idle.request("vol", at: "/v")])
        let candidates = try await idle.administrator.removalCandidates("vol", sharedFileSystem: nil, idleDays: 7)
        #expect(candidates.first?.blocker == "a container or host mount on this host uses it")
    }

    @Test func anAccessPointForAVolumeThatIsItsOwnFileSystemIsRefusedAndNothingIsCreated() async throws {
        let efs = FakeEFS()
        let own = try await Self.mounted(efs)
        let seed = try UnitAgent(efs: efs)
        _ = try await seed.prepare("s", [try seed.request("shared-fs", at: "/s")])
        let shared = try #require(await efs.fileSystems.map(\.fileSystemId).first { $0 != own })
        let b = try UnitAgent(
            efs: efs,
            settings: UnitAgent.efsSettings {
                $0.provisioning = .accessPoint; $0.fileSystemId = shared
            })
        let before = await efs.calls.count
        let error = await #expect(throws: EFSHookError.self) { _ = try await b.prepare("c2", [try b.request("vol", at: "/v")]) }
        #expect(
            error?.kind == .config && error?.message.contains("as filesystem (file system \(own))") == true, "\(String(describing: error))")
        #expect(error?.message.contains("asks for accessPoint fileSystemId=\(shared)") == true)
        let calls = Array(await efs.calls.dropFirst(before))
        #expect(calls == ["DescribeAccessPoints", "DescribeFileSystems"], "describes only: \(calls)")
        #expect(await efs.accessPoints.isEmpty)
        #expect(
            await efs.fileSystems.first { $0.fileSystemId == own }?.tags?.contains(
                EFSTag(key: "efs-hook:provisioning", value: "filesystem")) == true)
    }
}
