import Common
import Foundation
import Testing

@testable import AWSClient

@Suite("EC2 instance metadata (IMDSv2)")
struct AWSIMDSClientTests {
    static let token = "imds-session-token"
    static let mac = "0e:12:34:56:78:9a"

    static func routes(identityStatus: Int = 200) -> [StubServer.Route] {
        func get(_ path: String, _ body: String, status: Int = 200) -> StubServer.Route {
            .init(
                method: "GET", path: path, requireHeader: ["X-aws-ec2-metadata-token", token],
                responses: [.init(status: status, body: body)])
        }
        return [
            .init(method: "PUT", path: "/latest/api/token", responses: [.init(status: 200, body: token)]),
            get("/latest/meta-data/placement/availability-zone", "eu-central-1b"),
            get("/latest/meta-data/placement/availability-zone-id", "euc1-az3"),
            get(
                "/latest/dynamic/instance-identity/document",
                #"{"region":"eu-central-1","availabilityZone":"eu-central-1b","instanceId":"i-0abc","accountId":"123456789012","imageId":"ami-1"}"#,
                status: identityStatus),
            get("/latest/meta-data/mac", mac),
            get("/latest/meta-data/network/interfaces/macs/\(PercentEncoding.encode(mac))/subnet-id", "subnet-0123456789abcdef0"),
            get("/latest/meta-data/network/interfaces/macs/\(PercentEncoding.encode(mac))/security-group-ids", "sg-111\nsg-222\n"),
            get("/latest/meta-data/iam/security-credentials/", "efs-hook-role\n"),
            get(
                "/latest/meta-data/iam/security-credentials/efs-hook-role",
                #"{"Code":"Success","Type":"AWS-HMAC","AccessKeyId":"ASIAIMDS","SecretAccessKey":"imdssecret","Token":"imdstoken","Expiration":"2031-05-01T12:00:00Z"}"#
            ),
        ]
    }

    func withIMDS<T>(
        identityStatus: Int = 200, extra: [String: String] = [:],
        _ body: (IMDSClient, AWSEnvironment, any HTTPTransport) async throws -> T
    ) async throws -> (T, [StubServer.SeenRequest]) {
        let server = try await StubServer.start(Self.routes(identityStatus: identityStatus))
        defer { server.stop() }
        let transport = AsyncHTTPTransport()
        var variables = ["AWS_EC2_METADATA_SERVICE_ENDPOINT": server.baseURL + "/", "HOME": "/nonexistent-efs-hook-home"]
        for (key, value) in extra { variables[key] = value }
        let environment = AWSEnvironment(variables)
        let imds = IMDSClient(environment: environment, transport: transport)
        let result = await Result(catching: { try await body(imds, environment, transport) })
        await transport.shutdown()
        return (try result.get(), try await server.requests())
    }

    @Test("zone, region, MAC, subnet and security groups, with one session token")
    func metadata() async throws {
        let (values, seen) = try await withIMDS { imds, _, _ in
            let mac = try await imds.mac()
            return [
                try await imds.availabilityZone(), try await imds.region(), mac,
                try await imds.subnetId(mac: mac), try await imds.securityGroupIds(mac: mac).joined(separator: ","),
            ]
        }
        #expect(values == ["eu-central-1b", "eu-central-1", Self.mac, "subnet-0123456789abcdef0", "sg-111,sg-222"])
        let puts = seen.filter { $0.method == "PUT" }
        #expect(puts.count == 1)
        #expect(puts.first?.headers["x-aws-ec2-metadata-token-ttl-seconds"] == "21600")
        #expect(seen.filter { $0.method == "GET" }.allSatisfy { $0.headers["x-aws-ec2-metadata-token"] == Self.token })
    }

    @Test("region falls back to the availability zone without the identity document")
    func regionFromZone() async throws {
        let (region, _) = try await withIMDS(identityStatus: 404) { imds, _, _ in try await imds.region() }
        #expect(region == "eu-central-1")
    }

