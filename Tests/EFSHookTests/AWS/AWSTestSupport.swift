import AWSClient
import Common
import Foundation
import Testing

/// SplitMix64: a small seeded generator so generated cases are the same on every run.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// An environment in which nothing can reach a real AWS host or the real IMDS address.
func isolatedEnvironment(_ extra: [String: String] = [:]) -> [String: String] {
    var environment = ["AWS_EC2_METADATA_DISABLED": "true", "HOME": "/nonexistent-efs-hook-home"]
    for (key, value) in extra { environment[key] = value }
    return environment
}

/// What efs-hook needs to reach moto: its credentials, the config file, and no AWS profile
/// files (they would name the developer's account).
func motoEnvironment(config: String, _ extra: [String: String] = [:]) -> [String: String] {
    isolatedEnvironment(
        [
            "EFS_HOOK_CONFIG": config, "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_CONFIG_FILE": "/nonexistent-efs-hook-home/config",
            "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent-efs-hook-home/credentials",
        ].merging(extra) { $1 })
}

/// Tests/Helpers/aws_stub_server.py: scripted answers, and the list of requests it saw.
final class StubServer: @unchecked Sendable {
    struct Response: Encodable {
        var status: Int
        var body: String = ""
        var headers: [String: String] = [:]
        var delay: Double = 0
        var drop = false
    }

    struct Route: Encodable {
        var method: String
        var path: String
        var requireHeader: [String]?
        var responses: [Response]
    }

    struct SeenRequest: Decodable {
        var method: String
        var path: String
        var headers: [String: String]
        var body: String
    }

    let process: ScriptProcess
    let port: Int
    var baseURL: String { "http://127.0.0.1:\(port)" }

    private init(process: ScriptProcess, port: Int) {
        self.process = process
        self.port = port
    }

    static func start(_ routes: [Route]) async throws -> StubServer {
        let script = String(decoding: try JSONEncoder().encode(["routes": routes]), as: UTF8.self)
        let process = try ScriptProcess(script: "aws_stub_server.py", firstLine: script)
        return StubServer(process: process, port: try await process.port())
    }

    func requests() async throws -> [SeenRequest] {
        let transport = AsyncHTTPTransport()
        let result = await Result(catching: { try await transport.send(HTTPRequest(method: "GET", url: "\(baseURL)/__stub/requests")) })
        await transport.shutdown()
        return try JSONDecoder().decode([SeenRequest].self, from: try result.get().body)
    }

    func stop() { process.stop() }
}

extension Result where Failure == any Error {
    init(catching body: () async throws -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}

/// An in-process transport that answers from a script and records what it was sent.
final class ScriptedTransport: HTTPTransport, @unchecked Sendable {
    enum Step {
        case respond(HTTPResponse)
        case fail(ErrorCode)  // one of ErrorCode.transportFailures
    }

    private let steps: Locked<[Step]>
    let sent = Locked<[HTTPRequest]>([])

    init(_ steps: [Step]) { self.steps = Locked(steps) }

    func send(_ request: HTTPRequest) async throws(EFSHookError) -> HTTPResponse {
        sent.withLock { $0.append(request) }
        let step = steps.withLock { steps -> Step in
            steps.count > 1 ? steps.removeFirst() : steps[0]
        }
        switch step {
        case .respond(let response): return response
        case .fail(let code): throw EFSHookError(.temporary, "scripted \(code)", code: code)
        }
    }

    static func json(_ status: Int, _ body: String, headers: [HTTPHeader] = []) -> Step {
        .respond(HTTPResponse(status: status, headers: headers, body: Data(body.utf8)))
    }
}

/// Records sleeps instead of sleeping.
final class SleepRecorder: @unchecked Sendable {
    let sleeps = Locked<[Duration]>([])
    var policySleep: @Sendable (Duration) async throws -> Void {
        { [sleeps] duration in sleeps.withLock { $0.append(duration) } }
    }
}

final class EventRecorder: @unchecked Sendable {
    let events = Locked<[APICallEvent]>([])
    var observer: APICallObserver { { [events] event in events.withLock { $0.append(event) } } }
}

let fakeCredentials = AWSCredentials(
    accessKeyId: "AKIDTESTFAKE00000001", secretAccessKey: "fakeSecretKeyForTests/0000000000000000000",
    sessionToken: nil, source: "test")

/// `fakeCredentials` as the environment the credential chain reads first.
let fakeCredentialEnvironment = [
    "AWS_ACCESS_KEY_ID": fakeCredentials.accessKeyId, "AWS_SECRET_ACCESS_KEY": fakeCredentials.secretAccessKey,
]
