import Common
import EFSHookTestSupport
import Foundation
import Testing

@testable import AWSClient

/// The credential chain, STS and efs.roleArn against moto with two accounts, every request
/// signature-checked by botocore in Tests/Helpers/aws_identity_proxy.py (see IdentityStack).
@Suite("AWS identities against moto", .serialized, IdentityStackScope())
struct IdentityMotoTests {
    static func token(_ name: String) -> String { "\(name)-\(UUID().uuidString.prefix(8))" }

    /// Shared files in a fresh directory; returns the environment that names them.
    func files(credentials: String = "", config: String = "") throws -> [String: String] {
        let dir = try TemporaryPath.directory("identity")
        try credentials.write(toFile: "\(dir)/credentials", atomically: true, encoding: .utf8)
        try config.write(toFile: "\(dir)/config", atomically: true, encoding: .utf8)
        return ["AWS_SHARED_CREDENTIALS_FILE": "\(dir)/credentials", "AWS_CONFIG_FILE": "\(dir)/config", "HOME": dir]
    }

    func withClient<T>(
        _ environment: [String: String], roleArn: String? = nil, _ body: (EFSClient) async throws -> T
    ) async throws -> T {
        var options = EFSClient.Options(retry: RetryPolicy(sleep: SleepRecorder().policySleep))
        options.roleArn = roleArn
        let client = try EFSClient(environment: environment, options: options)
        let result = await Result(catching: { try await body(client) })
        await client.shutdown()
        return try result.get()
    }

    func expectAllSigned(_ stats: IdentityStack.Stats) {
        #expect(stats.requests.allSatisfy { $0.signature == "ok" || $0.operation == "AssumeRoleWithWebIdentity" }, "\(stats.problems)")
        #expect(stats.problems.isEmpty, "\(stats.problems)")
    }

    @Test("AWS_PROFILE naming role_arn + source_profile: EFS calls are made as the assumed role")
    func roleProfile() async throws {
        let stack = try IdentityStackScope.current()
        try await stack.reset()
        let env = stack.environment(
            try files(
                credentials: "[base]\naws_access_key_id = \(stack.accessKeyId)\naws_secret_access_key = \(stack.secretAccessKey)\n",
                config: "[profile xacct]\nrole_arn = \(IdentityStack.efsRole)\nsource_profile = base\nrole_session_name = agent-7\n")
        ).merging(["AWS_PROFILE": "xacct"]) { $1 }
        let token = Self.token("role-profile")
        let created = try await withClient(env) { efs in
            try await efs.ensureFileSystem(CreateFileSystemRequest(creationToken: token))
        }
        let stats = try await stack.stats()
        print(
            "role profile: AssumeRole \(stats.count("AssumeRole")), EFS \(stats.efs.count), keys \(Set(stats.efs.compactMap(\.accessKey)))")
        #expect(stats.count("AssumeRole") >= 1)
        #expect(stats.efs.count >= 1 && stats.efs.allSatisfy { $0.accessKey?.hasPrefix("ASIA") == true })
        #expect(stats.sts.allSatisfy { $0.accessKey == stack.accessKeyId }, "AssumeRole is signed with the source profile's keys")
        expectAllSigned(stats)
        #expect(try await stack.fileSystems(token: token, account: IdentityStack.efsAccount) == [created.fileSystemId])
        #expect(try await stack.fileSystems(token: token, account: IdentityStack.agentAccount).isEmpty)
    }

