import Common
import EFSHookCore
import EFSHookTestSupport
import Foundation
import Testing
import VolumeModel

@testable import AWSClient
@testable import EFSVolumes

/// Cross-account mount targets by zone ID, static mount-target maps, and the HTTP proxy,
/// against moto through Tests/Helpers/aws_identity_proxy.py (see IdentityStack).
@Suite("AWS zones and proxies against moto", .serialized, IdentityStackScope())
struct IdentityNetworkTests {
    func settings(_ fileSystem: MotoFileSystem, agentZone: String) throws -> Configuration.EFS {
        var settings = Configuration.EFS()
        settings.region = "us-east-1"
        settings.availabilityZone = agentZone
        settings.availabilityZoneId = try #require(fileSystem.mountTargets.first { $0.zone == agentZone }?.zoneId)
        settings.roleArn = IdentityStack.efsRole
        settings.allowedFileSystemIds = [fileSystem.fileSystemId]
        settings.waitTimeoutSeconds = 10
        return settings
    }

    func request(_ fileSystem: MotoFileSystem) throws -> ProvisionRequest {
        let options = try VolumeOptions.parse([("fileSystemId", fileSystem.fileSystemId), ("provisioning", "static")], volume: "shared")
        return ProvisionRequest(VolumeSpec(name: "shared", options: options))
    }

    static func source(_ volume: ProvisionedVolume) -> String? {
        guard case .fileSystem(_, _, let source) = volume.mount else { return nil }
        return source
    }

    @Test("the EFS account names its zones differently: the agent mounts its own zone ID's target; efs.mountTargets makes no call")
    func zoneIds() async throws {
        let stack = try IdentityStackScope.current()
        let fileSystem = try await stack.fileSystemWithTargets(account: IdentityStack.efsAccount, zones: ["us-east-1a", "us-east-1c"])
        let own = try #require(fileSystem.mountTargets.first { $0.zone == "us-east-1a" })
        let settings = try settings(fileSystem, agentZone: "us-east-1a")
        try await stack.reset()
        var options = EFSClient.Options(region: "us-east-1")
        options.roleArn = IdentityStack.efsRole
        let client = try EFSClient(environment: stack.environment(stack.agentKeys), options: options)
        let provider = EFSProvider(client: client, settings: settings, logger: AWSLogging.disabled)
        let outcome = await Result(catching: {
            (try await provider.provision(try request(fileSystem)), try await client.mountTargets(fileSystemId: fileSystem.fileSystemId))
        })
        await client.shutdown()
        let (provisioned, listed) = try outcome.get()
        print(
            "zone IDs: agent us-east-1a = \(own.zoneId); the EFS account lists \(listed.map { "\($0.availabilityZoneName ?? "?")=\($0.availabilityZoneId ?? "?")" })"
        )
        #expect(listed.first { $0.availabilityZoneId == own.zoneId }?.availabilityZoneName == "us-east-1c", "the proxy renamed it")
        #expect(Self.source(provisioned) == "\(own.ip):/", "the target of the agent's zone ID, not of its zone name")
        #expect(provisioned.efs?.availabilityZoneId == own.zoneId)

        var mapped = settings
        mapped.mountTargets = [own.zoneId: "10.9.8.7"]
        try await stack.reset()
        let offline = EFSProvider(api: FailingEFS(), imds: nil, settings: mapped, logger: AWSLogging.disabled)
        let known = try #require(offline.resolveWithoutCalls(try request(fileSystem), cached: nil))
        #expect(Self.source(known) == "10.9.8.7:/")
        let calls = try await stack.stats().requests.count
        print("efs.mountTargets: \(calls) API calls")
        #expect(calls == 0)
    }

