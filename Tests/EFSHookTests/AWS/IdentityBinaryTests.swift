import EFSHookTestSupport
import Foundation
import Testing

/// The real `efs-hook` binary (`prepare`, through EFSAgent and its mount stand-in) with the
/// identity stack: keys of 111111111111 and `efs.roleArn` in 222222222222, a role profile
/// without its source, and mount targets chosen by zone ID or given by `efs.mountTargets`.
/// Needs root and a private mount namespace, like the other EFS agent suites.
@Suite("AWS identities through the efs-hook binary", .serialized, IdentityStackScope())
struct IdentityBinaryTests {
    /// An agent in zone `zone` (of the agent's account) whose EFS and STS calls go to the
    /// identity proxy, with the EFS account's subnet of that zone.
    func agent(
        _ stack: IdentityStack, zone: String = "us-east-1a", extraEFS: [String] = []
    ) async throws -> (agent: EFSAgent, zoneId: String) {
        let subnets = try await stack.subnets(account: IdentityStack.efsAccount)
        let own = try #require(subnets.first { $0.zone == zone }, "\(subnets)")
        let moto = EFSMotoStack(
            motoPort: stack.motoPort, proxyPort: stack.proxyPort,
            subnets: Dictionary(subnets.map { ($0.zone, $0.subnetId) }, uniquingKeysWith: { a, _ in a }), securityGroupId: "")
        let agent = try EFSAgent(
            "xacct", stack: moto, clusterTag: EFSTestNames.cluster("ident"), backingDir: try TemporaryPath.directory("identity-backing"),
            zone: zone, extraEFS: ["availabilityZoneId: \(own.zoneId)"] + extraEFS)
        return (agent, own.zoneId)
    }

    /// What the binary gets besides the agent's config: STS through the proxy too.
    func environment(_ stack: IdentityStack, _ extra: [String: String]) -> [String: String] {
        ["AWS_ENDPOINT_URL_STS": stack.proxyURL, "AWS_REGION": "us-east-1", "AWS_MAX_ATTEMPTS": "2"].merging(extra) { $1 }
    }

    static func source(_ calls: [[String]]) -> String? { calls.first?.first { $0.hasSuffix(":/") } }

    @Test("prepare with keys of 111111111111 and efs.roleArn: a new volume is made in 222222222222 and mounted; exit 0")
    func crossAccountPrepare() async throws {
        let stack = try IdentityStackScope.current()
        let (agent, zoneId) = try await agent(stack, extraEFS: ["roleArn: \(IdentityStack.efsRole)"])
        let before = try await (stack.allFileSystems(IdentityStack.efsAccount), stack.allFileSystems(IdentityStack.agentAccount))
        try await stack.reset()
        let task = try TaskBuilder.write([.init(name: "shared", path: "/srv/shared")], in: agent.sandbox.root)
        let result = try await agent.prepare("x1", task: task, environment: environment(stack, stack.agentKeys))
        let stats = try await stack.stats()
        let after = try await (stack.allFileSystems(IdentityStack.efsAccount), stack.allFileSystems(IdentityStack.agentAccount))
        let made = after.0.filter { !before.0.contains($0) }
        print(
            "binary efs.roleArn: exit \(result.status), AssumeRole \(stats.count("AssumeRole")), EFS \(stats.efs.count) \(stats.efs.map(\.operation)), new in 222: \(made), new in 111: \(after.1.count - before.1.count), mount \(Self.source(try agent.mountCalls()) ?? "-")"
        )
        try #require(result.status == 0, "\(result.summary)")
        #expect(made.count == 1, "one new file system in the EFS account")
        #expect(after.1 == before.1, "none in the agent's account")
        #expect(stats.count("AssumeRole") == 1)
        #expect(stats.efs.count >= 2 && stats.efs.allSatisfy { $0.accessKey?.hasPrefix("ASIA") == true })
        #expect(stats.sts.allSatisfy { $0.accessKey == stack.accessKeyId })
        #expect(stats.requests.allSatisfy { $0.signature == "ok" } && stats.problems.isEmpty, "\(stats.problems)")
        let calls = try agent.mountCalls()
        #expect(calls.count == 1 && Self.source(calls)?.hasSuffix(":/") == true, "\(calls)")
        #expect(try agent.mounts().contains(agent.hostMount("shared")))
        print("binary efs.roleArn: agent zone ID \(zoneId)")
        let cleaned = try await agent.cleanup("x1", environment: environment(stack, stack.agentKeys))
        #expect(cleaned.status == 0, "\(cleaned.summary)")
    }

    @Test("AWS_PROFILE naming a role profile whose source_profile is missing: exit 78 naming it, 0 requests")
    func missingSourceProfile() async throws {
        let stack = try IdentityStackScope.current()
        let (agent, _) = try await agent(stack)
        let config = "\(agent.sandbox.root)/aws-config"
        try "[profile xacct]\nrole_arn = \(IdentityStack.efsRole)\nsource_profile = nope\n".write(
            toFile: config, atomically: true, encoding: .utf8)
        try await stack.reset()
        let task = try TaskBuilder.write([.init(name: "shared", path: "/srv/shared")], in: agent.sandbox.root)
        let result = try await agent.prepare(
            "m1", task: task,
            environment: environment(
                stack,
                ["AWS_PROFILE": "xacct", "AWS_CONFIG_FILE": config, "AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": ""]))
        let requests = try await stack.stats().requests.count
        print("binary missing source_profile: exit \(result.status), \(requests) requests: \(result.errorLines.last ?? "-")")
        #expect(result.status == 78, "\(result.summary)")
        #expect(result.stderr.contains("xacct") && result.stderr.contains("nope"), "\(result.stderr)")
        #expect(requests == 0, "no call with any other identity")
        #expect(try agent.mountCalls().isEmpty)
    }

