import EFSHookTestSupport
import Foundation
import Testing

@testable import HostLayer

/// The one record an operation leaves on stderr at the default level, its audit lines, and
/// the JSON of the commands machines read.
@Suite(.enabled(if: TestEnvironment.inPrivateMountNamespace, TestEnvironment.mountReason), .serialized)
struct OperationRecordTests {
    static func records(_ stderr: String) -> [[String: Any]] {
        stderr.split(separator: "\n").map { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any] ?? ["unparsed": String(line)]
        }
    }

    static func audit(_ sandbox: HostSandbox) throws -> [[String: Any]] {
        let text = (try? String(contentsOfFile: "\(sandbox.stateDir)/audit.jsonl", encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any] }
    }

    @Test("a warm prepare's stderr is exactly one JSON record; a failing prepare's one record holding the error; audit lines match")
    func oneRecordPerPrepare() throws {
        let sandbox = try HostSandbox(
            extraConfig: "policy:\n  defaultAction: allow\n  rules:\n    - {name: no-billing, action: deny, volumes: [billing]}")
        for name in ["shared", "billing"] {
            try FileManager.default.createDirectory(atPath: "\(sandbox.localRoot)/\(name)", withIntermediateDirectories: true)
        }
        let task = try TaskBuilder.write([.init(name: "shared", path: "/mnt/shared")], in: sandbox.root)
        func prepare(_ id: String, _ task: String) throws -> RunResult {
            try ProcessRunner.hook(
                ["prepare", "--container-id", id, "--rootfs", try sandbox.rootfs(id), task], environment: sandbox.environment)
        }
        let cold = try prepare("c1", task)
        try #require(cold.status == 0, "\(cold.stderr)")
        let warm = try prepare("c2", task)
        try #require(warm.status == 0, "\(warm.stderr)")
        let records = Self.records(warm.stderr)
        try #require(records.count == 1, "exactly one record: \(warm.stderr)")
        let record = records[0]
        #expect(record["level"] as? String == "notice" && record["msg"] as? String == "prepare succeeded")
        #expect(record["operation"] as? String == "prepare" && record["frontEnd"] as? String == "cli")
        #expect(record["containerId"] as? String == "c2" && record["exitCode"] as? String == "0")
        #expect(Double(record["durationSeconds"] as? String ?? "") != nil)
        #expect(record["awsCalls"] as? [String: Any] != nil)
        let volumes = try #require(record["volumes"] as? [[String: String]])
        #expect(volumes.map { $0["name"] } == ["shared"] && volumes.first?["outcome"] == "reused", "\(volumes)")
        #expect(volumes.first?["rule"] == "the default action", "\(volumes)")

        let billing = try TaskBuilder.write([.init(name: "billing", path: "/mnt/billing")], in: sandbox.root)
        let refused = try prepare("c3", billing)
        #expect(refused.status == 77)
        let failure = Self.records(refused.stderr)
        try #require(failure.count == 1, "exactly one record: \(refused.stderr)")
        #expect(failure[0]["level"] as? String == "error" && (failure[0]["msg"] as? String)?.contains("billing") == true)
        #expect((failure[0]["error"] as? [String: String])?["kind"] == "permissionDenied")
        #expect((failure[0]["volumes"] as? [[String: String]])?.first?["rule"] == "rule \"no-billing\"")

        let cleaned = try ProcessRunner.hook(["cleanup", "--container-id", "c1"], environment: sandbox.environment)
        #expect(cleaned.status == 0 && Self.records(cleaned.stderr).count == 1, "\(cleaned.stderr)")

        let audit = try Self.audit(sandbox)
        let decisions = audit.map { "\($0["decision"] ?? "?") \($0["volume"] ?? "?") \($0["containerId"] ?? "?")" }
        #expect(
            decisions == ["mount shared c1", "bind shared c1", "bind shared c2", "refusal billing c3", "release shared c1"], "\(decisions)")
        #expect(audit[3]["rule"] as? String == "rule \"no-billing\"")
        let listed = try ProcessRunner.hook(["audit", "--volume", "billing", "--json"], environment: sandbox.environment)
        let entries = (try? JSONSerialization.jsonObject(with: Data(listed.stdout.utf8))) as? [[String: Any]]
        #expect(entries?.count == 1 && entries?.first?["decision"] as? String == "refusal", "\(listed.stdout)")
    }

    @Test("doctor --json and migrate rexray --json parse; a failing --json command prints the JSON error object")
    func jsonOutputs() throws {
        let sandbox = try HostSandbox()
        let doctor = try ProcessRunner.hook(["doctor", "--json"], environment: sandbox.environment)
        let report = (try? JSONSerialization.jsonObject(with: Data(doctor.stdout.utf8))) as? [String: Any]
        #expect(report?["ok"] is Bool && (report?["checks"] as? [Any])?.isEmpty == false, "\(doctor.stdout)")

        let rexray = TemporaryPath.file("rexray", suffix: ".yml")
        try "libstorage:\n  service: efs\nefs:\n  region: us-east-1\n".write(toFile: rexray, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: rexray) }
        let migrated = try ProcessRunner.hook(["migrate", "rexray", "--config", rexray, "--json"])
        let object = (try? JSONSerialization.jsonObject(with: Data(migrated.stdout.utf8))) as? [String: Any]
        #expect(migrated.status == 0 && object?["configuration"] is [String: Any] && object?["yaml"] is String, "\(migrated.stdout)")

        let failed = try ProcessRunner.hook(["status", "--json", "--state-dir", "relative"], environment: sandbox.environment)
        #expect(failed.status == 64)
        let error = ((try? JSONSerialization.jsonObject(with: Data(failed.stdout.utf8))) as? [String: Any])?["error"] as? [String: Any]
        #expect(error?["code"] as? String == "usage" && error?["exitCode"] as? Int == 64 && error?["message"] is String, "\(failed.stdout)")
    }
}
