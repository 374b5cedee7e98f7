import Common
import EFSHookCore
import EFSHookTestSupport
import Foundation
import Testing
import VolumeModel

@testable import EFSHookCLI

/// The one record per operation, the textfile metrics it folds into, and the audit trail.
@Suite struct ObservabilityTests {
    static func summary(_ change: (inout OperationSummary) -> Void = { _ in }) -> OperationSummary {
        var summary = OperationSummary(operation: "prepare", frontEnd: "isolator")
        summary.containerID = "c-secret-1"
        summary.taskID = "t-secret-1"
        summary.volumes = [
            .init(name: "shared", outcome: "mounted", resolution: "api", rule: "rule \"www\""),
            .init(name: "logs", outcome: "reused"),
        ]
        summary.awsCalls = ["DescribeFileSystems/success": 2, "CreateAccessPoint/throttled": 1]
        summary.durationSeconds = 0.3
        change(&summary)
        return summary
    }

    @Test func aDeltaCountsTheOperationItsCallsAndNewMountsWithoutTaskOrContainerIDs() {
        let delta = MetricsDelta(summary: Self.summary(), now: Date(timeIntervalSince1970: 1_700_000_000))
        #expect(delta.counters[#"efs_hook_operations_total{front_end="isolator",operation="prepare",outcome="success"}"#] == 1)
        #expect(delta.counters[#"efs_hook_aws_requests_total{operation="DescribeFileSystems",outcome="success"}"#] == 2)
        #expect(delta.counters[#"efs_hook_aws_requests_total{operation="CreateAccessPoint",outcome="throttled"}"#] == 1)
        #expect(delta.counters[#"efs_hook_mounts_total{volume="shared",resolution="api"}"#] == 1)
        #expect(delta.counters.keys.filter { $0.hasPrefix("efs_hook_mounts_total") }.count == 1, "a reused mount is no new mount")
        #expect(delta.counters[#"efs_hook_operation_duration_seconds_bucket{operation="prepare",le="0.25"}"#] == 0)
        #expect(delta.counters[#"efs_hook_operation_duration_seconds_bucket{operation="prepare",le="0.5"}"#] == 1)
        #expect(delta.counters[#"efs_hook_operation_duration_seconds_bucket{operation="prepare",le="+Inf"}"#] == 1)
        #expect(delta.gauges[#"efs_hook_last_success_timestamp_seconds{operation="prepare"}"#] == 1_700_000_000)
        let everything = (Array(delta.counters.keys) + Array(delta.gauges.keys)).joined()
        #expect(!everything.contains("secret"))
    }

    @Test func aFailureCountsByItsKindAndARefusalByFrontEnd() {
        let failed = Self.summary {
            $0.volumes = [.init(name: "billing", outcome: "refused", rule: "the default action")]
            $0.exitCode = 77
            $0.error = .permissionDenied("volume \"billing\": refused")
        }
        let delta = MetricsDelta(summary: failed, now: Date())
        #expect(delta.counters[#"efs_hook_operations_total{front_end="isolator",operation="prepare",outcome="permissionDenied"}"#] == 1)
        #expect(delta.counters[#"efs_hook_policy_refusals_total{front_end="isolator"}"#] == 1)
        #expect(delta.gauges.isEmpty, "no last-success time for a failure")
    }

    @Test func theTextfileRoundTripsAddsCountersAndReplacesHostGauges() {
        var metrics = TextfileMetrics()
        metrics.fold(MetricsDelta(summary: Self.summary(), now: Date()))
        metrics.fold(MetricsDelta(summary: Self.summary(), now: Date()))
        metrics.fold(.host(mounts: 2, responsive: ["shared": true, "gone": false]))
        metrics.fold(.host(mounts: 1, responsive: ["shared": false]))
        let reread = TextfileMetrics(parsing: metrics.rendered)
        #expect(reread == metrics)
        #expect(reread[#"efs_hook_operations_total{front_end="isolator",operation="prepare",outcome="success"}"#] == 2)
        #expect(reread[#"efs_hook_volume_responsive{volume="shared"}"#] == 0)
        #expect(reread[#"efs_hook_volume_responsive{volume="gone"}"#] == nil, "a volume no longer mounted loses its series")
        #expect(reread["efs_hook_host_mounts"] == 1)
        let text = metrics.rendered
        #expect(text.contains("# TYPE efs_hook_operation_duration_seconds histogram\n"))
        let buckets = text.split(separator: "\n").filter { $0.hasPrefix("efs_hook_operation_duration_seconds") }
        #expect(buckets.first?.contains(#"le="0.005""#) == true && buckets.dropLast(2).last?.contains(#"le="+Inf""#) == true)
        #expect(buckets.last?.hasPrefix("efs_hook_operation_duration_seconds_count") == true)
    }

