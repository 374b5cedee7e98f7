import Foundation
import Testing

/// `policy check --front-end docker` answers what the real plugin answers: for every volume
/// of every example job, under the shipped example policy, the same allowed or refused, and
/// a refusal in the same words.
@Suite(.enabled(if: TestEnvironment.inPrivateMountNamespace, TestEnvironment.mountReason), .serialized)
struct DockerPolicyAgreementTests {
    static let tasks = [
        "examples/aurora-thermos-task.json", "Tests/Fixtures/tasks/aurora-example-docker.json",
        "Tests/Fixtures/tasks/aurora-example-mesos.json", "Tests/Fixtures/tasks/aurora-route-b-task.json",
    ]

    static func json(_ text: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] ?? [:]
    }

    @Test func policyCheckAndThePluginDecideAlikeOnEveryExample() throws {
        let policy = try String(
            contentsOf: TestEnvironment.packageRoot.appendingPathComponent("examples/two-team-policy.yaml"), encoding: .utf8)
        let sandbox = try HostSandbox(extraConfig: policy)
        let daemon = try PluginDaemonProcess.start(socket: "\(sandbox.root)/plugins/efs.sock", environment: sandbox.environment)
        defer { _ = daemon.stop() }
        var compared = 0
        for task in Self.tasks {
            let path = TestEnvironment.packageRoot.appendingPathComponent(task).path
            let check = try ProcessRunner.hook(
                ["policy", "check", "--json", "--front-end", "docker", path], environment: sandbox.environment)
            let decisions = try Self.json(check.stdout)["decisions"] as? [[String: Any]] ?? []
            // The same request: the volume's name and the options the task gives it, as Docker's Opts.
            let plan = try ProcessRunner.hook(["plan", "--json", path], environment: sandbox.environment)
            let volumes = try Self.json(plan.stdout)["volumes"] as? [[String: Any]] ?? []
            for (decision, volume) in zip(decisions, volumes) {
                let name = decision["volume"] as? String ?? ""
                let allowed = decision["allowed"] as? Bool ?? false
                let options = try JSONSerialization.data(withJSONObject: volume["options"] ?? [:])
                let created = try daemon.post(
                    "/VolumeDriver.Create", "{\"Name\":\"\(name)\",\"Opts\":\(String(decoding: options, as: UTF8.self))}")
                print("\(task) \(name): policy check \(allowed ? "allowed" : "refused"), plugin \(created.err ?? "allowed")")
                #expect((created.err == nil) == allowed, "\(task) \(name): \(created)")
                if !allowed {
                    #expect(check.status == 77)
                    #expect(created.err.map { check.stderr.contains($0) } == true, "\(check.stderr) vs \(created)")
                }
                compared += 1
            }
        }
        #expect(compared >= 3)
    }
}
