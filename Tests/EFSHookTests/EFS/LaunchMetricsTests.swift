import EFSHookTestSupport
import Foundation
import Testing

@testable import HostLayer

/// The launch path's textfile metrics as Prometheus sees them: Debian's node_exporter reads
/// the directory efs-hook writes `efs-hook.prom` into, while 20 local containers are prepared
/// and cleaned up at once and 3 EFS volumes are mounted cold against moto (through the
/// counting proxy); promtool checks the file and the shipped alert rules.
@Suite(
    "launch metrics: node_exporter's textfile collector",
    .enabled(if: TestEnvironment.inPrivateMountNamespace, TestEnvironment.mountReason),
    .enabled(if: PrometheusTools.installed, "needs prometheus-node-exporter and promtool (scripts/install-test-deps)"),
    .serialized, EFSMotoScope())
struct LaunchMetricsTests {
    static let nodeExporter = PrometheusTools.nodeExporter
    static let promtool = PrometheusTools.promtool

    /// `name{labels} value` lines of a scrape whose series start with `name{` and contain every label given.
    static func value(_ scrape: String, _ name: String, _ labels: [String]) -> Double {
        scrape.split(separator: "\n").filter { line in
            line.hasPrefix(name + "{") && labels.allSatisfy { line.contains($0) }
        }.compactMap { $0.split(separator: " ").last.flatMap { Double($0) } }.reduce(0, +)
    }

    @Test("20 local prepares and cleanups at once plus 3 cold EFS prepares: node_exporter serves exact counts")
    func nodeExporterServesExactCounts() async throws {
        let directory = try TemporaryPath.directory("textfile")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        chmod(directory, 0o755)
        let metricsConfig = ["metrics:", "  textfileDirectory: \(directory)"]

        let local = try HostSandbox(extraConfig: metricsConfig.joined(separator: "\n"))
        try FileManager.default.createDirectory(atPath: "\(local.localRoot)/shared", withIntermediateDirectories: true)
        let task = try TaskBuilder.write([.init(name: "shared", path: "/mnt/shared")], in: local.root)
        let failures = await withTaskGroup(of: String?.self) { group in
            for index in 0..<20 {
                group.addTask {
                    await offPool { Self.lifecycle("local-\(index)", task: task, sandbox: local) }
                }
            }
            return await group.compactMap { $0 }.reduce(into: [String]()) { $0.append($1) }
        }
        #expect(failures.isEmpty, "\(failures.prefix(3))")

        let stack = try EFSMotoScope.current()
        try await stack.proxy.clean()
        let area = try HostSandbox()
        let agent = try EFSAgent(
            "agent-m", stack: stack, clusterTag: EFSTestNames.cluster("metrics"), backingDir: "\(area.root)/efs-data",
            extraConfig: metricsConfig)
        for index in 1...3 {
            let efsTask = try TaskBuilder.write([.init(name: "cold\(index)", path: "/srv/data")], in: area.root)
            let prepared = try await agent.prepare("efs-\(index)", task: efsTask)
            try #require(prepared.status == 0, "\(prepared.summary)")
        }
        let proxied = try await stack.proxy.stats()

        let file = "\(directory)/efs-hook.prom"
        let checked = try ProcessRunner.run(Self.promtool, ["check", "metrics"], stdin: try Data(contentsOf: URL(fileURLWithPath: file)))
        #expect(checked.status == 0, "promtool check metrics: \(checked.stdout)\(checked.stderr)")

        let scrape = try await Self.scrape(directory)
        let prepares = Self.value(scrape, "efs_hook_operations_total", [#"operation="prepare""#, #"outcome="success""#])
        let cleanups = Self.value(scrape, "efs_hook_operations_total", [#"operation="cleanup""#, #"outcome="success""#])
        print("[metrics] node_exporter: prepare success \(prepares), cleanup success \(cleanups); proxy \(proxied)")
        #expect(prepares == 23)
        #expect(cleanups == 20)
        #expect(Self.value(scrape, "efs_hook_operations_total", [#"outcome=""#]) == 43, "no failure counted")
        var counted: [String: Int] = [:]
        for (operation, count) in proxied.byOperation { counted[operation, default: 0] += count }
        var exported: [String: Int] = [:]
        for operation in counted.keys {
            exported[operation] = Int(Self.value(scrape, "efs_hook_aws_requests_total", [#"operation="\#(operation)""#]))
        }
        #expect(proxied.total > 0)
        #expect(exported == counted, "AWS requests: textfile \(exported), proxy \(counted)")
        #expect(Self.value(scrape, "efs_hook_aws_requests_total", [#"outcome=""#]) == Double(proxied.total))
        #expect(Self.value(scrape, "efs_hook_mounts_total", [#"resolution="api""#]) == 3)
        #expect(scrape.contains("\nnode_textfile_scrape_error 0\n"), "node_textfile_scrape_error is not 0")
        #expect(!scrape.contains("local-1\"") && !scrape.contains("efs-1\""), "no container id is a label value")
    }

    /// Prepare, then clean up, one local container; nil when both succeed.
    static func lifecycle(_ id: String, task: String, sandbox: HostSandbox) -> String? {
        do {
            let rootfs = try sandbox.rootfs(id)
            let prepared = try ProcessRunner.hook(
                ["prepare", "--container-id", id, "--rootfs", rootfs, task], environment: sandbox.environment)
            guard prepared.status == 0 else { return "\(id) prepare: \(prepared.stderr)" }
            let cleaned = try ProcessRunner.hook(["cleanup", "--container-id", id], environment: sandbox.environment)
            return cleaned.status == 0 ? nil : "\(id) cleanup: \(cleaned.stderr)"
        } catch {
            return "\(id): \(error)"
        }
    }

    /// Starts node_exporter on loopback with only the textfile collector, scrapes it once it answers, stops it.
    static func scrape(_ directory: String) async throws -> String {
        let port = try RawHTTP.freePort()
        let exporter = Process()
        exporter.executableURL = URL(fileURLWithPath: nodeExporter)
        exporter.arguments = [
            "--web.listen-address=127.0.0.1:\(port)", "--collector.disable-defaults", "--collector.textfile",
            "--collector.textfile.directory=\(directory)",
        ]
        exporter.standardOutput = FileHandle.nullDevice
        exporter.standardError = FileHandle.nullDevice
        try exporter.run()
        defer {
            exporter.terminate()
            exporter.waitUntilExit()
        }
        for _ in 0..<100 {
            if let reply = try? RawHTTP.get(port: port, "/metrics"), reply.status == 200 { return reply.text }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw RawHTTP.Failure(description: "node_exporter did not answer on 127.0.0.1:\(port)")
    }

    @Test("promtool test rules passes on the shipped alert rules")
    func shippedAlertRulesPass() throws {
        let rules = TestEnvironment.packageRoot.appendingPathComponent("deploy/prometheus").path
        let result = try ProcessRunner.run(Self.promtool, ["test", "rules", "\(rules)/efs-hook-alerts.test.yml"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
    }
}

/// Debian's prometheus-node-exporter and promtool (the prometheus package).
enum PrometheusTools {
    static let nodeExporter = "/usr/bin/prometheus-node-exporter"
    static let promtool = "/usr/bin/promtool"
    static var installed: Bool { [nodeExporter, promtool].allSatisfy(FileManager.default.isExecutableFile) }
}