    @Test func concurrentFoldsLoseNoCount() async throws {
        let directory = try TemporaryPath.directory("textfile")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let file = MetricsTextfile(directory: directory)
        let delta = MetricsDelta(summary: Self.summary(), now: Date())
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<8 {
                group.addTask { for _ in 0..<25 { try? file.fold(delta) } }
            }
        }
        let metrics = try file.read()
        #expect(metrics[#"efs_hook_operations_total{front_end="isolator",operation="prepare",outcome="success"}"#] == 200)
        #expect(metrics[#"efs_hook_aws_requests_total{operation="DescribeFileSystems",outcome="success"}"#] == 400)
        let left = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".prom") }
        #expect(left == ["efs-hook.prom"], "no temporary file is left where the collector reads")
    }

    @Test func theRecordsOwnKeysAreNeverOverwritten() throws {
        let line = StderrLogHandler.jsonLine(
            level: .notice, message: "prepare succeeded", label: "efs-hook",
            metadata: ["level": "debug", "msg": "forged", "ts": "0", "volumes": .array([.dictionary(["name": "a"])])])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["level"] as? String == "notice")
        #expect(object["msg"] as? String == "prepare succeeded")
        #expect(object["ts"] as? String != "0")
        #expect(object["meta.level"] as? String == "debug" && object["meta.msg"] as? String == "forged")
        #expect((object["volumes"] as? [[String: String]])?.first?["name"] == "a", "lists stay JSON lists")
    }

    @Test func aFailuresRecordIsItsErrorLine() {
        let failed = Self.summary {
            $0.exitCode = 75
            $0.error = EFSHookError(.temporary, "volume shared: not responding", code: "VolumeHung")
        }
        #expect(failed.message == "volume shared: not responding")
        #expect(failed.level == .error)
        guard case .dictionary(let error)? = failed.metadata["error"] else {
            Issue.record("no error object")
            return
        }
        #expect(error["code"] == "VolumeHung" && error["kind"] == "temporary")
        #expect(Self.summary().message == "prepare succeeded" && Self.summary().level == .notice)
    }

    @Test func anAuditEntryPerDecisionAndOnlyRefusalsOfAFailure() {
        let entries = AuditEntry.entries(of: Self.summary(), ts: "2026-12-07T00:00:00Z")
        #expect(entries.map(\.decision) == [.mount, .bind, .bind])
        #expect(entries.first?.rule == "rule \"www\"" && entries.first?.containerId == "c-secret-1")
        let failed = Self.summary {
            $0.volumes.append(.init(name: "billing", outcome: "refused"))
            $0.exitCode = 77
        }
        #expect(AuditEntry.entries(of: failed, ts: "t").map(\.decision) == [.refusal])
    }

    @Test func theAuditTrailAppendsRotatesAndReadsOldestFirst() throws {
        let directory = try TemporaryPath.directory("audit")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let trail = AuditTrail(path: "\(directory)/audit.jsonl", maxBytes: 600)
        for index in 0..<6 {
            try trail.append(AuditEntry.entries(of: Self.summary { $0.containerID = "c\(index)" }, ts: "2026-12-07T00:00:0\(index)Z"))
        }
        let entries = trail.entries()
        #expect(FileManager.default.fileExists(atPath: trail.rotatedPath))
        #expect(!entries.isEmpty && entries.count < 18, "the oldest rotated away: \(entries.count)")
        #expect(entries.map(\.ts) == entries.map(\.ts).sorted())
        #expect(entries.last?.containerId == "c5")
    }

    @Test func sinceTakesATimeOrAnAge() throws {
        let now = Date(timeIntervalSince1970: 1_000_000)
        #expect(try AuditCommand.time("90s", now: now) == now.addingTimeInterval(-90))
        #expect(try AuditCommand.time("2h", now: now) == now.addingTimeInterval(-7200))
        #expect(try AuditCommand.time("1970-01-12T13:46:40Z", now: now) == now)
        #expect(throws: EFSHookError.self) { try AuditCommand.time("yesterday", now: now) }
    }

    @Test func theJSONErrorObject() throws {
        let text = JSONErrorObject(EFSHookError(.temporary, "lock busy")).text
        #expect(text == #"{"error":{"code":"temporary","exitCode":75,"message":"lock busy"}}"#)
        let coded = JSONErrorObject(EFSHookError(.failure, "denied", code: "AccessDeniedException")).text
        #expect(coded.contains(#""code":"AccessDeniedException""#) && coded.contains(#""exitCode":1"#))
    }

    @Test func prepareAndCleanupTellTheRecorderTheirVolumes() async throws {
        let agent = try UnitAgent()
        let recorder = OperationRecorder(operation: "prepare", frontEnd: "cli")
        let identity = TaskIdentity(
            frontEnd: .prepare, taskId: "t1", executorId: "e1", aurora: AuroraJobKey(role: "www", environment: "prod", job: "hello"))
        try await OperationRecorder.$current.withValue(recorder) {
            _ = try await agent.prepare("c1", [try agent.request("shared", at: "/data")], identity: identity)
        }
        let prepared = recorder.finish(exitCode: 0, error: nil)
        #expect(prepared.containerID == "c1" && prepared.taskID == "t1" && prepared.jobKey == "www/prod/hello")
        #expect(prepared.volumes.map(\.outcome) == ["mounted"])
        #expect(prepared.volumes.first?.rule == "the safe defaults")
        let again = OperationRecorder(operation: "prepare", frontEnd: "cli")
        try await OperationRecorder.$current.withValue(again) {
            _ = try await agent.prepare("c2", [try agent.request("shared", at: "/data")], identity: identity)
        }
        #expect(again.summary.volumes.map(\.outcome) == ["reused"])
        let cleanup = OperationRecorder(operation: "cleanup", frontEnd: "cli")
        try await OperationRecorder.$current.withValue(cleanup) { _ = try await agent.containers.cleanup(containerID: "c1") }
        #expect(cleanup.summary.volumes.map(\.outcome) == ["released"])
    }
}
