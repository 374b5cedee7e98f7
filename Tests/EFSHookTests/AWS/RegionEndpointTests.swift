import Common
import EFSHookTestSupport
import Foundation
import Testing

@testable import AWSClient

@Suite("AWS region and endpoint")
struct AWSRegionEndpointTests {
    func region(_ explicit: String? = nil, _ env: [String: String]) throws -> String? {
        try RegionResolver.configuredRegion(explicit: explicit, environment: AWSEnvironment(isolatedEnvironment(env)))
    }

    @Test("explicit, AWS_REGION, AWS_DEFAULT_REGION, then the profile's region")
    func regionOrder() throws {
        let dir = try TemporaryPath.directory("aws")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "[default]\nregion = ap-south-1\n[profile other]\nregion = sa-east-1\n"
            .write(toFile: "\(dir)/config", atomically: true, encoding: .utf8)
        let all = ["AWS_REGION": "us-east-2", "AWS_DEFAULT_REGION": "us-west-1", "AWS_CONFIG_FILE": "\(dir)/config"]
        #expect(try region("eu-north-1", all) == "eu-north-1")
        #expect(try region(nil, all) == "us-east-2")
        #expect(try region(nil, all.filter { $0.key != "AWS_REGION" }) == "us-west-1")
        #expect(try region(nil, ["AWS_CONFIG_FILE": "\(dir)/config"]) == "ap-south-1")
        #expect(try region(nil, ["AWS_CONFIG_FILE": "\(dir)/config", "AWS_PROFILE": "other"]) == "sa-east-1")
        #expect(try region(nil, ["AWS_REGION": "  "]) == nil)
        #expect(try region(nil, [:]) == nil)
    }

    @Test("a malformed region is a configuration error")
    func invalidRegion() {
        let error = #expect(throws: EFSHookError.self) { try region(nil, ["AWS_REGION": "us-east-1/../evil"]) }
        #expect(error?.kind == .config)
        #expect(error?.message.contains("AWS_REGION") == true)
    }

    @Test("without a region and with IMDS disabled: NoRegion, no request")
    func noRegion() async {
        let transport = ScriptedTransport([.fail(ErrorCode.connectionFailed)])
        let env = AWSEnvironment(isolatedEnvironment())
        let error = await #expect(throws: EFSHookError.self) {
            try await RegionResolver.resolve(explicit: nil, environment: env, imds: IMDSClient(environment: env, transport: transport))
        }
        #expect(error?.code == .noRegion)
        #expect(error?.message.contains("AWS_EC2_METADATA_DISABLED") == true)
        #expect(transport.sent.current.isEmpty)
    }

    @Test("endpoint: explicit, AWS_ENDPOINT_URL_EFS, AWS_ENDPOINT_URL, regional default")
    func endpointOrder() throws {
        func endpoint(_ explicit: String?, _ env: [String: String], region: String = "us-east-1") throws -> String {
            try EndpointResolver.efsEndpoint(explicit: explicit, environment: AWSEnvironment(env), region: region)
        }
        let env = ["AWS_ENDPOINT_URL_EFS": "http://127.0.0.1:5000/", "AWS_ENDPOINT_URL": "http://127.0.0.1:6000"]
        #expect(try endpoint("https://efs.internal:8443", env) == "https://efs.internal:8443")
        #expect(try endpoint(nil, env) == "http://127.0.0.1:5000")
        #expect(try endpoint(nil, ["AWS_ENDPOINT_URL": "http://127.0.0.1:6000"]) == "http://127.0.0.1:6000")
        #expect(
            try endpoint(nil, env.merging(["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "true"]) { $1 })
                == "https://elasticfilesystem.us-east-1.amazonaws.com")
        #expect(try endpoint(nil, [:], region: "eu-west-1") == "https://elasticfilesystem.eu-west-1.amazonaws.com")
        #expect(try endpoint(nil, [:], region: "cn-north-1") == "https://elasticfilesystem.cn-north-1.amazonaws.com.cn")
        for bad in ["ftp://x", "elasticfilesystem.us-east-1.amazonaws.com", "http://", "http://h/?q=1", "http://a b"] {
            let error = #expect(throws: EFSHookError.self, "\(bad)") { try endpoint(bad, [:]) }
            #expect(error?.kind == .config)
        }
    }

    @Test("the client resolves region and endpoint lazily, on the first call")
    func lazyResolution() async throws {
        let transport = ScriptedTransport([ScriptedTransport.json(200, #"{"FileSystems":[]}"#)])
        let client = try EFSClient(
            environment: isolatedEnvironment(["AWS_ACCESS_KEY_ID": "AKIDX", "AWS_SECRET_ACCESS_KEY": "s", "AWS_REGION": "eu-west-3"]),
            options: .init(endpoint: "http://127.0.0.1:7/"), transport: transport)
        #expect(transport.sent.current.isEmpty)
        _ = try await client.describeFileSystems(creationToken: "t")
        let target = try await client.service.resolvedTarget()
        #expect(target == AWSServiceTarget(region: "eu-west-3", endpoint: "http://127.0.0.1:7"))
        let sent = try #require(transport.sent.current.first)
        #expect(sent.url == "http://127.0.0.1:7/2015-02-01/file-systems?CreationToken=t")
        #expect(sent.headers.value(for: "authorization")?.contains("/eu-west-3/elasticfilesystem/aws4_request") == true)
    }

    @Test("bad AWS_MAX_ATTEMPTS or efs settings fail when the client is built")
    func eagerValidation() {
        #expect(throws: EFSHookError.self) { try EFSClient(environment: ["AWS_MAX_ATTEMPTS": "many"], transport: ScriptedTransport([])) }
        #expect(throws: EFSHookError.self) {
            try EFSClient(environment: [:], options: .init(region: "Bad Region"), transport: ScriptedTransport([]))
        }
        #expect(throws: EFSHookError.self) {
            try EFSClient(environment: [:], options: .init(endpoint: "nope"), transport: ScriptedTransport([]))
        }
    }
}
