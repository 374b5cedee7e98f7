import AWSClient
import Common
import Foundation
import Testing

/// A value behind a lock, for recording from `@Sendable` closures.
final class Locked<Value>: @unchecked Sendable {
    private var value: Value
    private let lock = NSLock()

    init(_ value: Value) { self.value = value }

    func withLock<T>(_ body: (inout Value) throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }

    var current: Value { withLock { $0 } }
}

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

enum AWSTestPaths {
    static func script(_ name: String) -> String {
        TestEnvironment.packageRoot.appendingPathComponent("scripts/\(name)").path
    }

    static func temporaryDirectory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("efs-hook-aws-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}

/// An environment in which nothing can reach a real AWS host or the real IMDS address.
func isolatedEnvironment(_ extra: [String: String] = [:]) -> [String: String] {
    var environment = ["AWS_EC2_METADATA_DISABLED": "true", "HOME": "/nonexistent-efs-hook-home"]
    for (key, value) in extra { environment[key] = value }
    return environment
}

/// Runs `python3 scripts/<script> arguments…` to completion off the cooperative thread pool.
func runPythonScript(_ script: String, _ arguments: [String] = [], input: Data? = nil) async throws -> (status: Int32, stdout: Data, stderr: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", AWSTestPaths.script(script)] + arguments
    let stdin = Pipe()
    let stdout = Pipe()
    let stderr = Pipe()
    process.standardInput = stdin
    process.standardOutput = stdout
    process.standardError = stderr
    try process.run()
    return await withCheckedContinuation { continuation in
        DispatchQueue.global().async {
            if let input { stdin.fileHandleForWriting.write(input) }
            try? stdin.fileHandleForWriting.close()
            let errors = Locked(Data())
            let group = DispatchGroup()
            DispatchQueue.global().async(group: group) {
                let data = stderr.fileHandleForReading.readDataToEndOfFile()
                errors.withLock { $0 = data }
            }
            let output = stdout.fileHandleForReading.readDataToEndOfFile()
            group.wait()
            process.waitUntilExit()
            continuation.resume(returning: (process.terminationStatus, output, String(decoding: errors.current, as: UTF8.self)))
        }
    }
}

/// A Python helper from scripts/ that prints `PORT <n>` (or `READY <n>`) once listening and
/// lives until its stdin closes.
final class ScriptProcess: @unchecked Sendable {
    let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    let logPath: String

    init(script: String, arguments: [String] = [], firstLine: String? = nil) throws {
        logPath = FileManager.default.temporaryDirectory.appendingPathComponent("efs-hook-\(UUID().uuidString.prefix(8)).log").path
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", AWSTestPaths.script(script)] + arguments
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle(forWritingAtPath: logPath)
        try process.run()
        if let firstLine {
            input.fileHandleForWriting.write(Data((firstLine + "\n").utf8))
        }
    }

    /// Waits (off the cooperative pool) for the `<prefix> <n>` line.
    func port(prefix: String = "PORT") async throws -> Int {
        let handle = output.fileHandleForReading
        let line: String = await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                var buffer = Data()
                while !buffer.contains(UInt8(ascii: "\n")) {
                    let chunk = handle.availableData
                    if chunk.isEmpty { break }
                    buffer.append(chunk)
                }
                continuation.resume(returning: String(decoding: buffer, as: UTF8.self))
            }
        }
        guard line.hasPrefix(prefix + " "),
            let port = Int(line.dropFirst(prefix.count + 1).trimmingCharacters(in: .whitespacesAndNewlines))
        else {
            let log = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
            throw EFSHookError(.failure, "\(process.arguments ?? []) did not start: \(line) \(log.suffix(2000))")
        }
        return port
    }

    func stop() {
        try? input.fileHandleForWriting.close()
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(atPath: logPath)
    }

    deinit { stop() }
}

/// scripts/aws_stub_server.py: scripted answers, and the list of requests it saw.
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
        case fail(String)  // a TransportErrorCode
    }

    private let steps: Locked<[Step]>
    let sent = Locked<[HTTPRequest]>([])

    init(_ steps: [Step]) { self.steps = Locked(steps) }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
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
