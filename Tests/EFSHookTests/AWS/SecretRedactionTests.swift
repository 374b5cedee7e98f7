import Common
import Foundation
import Logging
import Testing

@testable import AWSClient

/// Keeps every log record, message and metadata, as text.
struct CapturingLogHandler: LogHandler {
    let lines: Locked<[String]>
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        lines.withLock { $0.append("\(event.level) \(event.message) \(event.metadata ?? [:]) \(metadata)") }
    }
}

@Suite("Secrets never leak")
struct AWSSecretRedactionTests {
    static let accessKey = "AKIDSECRETTEST123456"
    static let secretKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYSECRETKEY"
    static let sessionToken = "IQoJb3JpZ2luX2VjEXAMPLESESSIONTOKEN=="
    static var forbidden: [String] { [accessKey, secretKey, sessionToken] }

    func assertClean(_ text: String, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        for secret in Self.forbidden {
            #expect(!text.contains(secret), "\(what) contains a secret: \(text)", sourceLocation: sourceLocation)
        }
    }

    @Test("description, debugDescription, dump and interpolation show only the redacted key id")
    func descriptions() {
        let credentials = AWSCredentials(
            accessKeyId: Self.accessKey, secretAccessKey: Self.secretKey, sessionToken: Self.sessionToken,
            expiration: Date(timeIntervalSince1970: 1_900_000_000), source: "environment")
        var dumped = ""
        dump(credentials, to: &dumped)
        for text in [credentials.description, credentials.debugDescription, "\(credentials)", String(reflecting: credentials), dumped] {
            assertClean(text, "rendering")
            #expect(text.contains("AKID****"), "\(text)")
        }
        #expect(credentials.description.contains("sessionToken: <redacted>"))
    }

    @Test("errors, logs and events of failing calls contain no secret")
    func errorsAndLogs() async throws {
        let lines = Locked<[String]>([])
        let logger = Logger(label: "test", factory: { _ in CapturingLogHandler(lines: lines) })
        let events = EventRecorder()
        // The service echoes what it was sent, as a confused proxy might.
        let transport = ScriptedTransport([
            ScriptedTransport.json(403, #"{"__type":"AccessDeniedException","message":"denied"}"#),
            ScriptedTransport.json(500, #"{"ErrorCode":"InternalServerError","Message":"oops"}"#),
            .fail(ErrorCode.timedOut),
        ])
        let environment = isolatedEnvironment([
            "AWS_ACCESS_KEY_ID": Self.accessKey, "AWS_SECRET_ACCESS_KEY": Self.secretKey, "AWS_SESSION_TOKEN": Self.sessionToken,
            "AWS_REGION": "us-east-1",
        ])
        let client = try EFSClient(
            environment: environment,
            options: .init(
                endpoint: "http://127.0.0.1:9", maxAttempts: 3, observer: events.observer, logger: logger,
                retry: RetryPolicy(sleep: SleepRecorder().policySleep)),
            transport: transport)
        var messages: [String] = []
        for _ in 0..<2 {
            do {
                _ = try await client.describeAccessPoints(fileSystemId: "fs-1")
                Issue.record("expected a failure")
            } catch {
                messages.append(EFSHookError.oneLine(error))
                messages.append(String(reflecting: error))
            }
        }
        var dumpedClient = ""
        dump(client, to: &dumpedClient)
        messages.append(dumpedClient)
        messages.append("\(client)")
        #expect(dumpedClient.contains("AWS_SECRET_ACCESS_KEY"), "the dump does reach the environment")
        #expect(lines.current.count >= 3, "the calls were logged")
        #expect(lines.current.contains { $0.contains("AKID****") })
        for text in messages + lines.current + events.events.current.map({ "\($0)" }) {
            assertClean(text, "error/log/event")
        }
        // The signed requests did carry them: the check above would have caught a leak.
        #expect(transport.sent.current.contains { $0.headers.value(for: "x-amz-security-token") == Self.sessionToken })
    }

    @Test("credential-chain errors contain no secret")
    func chainErrors() async {
        let transport = ScriptedTransport([ScriptedTransport.json(200, #"{"AccessKeyId":"\#(Self.accessKey)"}"#)])
        let env = AWSEnvironment([
            "AWS_SECRET_ACCESS_KEY": Self.secretKey, "AWS_EC2_METADATA_DISABLED": "true",
        ])
        do {
            _ = try await CredentialChain.standard(
                environment: env, transport: transport, imds: IMDSClient(environment: env, transport: transport)
            )
            .credentials()
            Issue.record("expected a failure")
        } catch {
            assertClean(String(reflecting: error), "partial environment error")
        }
        let container = AWSEnvironment([
            "AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://127.0.0.1:9/c", "AWS_CONTAINER_AUTHORIZATION_TOKEN": Self.sessionToken,
        ])
        do {
            _ = try await ContainerCredentialProvider(environment: container, transport: transport).credentials()
            Issue.record("expected a failure")
        } catch {
            assertClean(String(reflecting: error), "container error")
        }
    }
}