    @Test("AWS_RETRY_MODE other than legacy, standard or adaptive: exit 78 naming the value, 0 requests; adaptive works")
    func retryMode() async throws {
        let stack = try IdentityStackScope.current()
        let (agent, _) = try await agent(stack, extraEFS: ["roleArn: \(IdentityStack.efsRole)"])
        try await stack.reset()
        let task = try TaskBuilder.write([.init(name: "retry", path: "/srv/retry")], in: agent.sandbox.root)
        let refused = try await agent.prepare(
            "r1", task: task, environment: environment(stack, stack.agentKeys.merging(["AWS_RETRY_MODE": "fast"]) { $1 }))
        let requests = try await stack.stats().requests.count
        print("binary AWS_RETRY_MODE=fast: exit \(refused.status), \(requests) requests: \(refused.errorLines.last ?? "-")")
        #expect(refused.status == 78, "\(refused.summary)")
        #expect(refused.stderr.contains("AWS_RETRY_MODE must be legacy, standard or adaptive, not fast"), "\(refused.stderr)")
        #expect(requests == 0)
        let adaptive = try await agent.prepare(
            "r2", task: task, environment: environment(stack, stack.agentKeys.merging(["AWS_RETRY_MODE": "adaptive"]) { $1 }))
        print("binary AWS_RETRY_MODE=adaptive: exit \(adaptive.status)")
        #expect(adaptive.status == 0, "\(adaptive.summary)")
        _ = try await agent.cleanup("r2", environment: environment(stack, stack.agentKeys))
    }

    @Test("the EFS account names zones differently: prepare mounts its own zone ID's target; with efs.mountTargets, 0 API calls")
    func zoneIds() async throws {
        let stack = try IdentityStackScope.current()
        let fileSystem = try await stack.fileSystemWithTargets(account: IdentityStack.efsAccount, zones: ["us-east-1a", "us-east-1c"])
        let own = try #require(fileSystem.mountTargets.first { $0.zone == "us-east-1a" })
        let given = [
            "roleArn: \(IdentityStack.efsRole)", "allowedFileSystemIds: [\(fileSystem.fileSystemId)]",
        ]
        let options = ["provisioning": "static", "fileSystemId": fileSystem.fileSystemId]

        let (byId, zoneId) = try await agent(stack, extraEFS: given)
        #expect(zoneId == own.zoneId)
        try await stack.reset()
        let task = try TaskBuilder.write([.init(name: "given", path: "/srv/given", options: options)], in: byId.sandbox.root)
        let result = try await byId.prepare("z1", task: task, environment: environment(stack, stack.agentKeys))
        let stats = try await stack.stats()
        print(
            "binary zone IDs: exit \(result.status), agent us-east-1a = \(own.zoneId), mount \(Self.source(try byId.mountCalls()) ?? "-"), calls \(stats.requests.map(\.operation))"
        )
        try #require(result.status == 0, "\(result.summary)")
        #expect(Self.source(try byId.mountCalls()) == "\(own.ip):/", "the target of the agent's zone ID, not of its zone name")
        _ = try await byId.cleanup("z1", environment: environment(stack, stack.agentKeys))

        let (mapped, _) = try await agent(stack, extraEFS: given + ["mountTargets:", "  \(own.zoneId): 10.9.8.7"])
        try await stack.reset()
        let again = try TaskBuilder.write([.init(name: "given", path: "/srv/given", options: options)], in: mapped.sandbox.root)
        let offline = try await mapped.prepare("z2", task: again, environment: environment(stack, stack.agentKeys))
        let calls = try await stack.stats().requests.count
        print("binary efs.mountTargets: exit \(offline.status), \(calls) API calls, mount \(Self.source(try mapped.mountCalls()) ?? "-")")
        try #require(offline.status == 0, "\(offline.summary)")
        #expect(calls == 0)
        #expect(Self.source(try mapped.mountCalls()) == "10.9.8.7:/")
        _ = try await mapped.cleanup("z2", environment: environment(stack, stack.agentKeys))
    }
}

extension IdentityStack {
    struct Subnet: Decodable, Sendable {
        var zone: String
        var zoneId: String
        var subnetId: String
    }

    /// The default subnet of each zone in `account`, as moto names them (never counted).
    func subnets(account: String) async throws -> [Subnet] {
        let run = try await ProcessRunner.python("moto_accounts.py", [String(motoPort), "subnets", account])
        try #require(run.status == 0, "\(run.stderr)")
        return try JSONDecoder().decode([Subnet].self, from: run.stdoutData)
    }

    /// Every file system id of `account` (never counted).
    func allFileSystems(_ account: String) async throws -> [String] {
        let run = try await ProcessRunner.python("moto_accounts.py", [String(motoPort), "all-file-systems", account])
        try #require(run.status == 0, "\(run.stderr)")
        return try JSONDecoder().decode([String].self, from: run.stdoutData)
    }
}