    @Test("instance role credentials through the standard chain, and the region resolver")
    func roleCredentials() async throws {
        let ((credentials, region), seen) = try await withIMDS { imds, environment, transport in
            let chain = CredentialChain.standard(environment: environment, transport: transport, imds: imds)
            return (
                try await chain.credentials(),
                try await RegionResolver.resolve(explicit: nil, environment: environment, imds: imds)
            )
        }
        #expect(credentials.accessKeyId == "ASIAIMDS")
        #expect(credentials.sessionToken == "imdstoken")
        #expect(credentials.source == "instance-metadata")
        #expect(credentials.expiration == Date(timeIntervalSince1970: 1_935_403_200))
        #expect(region == "eu-central-1")
        #expect(seen.contains { $0.path == "/latest/meta-data/iam/security-credentials/efs-hook-role" })
    }

    @Test("a refused token is replaced once")
    func expiredToken() async throws {
        let server = try await StubServer.start([
            .init(method: "PUT", path: "/latest/api/token", responses: [.init(status: 200, body: "old"), .init(status: 200, body: "new")]),
            .init(
                method: "GET", path: "/latest/meta-data/mac", requireHeader: ["X-aws-ec2-metadata-token", "new"],
                responses: [.init(status: 200, body: Self.mac)]),
        ])
        defer { server.stop() }
        let transport = AsyncHTTPTransport()
        let imds = IMDSClient(environment: AWSEnvironment(["AWS_EC2_METADATA_SERVICE_ENDPOINT": server.baseURL]), transport: transport)
        let mac = await Result(catching: { try await imds.mac() })
        await transport.shutdown()
        #expect(try mac.get() == Self.mac)
        #expect(try await server.requests().filter { $0.method == "PUT" }.count == 2)
    }

    @Test("AWS_EC2_METADATA_DISABLED=true: a clear error and no request")
    func disabled() async {
        let transport = ScriptedTransport([.fail(ErrorCode.connectionFailed)])
        let imds = IMDSClient(environment: AWSEnvironment(["AWS_EC2_METADATA_DISABLED": "true"]), transport: transport)
        let error = await #expect(throws: EFSHookError.self) { try await imds.availabilityZone() }
        #expect(error?.code == .imdsDisabled)
        #expect(error?.message.contains("AWS_EC2_METADATA_DISABLED") == true)
        #expect(transport.sent.current.isEmpty)
    }

    /// Counts what reaches the real transport.
    final class CountingTransport: HTTPTransport, @unchecked Sendable {
        let inner: AsyncHTTPTransport
        let sent = Locked<[HTTPRequest]>([])
        init(_ inner: AsyncHTTPTransport) { self.inner = inner }
        func send(_ request: HTTPRequest) async throws(EFSHookError) -> HTTPResponse {
            sent.withLock { $0.append(request) }
            return try await inner.send(request)
        }
    }

    @Test("no metadata service (refused port): one attempt per lookup with a 1 s deadline; the chain reports no credentials")
    func unreachable() async throws {
        let http = AsyncHTTPTransport()
        let transport = CountingTransport(http)
        let environment = AWSEnvironment(["AWS_EC2_METADATA_SERVICE_ENDPOINT": "http://127.0.0.1:1", "HOME": "/nonexistent"])
        let imds = IMDSClient(environment: environment, transport: transport)
        let zone = await Result(catching: { try await imds.availabilityZone() })
        let chain = await Result(catching: {
            try await CredentialChain.standard(environment: environment, transport: transport, imds: imds).credentials()
        })
        let region = await Result(catching: { try await RegionResolver.resolve(explicit: nil, environment: environment, imds: imds) })
        await http.shutdown()

        // Fail fast: no retry of a refused connection, and every request bounded by the short deadline.
        let sent = transport.sent.current
        #expect(sent.count == 3, "one token request per lookup, got \(sent.map(\.url))")
        #expect(sent.allSatisfy { $0.method == "PUT" && $0.timeout == .seconds(1) })
        guard case .failure(let zoneError as EFSHookError) = zone else { Issue.record("expected failure, got \(zone)"); return }
        #expect(zoneError.code == .imdsUnavailable)
        #expect(zoneError.message.contains("not on EC2"))
        guard case .failure(let chainError as EFSHookError) = chain else { Issue.record("expected failure"); return }
        #expect(chainError.code == .noCredentials)
        #expect(chainError.message.contains("instance-metadata: cannot reach EC2 instance metadata"))
        guard case .failure(let regionError as EFSHookError) = region else { Issue.record("expected failure"); return }
        #expect(regionError.code == .noRegion)
        #expect(regionError.kind == .config)
    }
}
