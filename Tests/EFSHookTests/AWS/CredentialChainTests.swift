import Common
import EFSHookTestSupport
import Foundation
import Testing

@testable import AWSClient

@Suite("AWS credentials")
struct AWSCredentialChainTests {
    let transport = ScriptedTransport([.fail(ErrorCode.connectionFailed)])

    func chain(_ environment: [String: String], now: @escaping @Sendable () -> Date = { Date() }) -> CredentialChain {
        let env = AWSEnvironment(environment)
        return CredentialChain.standard(
            environment: env, transport: transport, imds: IMDSClient(environment: env, transport: transport), now: now)
    }

    @Test("environment variables, with and without a session token")
    func environment() async throws {
        let plain = try await chain(isolatedEnvironment(["AWS_ACCESS_KEY_ID": "AKIDENV", "AWS_SECRET_ACCESS_KEY": "envsecret"]))
            .credentials()
        #expect(plain.accessKeyId == "AKIDENV")
        #expect(plain.secretAccessKey == "envsecret")
        #expect(plain.sessionToken == nil)
        #expect(plain.source == "environment")

        let session = try await chain(
            isolatedEnvironment([
                "AWS_ACCESS_KEY_ID": "AKIDENV", "AWS_SECRET_ACCESS_KEY": "envsecret", "AWS_SESSION_TOKEN": "envtoken",
            ])
        ).credentials()
        #expect(session.sessionToken == "envtoken")
    }

