import Common
import Foundation
import Testing

@testable import AWSClient

@Suite("AWS errors and retries")
struct AWSRetryPolicyTests {
    // MARK: Error parsing and classification

    @Test(
        "the error code comes from X-Amzn-ErrorType or the body, namespace and suffix stripped",
        arguments: [
            (["X-Amzn-ErrorType": "ThrottlingException:http://internal.amazon.com/coral/"], "{}", "ThrottlingException"),
            ([:], #"{"ErrorCode":"FileSystemAlreadyExists","Message":"exists","FileSystemId":"fs-1"}"#, "FileSystemAlreadyExists"),
            ([:], #"{"__type":"com.amazonaws.efs#MountTargetConflict","message":"m"}"#, "MountTargetConflict"),
            ([:], #"{"code":"AccessDenied"}"#, "AccessDenied"),
            ([:], #"{"Code":"Throttling"}"#, "Throttling"),
            (["x-amzn-errortype": "FileSystemNotFound"], #"{"__type":"Other"}"#, "FileSystemNotFound"),
        ])
    func errorCode(headers: [String: String], body: String, code: String) {
        let response = HTTPResponse(status: 400, headers: headers.map { HTTPHeader($0.key, $0.value) }, body: Data(body.utf8))
        #expect(AWSServiceFailure.parse(response).code == ErrorCode(code))
    }

    @Test("the error message is kept; a body that is not JSON gives no code")
    func errorFields() {
        let parsed = AWSServiceFailure.parse(
            HTTPResponse(status: 409, body: Data(#"{"ErrorCode":"FileSystemAlreadyExists","Message":"exists","FileSystemId":"fs-1"}"#.utf8))
        )
        #expect(parsed.message == "exists")
        #expect(parsed.code == .fileSystemAlreadyExists)
        let html = AWSServiceFailure.parse(HTTPResponse(status: 502, body: Data("<html>bad gateway</html>".utf8)))
        #expect(html.code == nil)
        #expect(AWSErrorClassifier.kind(html) == .temporary)
    }

    @Test(
        "kinds: throttling and server errors are temporary, auth is permission denied, the rest failure",
        arguments: [
            (400, "ThrottlingException", nil, EFSHookError.Kind.temporary),
            (400, "Throttling", nil, .temporary),
            (429, "TooManyRequestsException", nil, .temporary),
            (400, nil, "Rate exceeded", .temporary),
            (400, "BadRequest", "Rate exceeded", .temporary),
            (504, "DependencyTimeout", nil, .temporary),
            (500, "InternalServerError", nil, .temporary),
            (503, nil, nil, .temporary),
            (403, "AccessDeniedException", nil, .permissionDenied),
            (403, "UnauthorizedOperation", nil, .permissionDenied),
            (403, "InvalidSignatureException", nil, .permissionDenied),
            (400, "ExpiredTokenException", nil, .permissionDenied),
            (403, nil, nil, .permissionDenied),
            (403, "FileSystemLimitExceeded", nil, .failure),
            (403, "AccessPointLimitExceeded", nil, .failure),
            (400, "ValidationException", nil, .failure),
            (400, "BadRequest", "invalid", .failure),
            (409, "FileSystemAlreadyExists", nil, .failure),
            (404, "FileSystemNotFound", nil, .failure),
        ] as [(Int, String?, String?, EFSHookError.Kind)])
    func classification(status: Int, code: String?, message: String?, kind: EFSHookError.Kind) {
        #expect(AWSErrorClassifier.kind(AWSServiceFailure(status: status, code: code.map { ErrorCode($0) }, message: message)) == kind)
    }

    @Test("what is retried, for idempotent and non-idempotent calls")
    func retryable() {
        let throttled = AttemptFailure.service(.init(status: 400, code: "ThrottlingException"))
        let rate = AttemptFailure.service(.init(status: 400, code: nil, message: "Rate exceeded"))
        let server = AttemptFailure.service(.init(status: 500, code: "InternalServerError"))
        let dependency = AttemptFailure.service(.init(status: 504, code: "DependencyTimeout"))
        let refused = AttemptFailure.transport(code: .connectionFailed, message: "")
        let timeout = AttemptFailure.transport(code: .timedOut, message: "")
        let lost = AttemptFailure.transport(code: .connectionLost, message: "")
        let conflict = AttemptFailure.service(.init(status: 409, code: "MountTargetConflict"))
        let denied = AttemptFailure.service(.init(status: 403, code: "AccessDenied"))
        for failure in [throttled, rate, server, dependency, refused, timeout, lost] {
            #expect(RetryPolicy.isRetryable(failure, idempotent: true), "\(failure)")
        }
        for failure in [throttled, rate, refused] {
            #expect(RetryPolicy.isRetryable(failure, idempotent: false), "\(failure)")
        }
        for failure in [server, dependency, timeout, lost] {
            #expect(!RetryPolicy.isRetryable(failure, idempotent: false), "\(failure)")
        }
        for failure in [conflict, denied] {
            #expect(!RetryPolicy.isRetryable(failure, idempotent: true), "\(failure)")
        }
    }

    // MARK: Backoff

    @Test("full jitter stays within the capped exponential ceiling")
    func backoffBounds() {
        let policy = RetryPolicy(jitter: { Double.random(in: 0...$0) })
        #expect(policy.ceiling(beforeRetry: 1) == .milliseconds(100))
        #expect(policy.ceiling(beforeRetry: 2) == .milliseconds(200))
        #expect(policy.ceiling(beforeRetry: 6) == .milliseconds(3200))
        #expect(policy.ceiling(beforeRetry: 7) == .seconds(5))
        #expect(policy.ceiling(beforeRetry: 60) == .seconds(5))
        for retry in 1...12 {
            for _ in 0..<200 {
                let delay = policy.delay(beforeRetry: retry)
                #expect(delay >= .zero && delay <= policy.ceiling(beforeRetry: retry))
            }
        }
        let maxJitter = RetryPolicy(jitter: { $0 * 10 })  // a misbehaving source is clamped
        #expect(maxJitter.delay(beforeRetry: 3) == .milliseconds(400))
        let noJitter = RetryPolicy(jitter: { _ in -1 })
        #expect(noJitter.delay(beforeRetry: 3) == .zero)
    }

    @Test("max attempts: caller, then AWS_MAX_ATTEMPTS, then 5")
    func maxAttempts() throws {
        #expect(try RetryPolicy.maxAttempts(environment: AWSEnvironment([:])) == 5)
        #expect(try RetryPolicy.maxAttempts(environment: AWSEnvironment(["AWS_MAX_ATTEMPTS": "3"])) == 3)
        #expect(try RetryPolicy.maxAttempts(environment: AWSEnvironment(["AWS_MAX_ATTEMPTS": "3"]), override: 7) == 7)
        #expect(throws: EFSHookError.self) { try RetryPolicy.maxAttempts(environment: AWSEnvironment(["AWS_MAX_ATTEMPTS": "0"])) }
        #expect(throws: EFSHookError.self) { try RetryPolicy.maxAttempts(environment: AWSEnvironment([:]), override: 0) }
    }

    // MARK: The client's retry loop

    func client(_ transport: ScriptedTransport, sleeper: SleepRecorder, events: EventRecorder, maxAttempts: Int = 5) throws -> EFSClient {
        try EFSClient(
            environment: isolatedEnvironment(["AWS_REGION": "us-east-1"].merging(fakeCredentialEnvironment) { $1 }),
            options: .init(
                endpoint: "http://127.0.0.1:9", maxAttempts: maxAttempts, observer: events.observer,
                retry: RetryPolicy(sleep: sleeper.policySleep, jitter: { $0 })),
            transport: transport)
    }

    @Test("throttling then success: retried with growing waits (throttles from 0.5 s), every attempt observed")
    func throttledThenSuccess() async throws {
        let transport = ScriptedTransport([
            ScriptedTransport.json(400, #"{"ErrorCode":"ThrottlingException","Message":"Rate exceeded"}"#),
            ScriptedTransport.json(400, #"{"message":"Rate exceeded"}"#),
            .fail(ErrorCode.connectionFailed),
            ScriptedTransport.json(200, #"{"FileSystems":[{"FileSystemId":"fs-1","CreationToken":"t","LifeCycleState":"available"}]}"#),
        ])
        let sleeper = SleepRecorder()
        let events = EventRecorder()
        let page = try await client(transport, sleeper: sleeper, events: events).describeFileSystems(creationToken: "t")
        #expect(page.fileSystems?.first?.fileSystemId == "fs-1")
        #expect(transport.sent.current.count == 4)
        // Two throttles (their own backoff: 0.5 s, 1 s), then a refused connection (the first of its budget: 0.1 s).
        #expect(sleeper.sleeps.current == [.milliseconds(500), .seconds(1), .milliseconds(100)])
        let recorded = events.events.current
        #expect(recorded.map(\.outcome) == [.retrying, .retrying, .retrying, .success])
        #expect(recorded.map(\.attempt) == [1, 2, 3, 4])
        #expect(recorded.map(\.errorCode) == ["ThrottlingException", nil, ErrorCode.connectionFailed, nil])
        #expect(recorded.map(\.statusCode) == [400, 400, nil, 200])
        // EFS's bare 400 "Rate exceeded" counts as throttling too (the plugin's metrics read this).
        #expect(recorded.map(\.throttled) == [true, true, false, false])
        #expect(recorded.allSatisfy { $0.operation == "DescribeFileSystems" && $0.service == "elasticfilesystem" })
        // Every attempt is signed afresh.
        #expect(Set(transport.sent.current.compactMap { $0.headers.value(for: "authorization") }).count >= 1)
    }

    @Test("after the budget: a temporary error that says how many attempts")
    func budgetExhausted() async throws {
        let transport = ScriptedTransport([ScriptedTransport.json(503, #"{"ErrorCode":"InternalServerError","Message":"boom"}"#)])
        let sleeper = SleepRecorder()
        let events = EventRecorder()
        let error = await #expect(throws: EFSHookError.self) {
            try await client(transport, sleeper: sleeper, events: events, maxAttempts: 3).deleteAccessPoint(id: "fsap-0123456789abcdef0")
        }
        #expect(error?.kind == .temporary)
        #expect(error?.code == .internalServerError)
        #expect(error?.message.contains("after 3 attempts") == true)
        #expect(error?.message.contains("EFS DeleteAccessPoint") == true)
        #expect(transport.sent.current.count == 3)
        #expect(sleeper.sleeps.current.count == 2)
        #expect(events.events.current.last?.outcome == .failed)
    }

    @Test("a non-idempotent create is not retried after a server error, but is after throttling")
    func nonIdempotent() async throws {
        let request = CreateMountTargetRequest(fileSystemId: "fs-1", subnetId: "subnet-1")
        let failing = ScriptedTransport([ScriptedTransport.json(500, #"{"ErrorCode":"InternalServerError"}"#)])
        let error = await #expect(throws: EFSHookError.self) {
            try await client(failing, sleeper: SleepRecorder(), events: EventRecorder()).createMountTarget(request)
        }
        #expect(failing.sent.current.count == 1)
        #expect(error?.kind == .temporary)
        #expect(error?.message.contains("not idempotent") == true)

        let throttled = ScriptedTransport([
            ScriptedTransport.json(429, #"{"ErrorCode":"TooManyRequestsException"}"#),
            ScriptedTransport.json(
                200, #"{"MountTargetId":"fsmt-1","FileSystemId":"fs-1","SubnetId":"subnet-1","LifeCycleState":"creating"}"#),
        ])
        let created = try await client(throttled, sleeper: SleepRecorder(), events: EventRecorder()).createMountTarget(request)
        #expect(created.mountTargetId == "fsmt-1")
        #expect(throttled.sent.current.count == 2)
    }

    @Test("creates carrying their token are retried after a server error or timeout")
    func tokenCreates() async throws {
        let transport = ScriptedTransport([
            .fail(ErrorCode.timedOut),
            ScriptedTransport.json(504, #"{"ErrorCode":"DependencyTimeout"}"#),
            ScriptedTransport.json(200, #"{"AccessPointId":"fsap-1","FileSystemId":"fs-1","ClientToken":"ct"}"#),
        ])
        let created = try await client(transport, sleeper: SleepRecorder(), events: EventRecorder())
            .createAccessPoint(.init(clientToken: "ct", fileSystemId: "fs-1"))
        #expect(created.accessPointId == "fsap-1")
        #expect(transport.sent.current.count == 3)
    }

    @Test("client errors are not retried and keep their code")
    func notRetried() async throws {
        let transport = ScriptedTransport([
            ScriptedTransport.json(409, #"{"ErrorCode":"FileSystemInUse","Message":"has mount targets"}"#)
        ])
        let error = await #expect(throws: EFSHookError.self) {
            try await client(transport, sleeper: SleepRecorder(), events: EventRecorder()).deleteFileSystem(id: "fs-1")
        }
        #expect(error?.kind == .failure)
        #expect(error?.code == .fileSystemInUse)
        #expect(error?.message == "EFS DeleteFileSystem failed: FileSystemInUse: has mount targets: HTTP 409")
        #expect(transport.sent.current.count == 1)
    }

    @Test("an expired token makes the client fetch fresh credentials once")
    func expiredCredentials() async throws {
        let counter = Locked(0)
        struct Renewing: CredentialSource {
            let counter: Locked<Int>
            func credentials() async throws(EFSHookError) -> AWSCredentials {
                let n = counter.withLock {
                    $0 += 1; return $0
                }
                return AWSCredentials(accessKeyId: "ASIA\(n)", secretAccessKey: "s", sessionToken: "t", expiration: .distantFuture)
            }
            func invalidate() async {}
        }
        let transport = ScriptedTransport([
            ScriptedTransport.json(403, #"{"__type":"ExpiredTokenException","message":"expired"}"#),
            ScriptedTransport.json(200, #"{"AccessPoints":[]}"#),
        ])
        let sleeper = SleepRecorder()
        let service = AWSServiceClient(
            signingName: "elasticfilesystem", displayName: "EFS",
            target: { AWSServiceTarget(region: "us-east-1", endpoint: "http://127.0.0.1:9") },
            credentials: Renewing(counter: counter), transport: transport, retry: RetryPolicy(sleep: sleeper.policySleep))
        _ = try await EFSClient(service: service).describeAccessPoints(fileSystemId: "fs-1")
        let keys = transport.sent.current.compactMap { $0.headers.value(for: "authorization") }.map { $0.contains("ASIA2/") }
        #expect(keys == [false, true])
        #expect(sleeper.sleeps.current.isEmpty)
    }

    @Test("over real HTTP: 400 Rate exceeded, a dropped connection, then success")
    func realHTTP() async throws {
        let server = try await StubServer.start([
            .init(
                method: "GET", path: "/2015-02-01/file-systems",
                responses: [
                    .init(status: 400, body: #"{"message":"Rate exceeded"}"#, headers: ["x-amzn-ErrorType": "ThrottlingException:"]),
                    .init(status: 200, drop: true),
                    .init(status: 200, body: #"{"FileSystems":[],"NextMarker":null}"#),
                ])
        ])
        defer { server.stop() }
        let events = EventRecorder()
        let sleeper = SleepRecorder()
        let client = try EFSClient(
            environment: isolatedEnvironment(["AWS_REGION": "us-east-1"].merging(fakeCredentialEnvironment) { $1 }),
            options: .init(
                endpoint: server.baseURL, observer: events.observer,
                retry: RetryPolicy(sleep: sleeper.policySleep)))
        let result = await Result(catching: { try await client.fileSystems() })
        await client.shutdown()
        #expect(try result.get().isEmpty)
        #expect(events.events.current.map(\.errorCode) == ["ThrottlingException", ErrorCode.connectionLost, nil])
        #expect(try await server.requests().count == 3)
    }

    @Test("over real HTTP: a refused connection is a ConnectionFailed transport error")
    func refused() async throws {
        let events = EventRecorder()
        let client = try EFSClient(
            environment: isolatedEnvironment(["AWS_REGION": "us-east-1"].merging(fakeCredentialEnvironment) { $1 }),
            options: .init(
                endpoint: "http://127.0.0.1:1", maxAttempts: 2, observer: events.observer,
                retry: RetryPolicy(sleep: SleepRecorder().policySleep)))
        let result = await Result(catching: { try await client.fileSystem(id: "fs-1") })
        await client.shutdown()
        guard case .failure(let error as EFSHookError) = result else { Issue.record("expected failure, got \(result)"); return }
        #expect(error.code == ErrorCode.connectionFailed)
        #expect(error.kind == .temporary)
        #expect(error.message.contains("after 2 attempts"))
        #expect(events.events.current.map(\.errorCode) == [ErrorCode.connectionFailed, ErrorCode.connectionFailed])
    }
}
