import Common
import Foundation
import Testing

@testable import AWSClient

/// Issue 22: CloudWatch's GetMetricData (query protocol) from our own client, against moto,
/// through the fault proxy checking every signature with botocore.
@Suite("CloudWatch client against moto", MotoServerScope())
struct CloudWatchClientMotoTests {
    static let secret = "motosecret"

    func withProxy<T>(_ body: (CloudWatchClient, FaultProxy, MotoInspector) async throws -> T) async throws -> T {
        let motoPort = try #require(MotoServerScope.port)
        let proxyProcess = try ScriptProcess(
            script: "aws_fault_proxy.py",
            arguments: [
                "--upstream", "http://127.0.0.1:\(motoPort)", "--exit-on-stdin-eof", "--max-seconds", "600", "--verify-secret", Self.secret,
            ])
        defer { proxyProcess.stop() }
        let proxyPort = try await proxyProcess.port(prefix: "READY")
        let client = try CloudWatchClient(
            environment: isolatedEnvironment([
                "AWS_ACCESS_KEY_ID": "AKIDMOTO", "AWS_SECRET_ACCESS_KEY": Self.secret, "AWS_REGION": "us-east-1",
                "AWS_ENDPOINT_URL_CLOUDWATCH": "http://127.0.0.1:\(proxyPort)", "AWS_MAX_ATTEMPTS": "1",
            ]))
        let result = await Result(catching: { try await body(client, FaultProxy(port: proxyPort), MotoInspector(port: motoPort)) })
        await client.shutdown()
        return try result.get()
    }

    @Test("ClientConnections summed per day over 7 days: one point per day with data, values as put, signatures botocore's")
    func clientConnectionsPerDay() async throws {
        try await withProxy { cloudWatch, proxy, moto in
            let fileSystem = "fs-\(UUID().uuidString.prefix(8).lowercased())"
            try await moto.putConnections(fileSystem, value: 0, hoursAgo: (0..<8).map { Double($0 * 24 + 1) })
            try await moto.putConnections(fileSystem, value: 4, hoursAgo: [30])
            let end = Date()
            let request = MetricDataRequest(
                queries: [.clientConnections(fileSystemId: fileSystem, id: "fs0", period: 86_400)],
                start: end.addingTimeInterval(-7 * 86_400), end: end)
            let results = try await cloudWatch.metricData(request)
            let result = try #require(results.first)
            print("[cloudwatch] \(result)")
            #expect(results.map(\.id) == ["fs0"] && result.statusCode == "Complete")
            #expect(result.values.count == 7 && result.timestamps.count == 7, "\(result)")
            #expect(result.values.sorted() == [0, 0, 0, 0, 0, 0, 4])
            let other = try await cloudWatch.metricData(
                MetricDataRequest(
                    queries: [.clientConnections(fileSystemId: "fs-none", id: "fs0", period: 86_400)], start: request.start, end: end))
            #expect(other.first?.values.isEmpty == true, "no datapoints for another file system")
            let stats = try await proxy.stats()
            #expect(stats.count("GetMetricData") == 2, "\(stats)")
            #expect(stats.requests.allSatisfy { $0.service == "monitoring" })
            #expect(stats.signaturesChecked == 2 && stats.signatureMismatches == 0, "\(stats.signatureProblems ?? [])")
        }
    }

    @Test("AccessDenied from CloudWatch: permission denied (exit 77), not retried, naming the call")
    func accessDeniedIsPermissionDenied() async throws {
        try await withProxy { cloudWatch, proxy, _ in
            try await proxy.setFaults([FaultRule(operation: "GetMetricData", mode: "denied")])
            let request = MetricDataRequest(
                queries: [.clientConnections(fileSystemId: "fs-0", id: "fs0", period: 86_400)],
                start: Date().addingTimeInterval(-86_400), end: Date())
            let error = await #expect(throws: EFSHookError.self) { _ = try await cloudWatch.metricData(request) }
            #expect(error?.kind == .permissionDenied, "\(String(describing: error))")
            #expect(error?.message.hasPrefix("CloudWatch GetMetricData failed: AccessDeniedException") == true)
            #expect(try await proxy.stats().total == 1)
        }
    }
}