    @Test("a role profile whose source_profile is missing: a configuration error naming both, and no request")
    func missingSourceProfile() async throws {
        let stack = try IdentityStackScope.current()
        try await stack.reset()
        let env = stack.environment(
            try files(config: "[profile xacct]\nrole_arn = \(IdentityStack.efsRole)\nsource_profile = nope\n")
        ).merging(["AWS_PROFILE": "xacct"]) { $1 }
        let error = await #expect(throws: EFSHookError.self) {
            try await withClient(env) { efs in _ = try await efs.describeFileSystems(maxItems: 1) }
        }
        print("missing source_profile: \(error?.message ?? "-")")
        #expect(error?.kind == .config)
        #expect(error?.exitCode == 78)
        #expect(error?.message.contains("profile xacct") == true && error?.message.contains("source_profile nope") == true)
        #expect(try await stack.stats().requests.isEmpty, "no call is made with any other identity")
    }

    @Test("web identity: AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN")
    func webIdentity() async throws {
        let stack = try IdentityStackScope.current()
        try await stack.reset()
        let tokenFile = TemporaryPath.file("token")
        try "eyJhbGciOiJSUzI1NiJ9.test.token".write(toFile: tokenFile, atomically: true, encoding: .utf8)
        let env = stack.environment([
            "AWS_WEB_IDENTITY_TOKEN_FILE": tokenFile, "AWS_ROLE_ARN": "arn:aws:iam::333333333333:role/web",
            "AWS_ROLE_SESSION_NAME": "pod-1",
        ])
        let token = Self.token("web")
        let created = try await withClient(env) { efs in try await efs.ensureFileSystem(CreateFileSystemRequest(creationToken: token)) }
        let stats = try await stack.stats()
        print("web identity: \(stats.requests.map { "\($0.operation):\($0.signature)" })")
        #expect(stats.count("AssumeRoleWithWebIdentity") == 1)
        #expect(stats.efs.allSatisfy { $0.accessKey?.hasPrefix("ASIA") == true && $0.signature == "ok" })
        #expect(try await stack.fileSystems(token: token, account: "333333333333") == [created.fileSystemId])
    }

    @Test("credential_process: run without a shell, JSON version 1; a hanging one is cut at the launch deadline")
    func credentialProcess() async throws {
        let stack = try IdentityStackScope.current()
        try await stack.reset()
        let script = TemporaryPath.file("creds", suffix: ".sh")
        try """
        #!/bin/sh
        echo "ignored on stderr" >&2
        printf '{"Version": 1, "AccessKeyId": "%s", "SecretAccessKey": "%s"}' "$1" "$2"
        """.write(toFile: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script)
        let env = stack.environment(
            try files(config: "[profile build]\ncredential_process = \(script) '\(stack.accessKeyId)' \"\(stack.secretAccessKey)\"\n")
        ).merging(["AWS_PROFILE": "build"]) { $1 }
        _ = try await withClient(env) { efs in try await efs.describeFileSystems(maxItems: 1) }
        let stats = try await stack.stats()
        #expect(stats.efs.count == 1 && stats.efs.allSatisfy { $0.accessKey == stack.accessKeyId && $0.signature == "ok" })

        let hanging = stack.environment(try files(config: "[profile stuck]\ncredential_process = /bin/sleep 60\n"))
            .merging(["AWS_PROFILE": "stuck"]) { $1 }
        let started = Date()
        let error = await #expect(throws: EFSHookError.self) {
            try await LaunchDeadline.run(seconds: 3) {
                try await withClient(hanging) { efs in _ = try await efs.describeFileSystems(maxItems: 1) }
            }
        }
        let seconds = Date().timeIntervalSince(started)
        print("hanging credential_process: \(String(format: "%.1f", seconds)) s: \(error?.message ?? "-")")
        #expect(seconds < 6)
        #expect(error?.message.contains("launch deadline") == true && error?.message.contains("\n") == false)
    }

    @Test("efs.roleArn: keys of 111111111111, the file system is made in 222222222222; the session is cached")
    func crossAccountRole() async throws {
        let stack = try IdentityStackScope.current()
        try await stack.reset()
        let token = Self.token("xacct")
        let created = try await withClient(stack.environment(stack.agentKeys), roleArn: IdentityStack.efsRole) { efs in
            let made = try await efs.ensureFileSystem(CreateFileSystemRequest(creationToken: token))
            _ = try await efs.fileSystems(creationToken: token, pageSize: nil)
            _ = try await efs.mountTargets(fileSystemId: made.fileSystemId)
            return made
        }
        let stats = try await stack.stats()
        print(
            "efs.roleArn: AssumeRole \(stats.count("AssumeRole")), EFS calls \(stats.efs.count), signatures \(stats.requests.map(\.signature))"
        )
        #expect(stats.count("AssumeRole") == 1, "one session for the whole process")
        #expect(stats.efs.count == 3 && stats.efs.allSatisfy { $0.accessKey?.hasPrefix("ASIA") == true })
        expectAllSigned(stats)
        #expect(try await stack.fileSystems(token: token, account: IdentityStack.efsAccount) == [created.fileSystemId])
        #expect(try await stack.fileSystems(token: token, account: IdentityStack.agentAccount).isEmpty)
    }

    @Test("a long-lived client across session expiries (duration_seconds = 4): no failed request, no expired signature")
    func renewsBeforeExpiry() async throws {
        let stack = try IdentityStackScope.current()
        try await stack.reset()
        let env = stack.environment(
            try files(
                credentials: "[base]\naws_access_key_id = \(stack.accessKeyId)\naws_secret_access_key = \(stack.secretAccessKey)\n",
                config: "[profile short]\nrole_arn = \(IdentityStack.efsRole)\nsource_profile = base\nduration_seconds = 4\n")
        ).merging(["AWS_PROFILE": "short"]) { $1 }
        try await withClient(env) { efs in
            for _ in 0..<10 {
                _ = try await efs.describeFileSystems(maxItems: 1)
                try await Task.sleep(for: .milliseconds(900))
            }
        }
        let stats = try await stack.stats()
        print(
            "expiry: AssumeRole \(stats.count("AssumeRole")), EFS \(stats.efs.count), failed \(stats.efs.filter { $0.status != 200 }.count)"
        )
        #expect(stats.count("AssumeRole") >= 3, "renewed at half the 4 s session")
        #expect(
            stats.efs.count == 10 && stats.efs.allSatisfy { $0.status == 200 && $0.signature == "ok" },
            "\(stats.efs.map { "\($0.status) \($0.signature)" }) \(stats.problems)")
        #expect(!stats.requests.contains { $0.signature == "expired" }, "\(stats.problems)")
    }
}
