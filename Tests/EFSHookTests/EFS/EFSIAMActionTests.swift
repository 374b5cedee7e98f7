import Foundation
import Testing

// Issue 22: least-privilege IAM. moto's IAM enforcement cannot evaluate the policies'
// conditions (aws:RequestTag, aws:ResourceTag, elasticfilesystem:CreateAction), so this test
// lists every action each command sends, from the fault proxy's request log, and checks it
// against the actions the agent and admin policies allow.
extension EFSProviderTests {
    static func policyActions(_ name: String) throws -> Set<String> {
        let url = TestEnvironment.packageRoot.appendingPathComponent("deploy/\(name)")
        let policy = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        let statements = try #require(policy["Statement"] as? [[String: Any]])
        return Set(statements.flatMap { $0["Action"] as? [String] ?? [] })
    }

    /// The actions the proxy saw since the last reset, then a reset.
    func actions(_ t: Context, _ label: String) async throws -> Set<String> {
        let stats = try await t.proxy.stats()
        print("[efs] IAM actions of \(label): \(stats.iamActions.sorted())")
        try await t.proxy.reset()
        return stats.iamActions
    }

    @Test(
        "prepare, cleanup and recover send only agent-policy actions; the agent policy allows no Delete; gc and remove need the admin policy"
    )
    func launchesNeedOnlyTheAgentPolicy() async throws {
        let t = try await Context("iam")
        let agentPolicy = try Self.policyActions("iam-policy-agent.json")
        let adminPolicy = try Self.policyActions("iam-policy-admin.json")
        #expect(!agentPolicy.contains { $0.contains(":Delete") }, "\(agentPolicy.sorted())")
        let agent = try t.agent("agent-a")
        let other = try t.agent("agent-b", zone: "us-east-1b")
        let task = try t.task("shared")

        var seen: [String: Set<String>] = [:]
        try await t.proxy.reset()
        try #require(try await agent.prepare("c1", task: task).status == 0)
        seen["prepare (cold, creating)"] = try await actions(t, "prepare (cold, creating)")
        try #require(try await other.prepare("c2", task: task).status == 0)
        seen["prepare (another zone)"] = try await actions(t, "prepare (another zone)")
        try #require(try await agent.run(["recover", "--live", "c1"]).status == 0)
        seen["recover"] = try await actions(t, "recover")
        try #require(try await agent.cleanup("c1").status == 0)
        try #require(try await other.cleanup("c2").status == 0)
        seen["cleanup"] = try await actions(t, "cleanup")
        for (command, actions) in seen {
            #expect(
                actions.isSubset(of: agentPolicy), "\(command) needs \(actions.subtracting(agentPolicy).sorted()) beyond the agent policy")
        }
        #expect(seen["prepare (cold, creating)"]?.contains("elasticfilesystem:CreateFileSystem") == true)

        let fileSystem = try #require(try await t.moto.snapshot().owned(cluster: t.cluster).first?.FileSystemId)
        try await t.moto.putConnections(fileSystem, value: 0, hoursAgo: Self.eightIdleDays)
        try #require(try await agent.run(["gc", "--yes"]).status == 0)
        let gc = try await actions(t, "gc --yes")
        #expect(gc.contains("cloudwatch:GetMetricData") && gc.contains("elasticfilesystem:DeleteFileSystem"), "\(gc.sorted())")
        #expect(gc.isSubset(of: adminPolicy), "gc needs \(gc.subtracting(adminPolicy).sorted()) beyond the admin policy")
        #expect(!gc.isSubset(of: agentPolicy), "the agent role cannot run gc")
    }

    @Test("reclaim=delete on an agent whose role may not delete: one line naming the missing permission, nothing more deleted")
    func reclaimWithoutTheAdminRoleNamesTheMissingPermission() async throws {
        let t = try await Context("noadmin")
        let agent = try t.agent("agent-a")
        try #require(try await agent.prepare("c1", task: try t.task("scratch", options: ["reclaim": "delete"])).status == 0)
        try await t.proxy.setFaults([FaultRule(operation: "DeleteMountTarget", mode: "denied")])
        let cleanup = try await agent.cleanup("c1")
        try await t.proxy.setFaults([])
        let stats = try await t.proxy.stats()
        print("[efs] reclaim=delete denied: exit \(cleanup.status); \(stats)\n\(cleanup.stderr)")
        let line = "deleting volume scratch needs elasticfilesystem:DeleteMountTarget, which this role lacks"
        #expect(cleanup.stderr.contains(line), "\(cleanup.summary)")
        #expect(stats.count("DeleteFileSystem") == 0, "\(stats)")
        #expect(try await t.moto.snapshot().owned(cluster: t.cluster).count == 1, "the file system stays")
    }
}
