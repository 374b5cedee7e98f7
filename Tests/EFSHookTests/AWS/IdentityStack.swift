import AWSClient
import Common
import Foundation
import Testing

/// moto with an access key in account 111111111111, and Tests/Helpers/aws_identity_proxy.py in
/// front of it: it checks every request's signature with botocore (for the static key and the
/// session keys it sees STS hand out), says which way each request came (direct, forward,
/// connect), and shows the EFS account's zone names swapped (`us-east-1a` ↔ `us-east-1c`) to
/// requests signed with session credentials, as another account's names map.
struct IdentityStack: Sendable {
    static let agentAccount = "111111111111"
    static let efsAccount = "222222222222"
    static let efsRole = "arn:aws:iam::222222222222:role/efs"
    static let swappedZones = #"{"us-east-1a": "us-east-1c", "us-east-1c": "us-east-1a"}"#

    var motoPort: Int
    var proxyPort: Int
    var accessKeyId: String
    var secretAccessKey: String

    var motoURL: String { "http://127.0.0.1:\(motoPort)" }
    var proxyURL: String { "http://127.0.0.1:\(proxyPort)" }

    struct Request: Decodable, Sendable {
        var route: String
        var service: String?
        var operation: String
        var accessKey: String?
        var status: Int
        var signature: String
    }

    struct Stats: Decodable, Sendable {
        var requests: [Request]
        var problems: [String]

        func count(_ operation: String) -> Int { requests.filter { $0.operation == operation }.count }
        var efs: [Request] { requests.filter { $0.service == "elasticfilesystem" } }
        var sts: [Request] { requests.filter { $0.service == "sts" || $0.operation.hasPrefix("AssumeRole") } }
    }

    func stats() async throws -> Stats {
        try JSONDecoder().decode(Stats.self, from: try await control("stats"))
    }

    func reset() async throws { _ = try await control("reset") }

    private func control(_ name: String) async throws -> Data {
        let transport = AsyncHTTPTransport()
        let result = await Result(catching: {
            try await transport.send(HTTPRequest(method: name == "reset" ? "POST" : "GET", url: "\(proxyURL)/__proxy/\(name)"))
        })
        await transport.shutdown()
        return try result.get().body
    }

    /// The environment of an agent whose AWS calls (EFS and STS) go to the proxy.
    func environment(_ extra: [String: String] = [:]) -> [String: String] {
        isolatedEnvironment(
            [
                "AWS_REGION": "us-east-1", "AWS_ENDPOINT_URL": proxyURL, "AWS_CONFIG_FILE": "/nonexistent-efs-hook-home/config",
                "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent-efs-hook-home/credentials", "AWS_MAX_ATTEMPTS": "2",
            ].merging(extra) { $1 })
    }

    var agentKeys: [String: String] { ["AWS_ACCESS_KEY_ID": accessKeyId, "AWS_SECRET_ACCESS_KEY": secretAccessKey] }

    /// File systems with `token` in `account` (asked of moto directly, never counted).
    func fileSystems(token: String, account: String) async throws -> [String] {
        let run = try await ProcessRunner.python("moto_accounts.py", [String(motoPort), "file-systems", account, token])
        try #require(run.status == 0, "\(run.stderr)")
        return try JSONDecoder().decode([String].self, from: run.stdoutData)
    }

    /// A file system in `account` with mount targets in `zones`' default subnets:
    /// {"fileSystemId", "mountTargets": [{"zone", "zoneId", "ip"}]} as moto names them.
    func fileSystemWithTargets(account: String, zones: [String]) async throws -> MotoFileSystem {
        let run = try await ProcessRunner.python(
            "moto_accounts.py", [String(motoPort), "create-fs", account] + zones)
        try #require(run.status == 0, "\(run.stderr)")
        return try JSONDecoder().decode(MotoFileSystem.self, from: run.stdoutData)
    }
}

struct MotoFileSystem: Decodable, Sendable {
    struct Target: Decodable, Sendable {
        var zone: String
        var zoneId: String
        var ip: String
        var subnetId: String
    }
    var fileSystemId: String
    var mountTargets: [Target]
}

struct IdentityStackScope: SuiteTrait, TestScoping {
    @TaskLocal static var stack: IdentityStack?

    func provideScope(for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void) async throws {
        let moto = try ScriptProcess(script: "aws_moto_server.py")
        defer { moto.stop() }
        let motoPort = try await moto.port()
        let run = try await ProcessRunner.python(
            "aws_moto_server.py", ["--access-key", IdentityStack.agentAccount, "--port", String(motoPort)])
        guard run.status == 0 else { throw EFSHookError(.failure, "aws_moto_server.py --access-key failed: \(run.stderr)") }
        let key = try JSONDecoder().decode([String: String].self, from: run.stdoutData)
        let accessKeyId = try #require(key["accessKeyId"])
        let secret = try #require(key["secretAccessKey"])
        let proxy = try ScriptProcess(
            script: "aws_identity_proxy.py",
            arguments: [
                "--upstream", "http://127.0.0.1:\(motoPort)", "--secret", "\(accessKeyId)=\(secret)", "--secret",
                "AKIDPROCESS=processsecret",
                "--session-zone-names", IdentityStack.swappedZones, "--max-seconds", "1800",
            ])
        defer { proxy.stop() }
        let proxyPort = try await proxy.port(prefix: "READY")
        let stack = IdentityStack(motoPort: motoPort, proxyPort: proxyPort, accessKeyId: accessKeyId, secretAccessKey: secret)
        try await Self.$stack.withValue(stack) { try await function() }
    }

    static func current() throws -> IdentityStack { try #require(stack, "IdentityStackScope is not active") }
}
