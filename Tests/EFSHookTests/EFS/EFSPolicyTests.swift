import EFSHookTestSupport
import Foundation
import Testing

@testable import HostLayer

// Tenant policy through the real binary against moto: the hostile corpus, each refused with
// exit 77 (one line naming the volume and the rule) and nothing created in moto or mounted,
// and the allowed counterparts.
extension EFSProviderTests {
    /// The strict two-team policy (the example's before it allowed the example jobs' access
    /// points and Docker mounts) with the test's shared file system in place of the example's.
    static func twoTeamPolicy(shared: String) throws -> String {
        let example = try String(
            contentsOf: TestPaths.fixtures.appendingPathComponent("policy/two-team-policy-strict.yaml"), encoding: .utf8)
        let policy = try #require(example.range(of: "\npolicy:\n")).lowerBound
        return String(example[policy...]).replacingOccurrences(of: "fs-0123456789abcdef0", with: shared)
    }

    /// Two file systems efs-hook did not make, each with a mount target in us-east-1a: the
    /// shared one the agent is configured for, and another tenant's.
    static func sharedAndForeign(_ t: Context) async throws -> (shared: String, foreign: String) {
        let subnet = try t.stack.subnet("us-east-1a")
        let shared = try await t.moto.createFileSystem(token: "shared-\(t.cluster)", mountTargetSubnet: subnet).fileSystemId
        let foreign = try await t.moto.createFileSystem(token: "foreign-\(t.cluster)", mountTargetSubnet: subnet).fileSystemId
        return (shared, foreign)
    }

    /// Refused with `status`, one line naming the volume and containing `fragment`; nothing
    /// created in moto since the last proxy reset, nothing mounted, no record.
    static func expectRefused(
        _ result: RunResult, _ agent: EFSAgent, _ t: Context, volume: String, _ fragment: String, status: Int32 = 77,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        #expect(result.status == status, "\(result.summary)", sourceLocation: sourceLocation)
        #expect(result.stdout.isEmpty || result.stdout.contains("Decisions:"), "\(result.stdout)", sourceLocation: sourceLocation)
        #expect(result.errorLines.count == 1, "\(result.stderr)", sourceLocation: sourceLocation)
        let line = result.errorLines.last ?? ""
        #expect(line.contains("volume \"\(volume)\"") && line.contains(fragment), "\(line)", sourceLocation: sourceLocation)
        let stats = try await t.proxy.stats()
        #expect(stats.creates == 0, "\(stats)", sourceLocation: sourceLocation)
        #expect(try agent.mountCalls().isEmpty, sourceLocation: sourceLocation)
        #expect(try agent.mounts().isEmpty, sourceLocation: sourceLocation)
        #expect(agent.records("containers").isEmpty && agent.records("mounts").isEmpty, sourceLocation: sourceLocation)
        print("[policy] refused (\(result.status)): \(line)")
    }

