import EFSHookTestSupport
import Foundation
import Testing

/// `status` and `plan` read the state directory and never change it: on a host where
/// efs-hook never ran they create nothing (no state directory, no locks, no user index).
@Suite struct ReadOnlyCommandsTests {
    @Test func statusAndPlanCreateNothing() throws {
        let root = try TemporaryPath.directory("read-only")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let stateDir = "\(root)/state"
        let config = "\(root)/config.yaml"
        try "provider: local\nstateDir: \(stateDir)\nmountRoot: \(root)/mounts\nlocal:\n  root: \(root)/volumes\n"
            .write(toFile: config, atomically: true, encoding: .utf8)
        let environment = ["EFS_HOOK_CONFIG": config]

        let status = try ProcessRunner.hook(["status", "--json"], environment: environment)
        #expect(status.status == 0, "\(status.stderr)")
        let report = try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any]
        #expect((report?["volumes"] as? [Any])?.isEmpty == true && (report?["containers"] as? [Any])?.isEmpty == true, "\(status.stdout)")
        let task = TestEnvironment.fixtures.appendingPathComponent("tasks/mesos-docker-volumes.json").path
        let plan = try ProcessRunner.hook(["plan", task], environment: environment)
        // The safe defaults refuse app-data (its path is outside its access-point root): plan exits 77.
        #expect(plan.status == 77 && plan.stderr.contains("app-data"), "\(plan.stderr)")
        #expect(!FileManager.default.fileExists(atPath: stateDir), "status or plan created \(stateDir)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: root) == ["config.yaml"])
    }
}
