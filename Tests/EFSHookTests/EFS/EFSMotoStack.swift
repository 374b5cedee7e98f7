import AWSClient
import Common
import Foundation
import Testing

// The AWS side of the EFS provider tests: one moto server (Tests/Helpers/aws_moto_server.py) per
// suite, with the fault-injecting, request-counting proxy (Tests/Helpers/aws_fault_proxy.py) in
// front of it. efs-hook talks only to the proxy; the tests inspect moto directly (no proxy,
// so inspection is never counted) through boto3.

/// The running moto server and proxy of a suite.
struct EFSMotoStack: Sendable {
    var motoPort: Int
    var proxyPort: Int
    /// The default VPC's subnet in each zone (`us-east-1a` …).
    var subnets: [String: String]
    var securityGroupId: String

    var motoURL: String { "http://127.0.0.1:\(motoPort)" }
    /// What efs-hook is configured with: the proxy.
    var endpoint: String { "http://127.0.0.1:\(proxyPort)" }
    var proxy: FaultProxy { FaultProxy(port: proxyPort) }
    var moto: MotoInspector { MotoInspector(port: motoPort) }

    func subnet(_ zone: String) throws -> String {
        guard let subnet = subnets[zone] else { throw EFSHookError(.failure, "moto has no default subnet in \(zone): \(subnets)") }
        return subnet
    }
}

/// Starts moto and the fault proxy for a suite and stops both when the suite ends.
struct EFSMotoScope: SuiteTrait, TestScoping {
    @TaskLocal static var stack: EFSMotoStack?

    func provideScope(for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void) async throws {
        let moto = try ScriptProcess(script: "aws_moto_server.py")
        defer { moto.stop() }
        let motoPort = try await moto.port()
        let proxy = try ScriptProcess(
            script: "aws_fault_proxy.py",
            arguments: ["--upstream", "http://127.0.0.1:\(motoPort)", "--exit-on-stdin-eof", "--max-seconds", "3600"])
        defer { proxy.stop() }
        let proxyPort = try await proxy.port(prefix: "READY")
        let run = try await ProcessRunner.python("aws_moto_server.py", ["--subnets", "us-east-1", "--port", String(motoPort)])
        guard run.status == 0 else { throw EFSHookError(.failure, "aws_moto_server.py --subnets failed: \(run.stderr)") }
        let network = try JSONDecoder().decode(MotoInspector.Network.self, from: run.stdoutData)
        let stack = EFSMotoStack(
            motoPort: motoPort, proxyPort: proxyPort,
            subnets: Dictionary(network.subnets.map { ($0.availabilityZone, $0.subnetId) }, uniquingKeysWith: { a, _ in a }),
            securityGroupId: network.securityGroupId)
        try await Self.$stack.withValue(stack) { try await function() }
    }

    static func current() throws -> EFSMotoStack {
        try #require(stack, "EFSMotoScope is not active")
    }
}

// MARK: the fault proxy's control API

struct ProxyStats: Decodable, Sendable, CustomStringConvertible {
    struct Request: Decodable, Sendable {
        var operation: String
        /// The SigV4 signing name: elasticfilesystem, monitoring.
        var service: String?
        var status: Int
        var faulted: Bool
        var mode: String?
        var method: String
        var path: String
    }

    var total: Int
    /// With --verify-secret: requests whose signature was compared with botocore's, and how many differed.
    var signaturesChecked: Int?
    var signatureMismatches: Int?
    var signatureProblems: [String]?
    var byOperation: [String: Int]
    var faulted: Int
    /// Throttled by a fault rule or by the account's token bucket.
    var throttled: Int
    var requests: [Request]

    func count(_ operation: String) -> Int { byOperation[operation] ?? 0 }

    /// Calls of `operation` that succeeded (a CreateFileSystem answered FileSystemAlreadyExists
    /// found a file system and created none).
    func succeeded(_ operation: String) -> Int {
        requests.filter { $0.operation == operation && (200..<300).contains($0.status) }.count
    }

    /// Calls that created something in EFS.
    var creates: Int { succeeded("CreateFileSystem") + succeeded("CreateMountTarget") + succeeded("CreateAccessPoint") }
    var deletes: Int { count("DeleteFileSystem") + count("DeleteMountTarget") + count("DeleteAccessPoint") }

    /// Every IAM action the requests needed, as a policy names them.
    var iamActions: Set<String> {
        Set(requests.map { ($0.service == "monitoring" ? "cloudwatch" : "elasticfilesystem") + ":" + $0.operation })
    }

    var description: String {
        "total \(total), faulted \(faulted): "
            + byOperation.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
    }
}

struct FaultRule: Codable, Sendable {
    var operation: String
    var mode: String
    var times: Int = 1
    var delaySeconds: Double = 0
}

struct FaultProxy: Sendable {
    let port: Int

    private func call(_ method: String, _ path: String, body: Data = Data()) async throws -> Data {
        let transport = AsyncHTTPTransport()
        let result = await Result(catching: {
            try await transport.send(
                HTTPRequest(
                    method: method, url: "http://127.0.0.1:\(port)\(path)",
                    headers: body.isEmpty ? [] : [HTTPHeader("Content-Type", "application/json")], body: body))
        })
        await transport.shutdown()
        let response = try result.get()
        guard response.status == 200 else {
            throw EFSHookError(
                .failure, "proxy \(method) \(path): HTTP \(response.status) \(String(decoding: response.body, as: UTF8.self))")
        }
        return response.body
    }

    func stats() async throws -> ProxyStats {
        try JSONDecoder().decode(ProxyStats.self, from: try await call("GET", "/__proxy/stats"))
    }

    /// Zeroes the counts (the fault rules stay).
    func reset() async throws { _ = try await call("POST", "/__proxy/reset") }

    /// Replaces all fault rules.
    func setFaults(_ rules: [FaultRule]) async throws {
        _ = try await call("POST", "/__proxy/faults", body: try JSONEncoder().encode(["rules": rules]))
    }

    func faults() async throws -> [FaultRule] {
        struct Rules: Decodable { var rules: [FaultRule] }
        return try JSONDecoder().decode(Rules.self, from: try await call("GET", "/__proxy/faults")).rules
    }

    /// The account model: `rate` EFS requests/s (burst `burst`; 0 turns the bucket off), and
    /// new mount targets that answer `creating` for `mountTargetCreatingSeconds`.
    func setLimits(rate: Double? = nil, burst: Double? = nil, mountTargetCreatingSeconds: Double? = nil) async throws {
        var limits: [String: Double] = [:]
        limits["rate"] = rate
        limits["burst"] = burst
        limits["mountTargetCreatingSeconds"] = mountTargetCreatingSeconds
        _ = try await call("POST", "/__proxy/limits", body: try JSONEncoder().encode(limits))
    }

    /// No faults, no limits and zero counts: every test starts here.
    func clean() async throws {
        try await setFaults([])
        try await setLimits(rate: 0, mountTargetCreatingSeconds: 0)
        try await reset()
    }
}