    @Test(
        "no policy: a foreign file system or access point, path=/ and uid=0 are refused with exit 77, nothing created or mounted; efs.fileSystemId and efs-hook's own file systems work"
    )
    func safeDefaultsWithoutPolicy() async throws {
        let t = try await Context("policy-none")
        let (shared, foreign) = try await Self.sharedAndForeign(t)
        // Another tenant's access point on its own file system, made by an agent configured for it.
        let otherTenant = try t.agent("other-tenant", extraEFS: ["fileSystemId: \(foreign)"])
        let made = try await otherTenant.prepare("o1", task: try t.task("theirs", options: ["provisioning": "accessPoint"]))
        try #require(made.status == 0, "\(made.summary)")
        let foreignAccessPoint = try #require(try await t.moto.snapshot().fileSystem(foreign)?.AccessPoints.first?.AccessPointId)
        #expect(try await otherTenant.cleanup("o1").status == 0)

        let agent = try t.agent("agent-a", extraEFS: ["fileSystemId: \(shared)"])
        let notAllowed = "file system \(foreign) is not efs.fileSystemId"
        let hostile: [([String: String], String)] = [
            (["provisioning": "static", "fileSystemId": foreign], notAllowed),
            (["provisioning": "accessPoint", "fileSystemId": foreign], notAllowed),
            (["provisioning": "static", "fileSystemId": foreign, "accessPointId": foreignAccessPoint], notAllowed),
            (["provisioning": "static", "accessPointId": foreignAccessPoint], "belongs to another file system, not \(shared)"),
            (["provisioning": "static", "accessPointId": "fsap-00000000000000404"], "does not exist"),
            (["provisioning": "accessPoint", "path": "/"], "path=/ is outside the volume's access-point root /data"),
            (["provisioning": "accessPoint", "path": "/../x"], "climbs out"),
            (["provisioning": "accessPoint", "path": "/theirs/x"], "outside the volume's access-point root"),
            (["provisioning": "accessPoint", "uid": "0"], "uid=0 (root)"),
            (["provisioning": "accessPoint", "gid": "0", "uid": "1000"], "gid=0 (root)"),
        ]
        for (index, (options, fragment)) in hostile.enumerated() {
            try await t.proxy.reset()
            let result = try await agent.prepare("h\(index)", task: try t.task("data", options: options))
            try await Self.expectRefused(result, agent, t, volume: "data", fragment)
            #expect(result.stderr.contains("refused by the safe defaults"), "\(result.stderr)")
        }

        // The allowed counterparts.
        let accessPoint = try await agent.prepare(
            "a1", task: try t.task("data", options: ["provisioning": "accessPoint", "uid": "1000", "gid": "1000", "path": "/data/app"]))
        #expect(accessPoint.status == 0, "\(accessPoint.summary)")
        let plain = try await agent.prepare("a2", task: try t.task("plain", options: ["provisioning": "static"]))
        #expect(plain.status == 0, "\(plain.summary)")
        let own = try await agent.prepare("a3", task: try t.task("own"))
        #expect(own.status == 0, "\(own.summary)")
        let ownId = try #require(try await t.moto.snapshot().owned(cluster: t.cluster, volume: "own").first?.FileSystemId)
        #expect(try await agent.cleanup("a3").status == 0)
        let ownStatic = try await agent.prepare("a4", task: try t.task("own", options: ["provisioning": "static", "fileSystemId": ownId]))
        #expect(ownStatic.status == 0, "efs-hook's own file system for this volume: \(ownStatic.summary)")
        let snapshot = try await t.moto.snapshot()
        #expect(snapshot.fileSystem(shared)?.AccessPoints.first?.RootDirectory?.Path == "/data/app")
        #expect(snapshot.fileSystem(foreign)?.AccessPoints.count == 1, "nothing was added to the foreign file system")
        for container in ["a1", "a2", "a4"] { #expect(try await agent.cleanup(container).status == 0) }
    }

    @Test(
        "two-team policy through prepare: each team mounts only its volumes with the rules' modes; the hostile corpus is refused with exit 77"
    )
    func twoTeamPolicyThroughPrepare() async throws {
        let t = try await Context("policy-teams")
        let (shared, foreign) = try await Self.sharedAndForeign(t)
        let agent = try t.agent("agent-a", extraEFS: ["fileSystemId: \(shared)"])
        try agent.appendConfig(try Self.twoTeamPolicy(shared: shared))
        let www = AuroraTaskBuilder.Job(role: "www-data")
        let billing = AuroraTaskBuilder.Job(role: "billing")
        func task(_ job: AuroraTaskBuilder.Job, _ name: String, readOnly: Bool = false, _ options: [String: String] = [:]) throws -> String
        {
            try AuroraTaskBuilder.write(
                AuroraTaskBuilder.taskInfo(job, [.init(name: name, path: "/srv/\(name)", readOnly: readOnly, options: options)]),
                in: t.area.root)
        }
        let byDefault = "refused by the default action"
        var forged = www
        forged.frameworkId = "0c7f0e0e-0000-4000-8000-000000000000-0042"
        let billingAP = ["provisioning": "accessPoint", "uid": "5000", "gid": "5000"]
        let hostile: [(String, String, String)] = [
            (try task(www, "billing.uploads"), "billing.uploads", byDefault),
            (try task(www, "reference-data"), "reference-data", "refused by rule \"www-data-reference\": the rule allows read-only use"),
            (try task(www, "uploads", ["reclaim": "delete"]), "uploads", "refused by rule \"www-data\": option reclaim is not allowed"),
            (try task(www, "uploads", ["provisioning": "accessPoint"]), "uploads", "provisioning=accessPoint is not allowed"),
            (try task(www, "Uploads"), "Uploads", byDefault),
            (try task(www, "UPLOADS"), "UPLOADS", byDefault),
            (try task(forged, "uploads"), "uploads", byDefault),
            (try t.task("uploads"), "uploads", byDefault),
            (try task(billing, "ledger", billingAP.merging(["uid": "0"]) { _, new in new }), "ledger", "uid=0 is outside 5000-5999"),
            (try task(billing, "ledger", billingAP.merging(["gid": "1000"]) { _, new in new }), "ledger", "gid=1000 is outside"),
            (
                try task(billing, "ledger", billingAP.merging(["fileSystemId": foreign]) { _, new in new }), "ledger",
                "file system \(foreign) is not allowed"
            ),
            (
                try task(billing, "ledger", billingAP.merging(["path": "/"]) { _, new in new }), "ledger",
                "outside the volume's access-point root /billing.ledger"
            ),
            (try task(billing, "www-data.uploads", billingAP), "www-data.uploads", "may not contain \".\""),
            (try task(billing, "ledger", ["provisioning": "filesystem"]), "ledger", "provisioning=filesystem is not allowed"),
        ]
        for (index, (path, volume, fragment)) in hostile.enumerated() {
            try await t.proxy.reset()
            try await Self.expectRefused(try await agent.prepare("h\(index)", task: path), agent, t, volume: volume, fragment)
        }
        // A Unicode look-alike never reaches the policy: it is not a volume name (exit 65).
        try await t.proxy.reset()
        try await Self.expectRefused(
            try await agent.prepare("h-unicode", task: try task(www, "upl\u{043E}ads")), agent, t, volume: "upl\u{043E}ads",
            "name may contain only", status: 65)

        let uploads = try await agent.prepare("w1", task: try task(www, "uploads"), logLevel: "info")
        #expect(uploads.status == 0, "\(uploads.summary)")
        let reference = try await agent.prepare("w2", task: try task(www, "reference-data", readOnly: true))
        #expect(reference.status == 0, "\(reference.summary)")
        let ledger = try await agent.prepare("b1", task: try task(billing, "uploads", billingAP))
        #expect(ledger.status == 0, "\(ledger.summary)")
        #expect(
            Set(agent.records("mounts")) == ["uploads.json", "reference-data.json", "billing.uploads.json"], "\(agent.records("mounts"))")
        let accessPoint = try #require(try await t.moto.snapshot().fileSystem(shared)?.AccessPoints.first)
        #expect(accessPoint.RootDirectory?.Path == "/billing.uploads")
        #expect(accessPoint.Tags["efs-hook:volume"] == "billing.uploads")
        let logs = uploads.logRecords.filter { $0["msg"] == "policy allowed volume" }
        #expect(logs.first?["decidedBy"] == "rule \"www-data\"", "\(uploads.stderr)")
        for container in ["w1", "w2", "b1"] { #expect(try await agent.cleanup(container).status == 0) }
    }
}

extension EFSAgent {
    /// Adds top-level keys (a `policy` section) to this agent's configuration.
    func appendConfig(_ yaml: String) throws {
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: configPath))
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(("\n" + yaml).utf8))
    }
}
