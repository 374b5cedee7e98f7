import Foundation
import Testing

// Issue 22: no deletion without proof of non-use. `gc` and `remove` delete a resource only
// when it carries this cluster's tags, nothing on this host uses it and CloudWatch shows 0
// client connections over gc.idleDays (7); no datapoints is unknown, never idle.
extension EFSProviderTests {
    /// One ClientConnections point a day, 1 h after each of the last 8 day boundaries: the
    /// whole 7-day window and the day before it.
    static let eightIdleDays = (0..<8).map { Double($0 * 24 + 1) }

    static func candidates(_ result: RunResult) -> [String: [String: Any]] {
        let list = (result.json?["candidates"] as? [[String: Any]]) ?? []
        return Dictionary(list.map { ($0["volume"] as? String ?? "?", $0) }, uniquingKeysWith: { a, _ in a })
    }

    @Test(
        "two agents: A mounts vol; gc --yes on B deletes nothing (no CloudWatch data); with 8 days of 0 connections it deletes vol, and keeps vol2 that had one connection"
    )
    func gcNeedsProofOfNonUse() async throws {
        let t = try await Context("gc")
        let a = try t.agent("agent-a")
        let b = try t.agent("agent-b")
        for (container, volume) in [("c1", "vol"), ("c2", "vol2")] {
            let prepared = try await a.prepare(container, task: try t.task(volume))
            try #require(prepared.status == 0, "\(prepared.summary)")
        }
        let owned = try await t.moto.snapshot().owned(cluster: t.cluster)
        let ids = Dictionary(owned.map { ($0.Tags["efs-hook:volume"] ?? "?", $0.FileSystemId) }, uniquingKeysWith: { x, _ in x })
        let (vol, vol2) = (try #require(ids["vol"]), try #require(ids["vol2"]))

        try await t.proxy.reset()
        let unknown = try await b.run(["gc", "--yes", "--json"])
        try #require(unknown.status == 0, "\(unknown.summary)")
        let first = try await t.proxy.stats()
        print("[efs] gc --yes on B, no CloudWatch data: \(first)\n\(unknown.stdout)")
        #expect(first.deletes == 0, "\(first)")
        #expect(first.count("GetMetricData") == 1, "\(first)")
        #expect(try await t.moto.snapshot().owned(cluster: t.cluster).count == 2)
        for volume in ["vol", "vol2"] {
            let candidate = Self.candidates(unknown)[volume]
            #expect(candidate?["deletable"] as? Bool == false, "\(unknown.stdout)")
            #expect((candidate?["blocker"] as? String)?.contains("unknown: no ClientConnections datapoints") == true)
        }

        for container in ["c1", "c2"] { #expect(try await a.cleanup(container).status == 0) }
        try await t.moto.putConnections(vol, value: 0, hoursAgo: Self.eightIdleDays)
        try await t.moto.putConnections(vol2, value: 0, hoursAgo: Self.eightIdleDays)
        try await t.moto.putConnections(vol2, value: 1, hoursAgo: [50])
        try await t.proxy.reset()
        let proven = try await b.run(["gc", "--yes", "--json", "--log-level", "notice"])
        try #require(proven.status == 0, "\(proven.summary)")
        let second = try await t.proxy.stats()
        print("[efs] gc --yes on B, vol idle 8 days, vol2 one connection 50 h ago: \(second)\n\(proven.stdout)")
        #expect(proven.json?["deleted"] as? [String] == [vol], "\(proven.stdout)")
        #expect((Self.candidates(proven)["vol2"]?["blocker"] as? String)?.contains("had 1 client connections") == true)
        #expect(second.count("DeleteFileSystem") == 1 && second.count("DeleteAccessPoint") == 0, "\(second)")
        let left = try await t.moto.snapshot().owned(cluster: t.cluster)
        #expect(left.map(\.FileSystemId) == [vol2], "vol2 stays: \(left.map(\.FileSystemId))")
        let logged = proven.logRecords.filter { $0["msg"] == "deleting an unused volume resource" }
        #expect(logged.count == 1 && logged.first?["evidence"]?.contains("is 0 in all 7 daily datapoints") == true, "\(proven.stderr)")
    }

    @Test("remove: refused without --yes off a terminal, and without CloudWatch proof; --dry-run says why; with proof it deletes")
    func removeNeedsConfirmationAndProof() async throws {
        let t = try await Context("rm")
        let agent = try t.agent("agent-a")
        let prepared = try await agent.prepare("c1", task: try t.task("scratch"))
        try #require(prepared.status == 0, "\(prepared.summary)")
        #expect(try await agent.cleanup("c1").status == 0)
        let fileSystem = try #require(try await t.moto.snapshot().owned(cluster: t.cluster).first?.FileSystemId)

        try await t.proxy.reset()
        let dry = try await agent.run(["remove", "--dry-run", "scratch"])
        #expect(dry.status == 0, "\(dry.summary)")
        #expect(dry.stdout.contains("scratch\t\(fileSystem)\tkeep: use of \(fileSystem) over the last 7 days is unknown"), "\(dry.stdout)")
        let refused = try await agent.run(["remove", "--yes", "scratch"])
        #expect(refused.status == 1, "\(refused.summary)")
        #expect(refused.errorLines.last?.contains("not removing volume scratch: \(fileSystem): use of") == true, "\(refused.stderr)")

        try await t.moto.putConnections(fileSystem, value: 0, hoursAgo: Self.eightIdleDays)
        let unconfirmed = try await agent.run(["remove", "scratch"])
        #expect(unconfirmed.status == 64, "\(unconfirmed.summary)")
        #expect(unconfirmed.errorLines.last?.contains("pass --yes to confirm (stdin is not a terminal)") == true)
        #expect(try await t.proxy.stats().deletes == 0)

        let removed = try await agent.run(["remove", "--yes", "--json", "scratch"])
        #expect(removed.status == 0, "\(removed.summary)")
        #expect(removed.json?["deleted"] as? [String] == [fileSystem], "\(removed.stdout)")
        let stats = try await t.proxy.stats()
        print("[efs] remove: dry run, refused, unconfirmed, removed: \(stats)")
        #expect(stats.count("DeleteFileSystem") == 1)
        #expect(try await t.moto.snapshot().owned(cluster: t.cluster).isEmpty)
    }
}