    @Test("half-set environment credentials are a configuration error")
    func partialEnvironment() async {
        let error = await #expect(throws: EFSHookError.self) {
            try await chain(isolatedEnvironment(["AWS_ACCESS_KEY_ID": "AKIDENV"])).credentials()
        }
        #expect(error?.kind == .config)
        #expect(error?.code == .partialCredentials)
        #expect(error?.message.contains("AWS_SECRET_ACCESS_KEY") == true)
    }

    @Test("shared files: credentials file, [profile x] in config, AWS_PROFILE, path overrides")
    func sharedFiles() async throws {
        let dir = try TemporaryPath.directory("aws")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: "\(dir)/.aws", withIntermediateDirectories: true)
        try """
        # comment
        [default]
        aws_access_key_id = AKIDDEFAULT
        aws_secret_access_key = defaultsecret

        [both]
        aws_access_key_id=AKIDFROMCREDS
        aws_secret_access_key=credssecret
        """.write(toFile: "\(dir)/.aws/credentials", atomically: true, encoding: .utf8)
        try """
        [default]
        region = eu-west-1
        [profile dev]
        aws_access_key_id = AKIDDEV
        aws_secret_access_key = devsecret
        aws_session_token = devtoken
        region = us-west-2
        s3 =
          max_concurrent_requests = 10
        [profile both]
        aws_access_key_id = AKIDFROMCONFIG
        aws_secret_access_key = configsecret
        [dev]
        aws_access_key_id = AKIDNOTAPROFILE
        """.write(toFile: "\(dir)/.aws/config", atomically: true, encoding: .utf8)

        let home = isolatedEnvironment(["HOME": dir])
        let byDefault = try await chain(home).credentials()
        #expect(byDefault.accessKeyId == "AKIDDEFAULT")
        #expect(byDefault.source == "shared-file:default")

        var dev = home
        dev["AWS_PROFILE"] = "dev"
        let devCredentials = try await chain(dev).credentials()
        #expect(devCredentials.accessKeyId == "AKIDDEV")
        #expect(devCredentials.sessionToken == "devtoken")

        var both = home
        both["AWS_PROFILE"] = "both"
        #expect(try await chain(both).credentials().accessKeyId == "AKIDFROMCREDS")

        // Explicit paths (with ~ expansion) replace the defaults.
        try FileManager.default.moveItem(atPath: "\(dir)/.aws/credentials", toPath: "\(dir)/creds-elsewhere")
        var moved = home
        moved["AWS_SHARED_CREDENTIALS_FILE"] = "~/creds-elsewhere"
        moved["AWS_CONFIG_FILE"] = "\(dir)/missing-config"
        #expect(try await chain(moved).credentials().accessKeyId == "AKIDDEFAULT")

        var missing = home
        missing["AWS_PROFILE"] = "nope"
        let error = await #expect(throws: EFSHookError.self) { try await chain(missing).credentials() }
        #expect(error?.code == .profileNotFound)
        #expect(error?.kind == .config)
    }

    @Test("environment wins over files; files win over container credentials")
    func order() async throws {
        let dir = try TemporaryPath.directory("aws")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "[default]\naws_access_key_id = AKIDFILE\naws_secret_access_key = filesecret\n"
            .write(toFile: "\(dir)/credentials", atomically: true, encoding: .utf8)
        let base = isolatedEnvironment([
            "AWS_SHARED_CREDENTIALS_FILE": "\(dir)/credentials",
            "AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://127.0.0.1:1/creds",
        ])
        var withEnv = base
        withEnv["AWS_ACCESS_KEY_ID"] = "AKIDENV"
        withEnv["AWS_SECRET_ACCESS_KEY"] = "envsecret"
        #expect(try await chain(withEnv).credentials().source == "environment")
        #expect(try await chain(base).credentials().source == "shared-file:default")
        #expect(transport.sent.current.isEmpty, "no HTTP request when an earlier source answers")
    }

    @Test("nothing configured and IMDS disabled: a clear NoCredentials error listing what was tried")
    func nothingConfigured() async {
        let error = await #expect(throws: EFSHookError.self) { try await chain(isolatedEnvironment()).credentials() }
        #expect(error?.kind == .config)
        #expect(error?.code == .noCredentials)
        #expect(error?.message.contains("environment: not configured") == true)
        #expect(error?.message.contains("instance-metadata: not configured") == true)
        #expect(transport.sent.current.isEmpty)
    }

    @Test("container credentials from a full URI on loopback, with the authorization token and token file")
    func containerCredentials() async throws {
        let document =
            #"{"AccessKeyId":"ASIACONTAINER","SecretAccessKey":"containersecret","Token":"containertoken","Expiration":"2031-05-01T12:00:00Z"}"#
        let server = try await StubServer.start([
            .init(
                method: "GET", path: "/creds", requireHeader: ["Authorization", "Bearer abc"],
                responses: [.init(status: 200, body: document)])
        ])
        defer { server.stop() }
        let http = AsyncHTTPTransport()
        let result = await Result(catching: {
            let env = AWSEnvironment(
                isolatedEnvironment([
                    "AWS_CONTAINER_CREDENTIALS_FULL_URI": "\(server.baseURL)/creds",
                    "AWS_CONTAINER_AUTHORIZATION_TOKEN": "Bearer abc",
                ]))
            return try await CredentialChain.standard(
                environment: env, transport: http, imds: IMDSClient(environment: env, transport: http)
            )
            .credentials()
        })
        let dir = try TemporaryPath.directory("aws")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "Bearer abc\n".write(toFile: "\(dir)/token", atomically: true, encoding: .utf8)
        let fromFile = await Result(catching: {
            try await ContainerCredentialProvider(
                environment: AWSEnvironment([
                    "AWS_CONTAINER_CREDENTIALS_FULL_URI": "\(server.baseURL)/creds",
                    "AWS_CONTAINER_AUTHORIZATION_TOKEN": "Bearer wrong",
                    "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE": "\(dir)/token",
                ]), transport: http
            ).credentials()
        })
        await http.shutdown()

        let credentials = try result.get()
        #expect(credentials.accessKeyId == "ASIACONTAINER")
        #expect(credentials.sessionToken == "containertoken")
        #expect(credentials.expiration == Date(timeIntervalSince1970: 1_935_403_200))
        #expect(credentials.source == "container")
        #expect(try fromFile.get()?.accessKeyId == "ASIACONTAINER")
        let seen = try await server.requests()
        #expect(seen.count == 2)
        #expect(seen.allSatisfy { $0.headers["authorization"] == "Bearer abc" })
    }

    @Test("container URIs: relative ones go to 169.254.170.2; plain-HTTP full URIs only to loopback or the agent")
    func containerEndpoints() throws {
        func endpoint(_ env: [String: String]) throws -> String? {
            try ContainerCredentialProvider(environment: AWSEnvironment(env), transport: transport).endpoint()
        }
        #expect(try endpoint(["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "/v2/credentials/x"]) == "http://169.254.170.2/v2/credentials/x")
        #expect(try endpoint(["AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://127.0.0.5:80/c"]) == "http://127.0.0.5:80/c")
        #expect(try endpoint(["AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://169.254.170.23/v1/credentials"]) != nil)
        #expect(try endpoint(["AWS_CONTAINER_CREDENTIALS_FULL_URI": "https://creds.example.com/c"]) != nil)
        #expect(try endpoint([:]) == nil)
        let error = #expect(throws: EFSHookError.self) {
            try endpoint(["AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://10.0.0.1/creds"])
        }
        #expect(error?.kind == .config)
    }

    @Test("container endpoint errors: 4xx is not retried, 5xx is")
    func containerErrors() async {
        let denied = ScriptedTransport([ScriptedTransport.json(403, #"{"code":"AccessDenied"}"#)])
        let env = AWSEnvironment(["AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://127.0.0.1:9/c"])
        let error = await #expect(throws: EFSHookError.self) {
            try await ContainerCredentialProvider(environment: env, transport: denied).credentials()
        }
        #expect(error?.kind == .permissionDenied)
        #expect(denied.sent.current.count == 1)

        let flaky = ScriptedTransport([
            ScriptedTransport.json(500, ""),
            ScriptedTransport.json(200, #"{"AccessKeyId":"ASIAX","SecretAccessKey":"s","Token":"t","Expiration":"2031-01-01T00:00:00Z"}"#),
        ])
        let credentials = try? await ContainerCredentialProvider(environment: env, transport: flaky).credentials()
        #expect(credentials?.accessKeyId == "ASIAX")
        #expect(flaky.sent.current.count == 2)
    }

    /// Counts lookups and hands out credentials that expire `lifetime` after the injected now.
    final class CountingProvider: CredentialProvider, @unchecked Sendable {
        let calls = Locked(0)
        let clock: Locked<Date>
        let lifetime: TimeInterval
        var name: String { "counting" }

        init(clock: Locked<Date>, lifetime: TimeInterval) {
            self.clock = clock
            self.lifetime = lifetime
        }

        func credentials() async throws(EFSHookError) -> AWSCredentials? {
            let n = calls.withLock {
                $0 += 1; return $0
            }
            try? await Task.sleep(for: .milliseconds(20))
            return AWSCredentials(
                accessKeyId: "ASIA\(n)", secretAccessKey: "s", sessionToken: "t",
                expiration: clock.current.addingTimeInterval(lifetime), source: name)
        }
    }

    @Test("cached until five minutes before expiration; concurrent callers share one lookup")
    func caching() async throws {
        let clock = Locked(Date(timeIntervalSince1970: 1_800_000_000))
        let provider = CountingProvider(clock: clock, lifetime: 15 * 60)
        let chain = CredentialChain(providers: [provider], now: { clock.current })

        let keys = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<10 { group.addTask { try await chain.credentials().accessKeyId } }
            return try await group.reduce(into: Set<String>()) { $0.insert($1) }
        }
        #expect(keys == ["ASIA1"])
        #expect(provider.calls.current == 1)

        clock.withLock { $0 += 9 * 60 }  // 6 minutes left: still cached
        #expect(try await chain.credentials().accessKeyId == "ASIA1")
        clock.withLock { $0 += 90 }  // 4.5 minutes left: refresh
        #expect(try await chain.credentials().accessKeyId == "ASIA2")
        #expect(provider.calls.current == 2)

        await chain.invalidate()
        #expect(try await chain.credentials().accessKeyId == "ASIA3")
    }

    @Test("long-term keys are looked up once")
    func longTermKeysCachedForever() async throws {
        let chain = chain(isolatedEnvironment(["AWS_ACCESS_KEY_ID": "AKIDENV", "AWS_SECRET_ACCESS_KEY": "s"]))
        let first = try await chain.credentials()
        let second = try await chain.credentials()
        #expect(first == second)
        #expect(first.expiration == nil)
    }

    @Test(
        "Expiration timestamps as the credential endpoints write them",
        arguments: [
            ("2031-05-01T12:00:00Z", 1_935_403_200.0), ("2031-05-01T12:00:00.250Z", 1_935_403_200.25),
            ("2031-05-01T14:30:00+02:30", 1_935_403_200.0), ("2031-05-01T10:00:00-0200", 1_935_403_200.0),
            ("1970-01-01T00:00:00Z", 0.0), ("2024-02-29T23:59:59Z", 1_709_251_199.0),
        ])
    func expirationFormats(text: String, epoch: Double) {
        #expect(UTCTime.parseISO8601(text) == Date(timeIntervalSince1970: epoch))
    }

    @Test(
        "unreadable Expiration is an error, not a credential that never expires",
        arguments: ["tomorrow", "2031-13-01T00:00:00Z", "2031-05-01T12:00:00Zjunk", ""])
    func badExpiration(text: String) {
        let body = Data(#"{"AccessKeyId":"ASIAX","SecretAccessKey":"s","Expiration":"\#(text)"}"#.utf8)
        #expect(throws: EFSHookError.self) { try CredentialDocument.decode(body, source: "t", what: "test") }
    }
}