    @Test("HTTPS_PROXY/HTTP_PROXY carry every EFS and STS call; instance metadata never; NO_PROXY bypasses")
    func proxy() async throws {
        let stack = try IdentityStackScope.current()
        let document =
            #"{"Code":"Success","AccessKeyId":"\#(stack.accessKeyId)","SecretAccessKey":"\#(stack.secretAccessKey)","Token":"","Expiration":"2099-01-01T00:00:00Z"}"#
        let imds = try await StubServer.start([
            .init(method: "PUT", path: "/latest/api/token", responses: [.init(status: 200, body: "t")]),
            .init(method: "GET", path: "/latest/meta-data/iam/security-credentials/", responses: [.init(status: 200, body: "agent")]),
            .init(method: "GET", path: "/latest/meta-data/iam/security-credentials/agent", responses: [.init(status: 200, body: document)]),
        ])
        defer { imds.stop() }
        func run(_ extra: [String: String]) async throws -> IdentityStack.Stats {
            try await stack.reset()
            var env = stack.environment(["AWS_ENDPOINT_URL": stack.motoURL, "AWS_EC2_METADATA_SERVICE_ENDPOINT": imds.baseURL])
            env.removeValue(forKey: "AWS_EC2_METADATA_DISABLED")
            var options = EFSClient.Options()
            options.roleArn = IdentityStack.efsRole
            let client = try EFSClient(environment: env.merging(extra) { $1 }, options: options)
            let result = await Result(catching: { try await client.describeFileSystems(maxItems: 1) })
            await client.shutdown()
            _ = try result.get()
            return try await stack.stats()
        }
        let proxied = try await run(["HTTPS_PROXY": stack.proxyURL, "http_proxy": stack.proxyURL])
        print("proxy: \(proxied.requests.map { "\($0.route) \($0.service ?? "-") \($0.operation)" })")
        #expect(proxied.count("AssumeRole") == 1 && proxied.efs.count == 1)
        #expect(proxied.requests.count == 2 && proxied.requests.allSatisfy { $0.route != "direct" })
        #expect(proxied.requests.allSatisfy { $0.signature == "ok" }, "\(proxied.problems)")
        let seen = try await imds.requests()
        #expect(seen.contains { $0.path == "/latest/meta-data/iam/security-credentials/agent" }, "instance metadata was asked directly")

        let bypassed = try await run(["HTTPS_PROXY": stack.proxyURL, "HTTP_PROXY": stack.proxyURL, "NO_PROXY": "localhost,127.0.0.0/8"])
        print("NO_PROXY: \(bypassed.requests.count) requests through the proxy")
        #expect(bypassed.requests.isEmpty)
    }
}

/// An EFS API that fails every call: what a resolution with no call must never touch.
struct FailingEFS: EFSAPI {
    func fail() -> EFSHookError { EFSHookError(.failure, "no EFS call expected") }
    func fileSystems(creationToken: String?, pageSize: Int?) async throws(EFSHookError) -> [FileSystemDescription] { throw fail() }
    func fileSystem(id: String) async throws(EFSHookError) -> FileSystemDescription? { throw fail() }
    func createFileSystem(_ request: CreateFileSystemRequest) async throws(EFSHookError) -> FileSystemCreation { throw fail() }
    func putLifecycleConfiguration(fileSystemId: String, policies: [LifecyclePolicy]) async throws(EFSHookError) -> LifecycleConfiguration {
        throw fail()
    }
    func deleteFileSystem(id: String) async throws(EFSHookError) { throw fail() }
    func mountTargets(fileSystemId: String, pageSize: Int?) async throws(EFSHookError) -> [MountTargetDescription] { throw fail() }
    func mountTarget(id: String) async throws(EFSHookError) -> MountTargetDescription? { throw fail() }
    func createMountTarget(_ request: CreateMountTargetRequest) async throws(EFSHookError) -> MountTargetDescription { throw fail() }
    func deleteMountTarget(id: String) async throws(EFSHookError) { throw fail() }
    func accessPoints(fileSystemId: String, pageSize: Int?) async throws(EFSHookError) -> [AccessPointDescription] { throw fail() }
    func accessPoint(id: String) async throws(EFSHookError) -> AccessPointDescription? { throw fail() }
    func createAccessPoint(_ request: CreateAccessPointRequest) async throws(EFSHookError) -> AccessPointDescription { throw fail() }
    func deleteAccessPoint(id: String) async throws(EFSHookError) { throw fail() }
    func shutdown() async {}
}
