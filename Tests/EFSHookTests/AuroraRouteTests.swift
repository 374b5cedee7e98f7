import EFSHookTestSupport
import Foundation
import Testing

@testable import HostLayer

/// Aurora jobs on the Mesos containerizer, through the real binary as criteo's modules run it.
/// The inputs are the fixtures scripts/generate-fixtures encodes with Mesos' schema in the
/// shapes Aurora's MesosTaskFactory produces (Tests/Helpers/fixturegen/cases_aurora_routes.py
/// cites apache/aurora 11ebaeeb MesosTaskFactory.java 176-200, 229-273 and 313-359), with the
/// agent's paths moved into the test's sandbox. The local provider stands in for EFS.
@Suite(.enabled(if: TestEnvironment.inPrivateMountNamespace, TestEnvironment.mountReason), .serialized)
struct AuroraRouteTests {
    static let uploadsLabel = "/var/www/uploads:rw:provisioning=accessPoint"

    /// A fixture's JSON with the agent's directories moved under the sandbox.
    func rebased(_ file: String, _ sandbox: HostSandbox, replacing extra: [(String, String)] = []) throws -> String {
        var text = try String(contentsOf: TestEnvironment.fixtures.appendingPathComponent(file), encoding: .utf8)
        for (old, new) in [("/var/lib/efs-hook/mounts", sandbox.mountRoot), ("/var/lib/mesos/", "\(sandbox.root)/mesos/")] + extra {
            text = text.replacingOccurrences(of: old, with: new)
        }
        return text
    }

    /// The isolator's INPUT for a fixture ContainerConfig; returns the file and the sandbox directory.
    func isolatorInput(_ fixture: String, _ sandbox: HostSandbox, container: String) throws -> (path: String, directory: String) {
        let config = try #require(
            try JSONSerialization.jsonObject(with: Data(rebased("tasks/\(fixture).json", sandbox).utf8)) as? [String: Any])
        let directory = try #require(config["directory"] as? String)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = "\(sandbox.root)/input-\(container).json"
        try JSONSerialization.data(withJSONObject: ["container_id": ["value": container], "container_config": config])
            .write(to: URL(fileURLWithPath: path))
        return (path, directory)
    }

    /// Runs `binary` (the build under test unless an upgrade test names another) as the modules do.
    func call(
        _ arguments: [String], _ input: String, _ sandbox: HostSandbox, binary: String = TestEnvironment.binary
    ) throws -> (RunResult, output: String, error: String) {
        let output = "\(sandbox.root)/out-\(UUID().uuidString.prefix(6))"
        let error = "\(sandbox.root)/err-\(UUID().uuidString.prefix(6))"
        let result = try ProcessRunner.run(
            binary, arguments + [input, output, error], environment: sandbox.environment,
            stdin: try Data(contentsOf: URL(fileURLWithPath: input)))
        return (
            result, (try? String(contentsOfFile: output, encoding: .utf8)) ?? "",
            (try? String(contentsOfFile: error, encoding: .utf8)) ?? ""
        )
    }

    func hook(
        _ sandbox: HostSandbox, fixture: String = "run-task-hook-input.json", label: String? = nil, replacing: [(String, String)] = [],
        binary: String = TestEnvironment.binary
    ) throws -> (RunResult, output: String, error: String) {
        let path = "\(sandbox.root)/hook-input.json"
        let changes = (label.map { [(Self.uploadsLabel, $0)] } ?? []) + replacing
        try rebased("agent/\(fixture)", sandbox, replacing: changes).write(toFile: path, atomically: true, encoding: .utf8)
        return try call(["hook", "run-task-labels"], path, sandbox, binary: binary)
    }

    func mounts(_ output: String) -> [[String: Any]] {
        ((try? JSONSerialization.jsonObject(with: Data(output.utf8))) as? [String: Any])?["mounts"] as? [[String: Any]] ?? []
    }

    func bind(_ source: String, _ target: String) {
        #expect(Glibc.mount(source, target, nil, UInt(MS_BIND | MS_REC), nil) == 0, "bind \(source) \(target): errno \(errno)")
    }

    static let executorB = "thermos-www-data-prod-hello_efs_metadata-0-1f2e3d4c-5b6a-4798-8a7b-6c5d4e3f2a10"

    // MARK: Route A

    @Test func routeAMountsTheVolumeAtItsHostPathSharedByTwoExecutorsUntilBothAreCleanedUp() throws {
        let sandbox = try HostSandbox()
        let host = "\(sandbox.mountRoot)/uploads"
        // What the agent's volume/host_path isolator does first with --host_path_volume_force_creation.
        try FileManager.default.createDirectory(atPath: host, withIntermediateDirectories: true)
        let elsewhere = FileManager.default.fileExists(atPath: "/var/log/aurora/hello")
        let inputs = try (0...1).map { try isolatorInput("aurora-route-a-config-\($0)", sandbox, container: "executor-\($0)").path }

        let (first, output, error) = try call(["isolator", "prepare"], inputs[0], sandbox)
        #expect(first.status == 0, "\(first.stderr) \(error)")
        #expect(output.isEmpty, "Mesos binds the HOST_PATH volume itself: no launch info")
        #expect(try MountTable.current().isMountPoint(host))
        try "hello".write(toFile: "\(host)/greeting", atomically: true, encoding: .utf8)
        #expect(FileManager.default.fileExists(atPath: "\(sandbox.localRoot)/uploads/greeting"), "the host path is the volume")

        let (second, _, secondError) = try call(["isolator", "prepare"], inputs[1], sandbox)
        #expect(second.status == 0, "\(second.stderr) \(secondError)")
        #expect(try MountTable.current().mountCount(at: host) == 1, "one host mount for both instances")
        #expect(try sandbox.mounts() == [host], "nothing else mounted")
        #expect(try !MountTable.current().isMountPoint("/var/log/aurora/hello"), "a HOST_PATH volume elsewhere is left alone")
        #expect(FileManager.default.fileExists(atPath: "/var/log/aurora/hello") == elsewhere)

        #expect(try call(["isolator", "cleanup"], inputs[0], sandbox).0.status == 0)
        #expect(try MountTable.current().isMountPoint(host), "instance 1 still uses it")
        #expect(try call(["isolator", "cleanup"], inputs[1], sandbox).0.status == 0)
        #expect(try sandbox.mounts().isEmpty)
        #expect(sandbox.records("containers").isEmpty)
    }

    @Test func routeAPrepareFailsInOneLineAndLeavesNothingMountedWhenTheVolumeCannotMount() throws {
        let sandbox = try HostSandbox()
        try FileManager.default.createDirectory(atPath: "\(sandbox.mountRoot)/uploads", withIntermediateDirectories: true)
        // The local provider's volume directory cannot be made: a file is in the way.
        try FileManager.default.createDirectory(atPath: sandbox.localRoot, withIntermediateDirectories: true)
        try "not a directory".write(toFile: "\(sandbox.localRoot)/uploads", atomically: true, encoding: .utf8)
        let input = try isolatorInput("aurora-route-a-config-0", sandbox, container: "executor-0").path
        let (result, _, error) = try call(["isolator", "prepare"], input, sandbox)
        #expect(result.status != 0, "the container must not start on the empty directory")
        #expect(!error.isEmpty && error.split(separator: "\n").count == 1, "one line: \(error)")
        #expect(try sandbox.mounts().isEmpty)
        #expect(sandbox.records("containers").isEmpty)
    }

    // MARK: Route B

    @Test func routeBHookStoresTheRequestAndPrepareMountsItInsideTheImage() throws {
        let sandbox = try HostSandbox()
        let (hooked, labels, hookError) = try hook(sandbox)
        #expect(hooked.status == 0, "\(hooked.stderr) \(hookError)")
        let given = try JSONSerialization.jsonObject(with: Data(rebased("agent/run-task-hook-input.json", sandbox).utf8)) as! [String: Any]
        let echoed = try JSONSerialization.jsonObject(with: Data(labels.utf8)) as? [String: Any]
        #expect(
            (echoed?["labels"] as? [[String: String]]) == ((given["task_info"] as? [String: Any])?["labels"] as? [String: Any])?["labels"]
                as? [[String: String]], "the labels come back unchanged: \(labels)")
        let stored = "\(sandbox.stateDir)/requests/\(Self.executorB).json"
        #expect(FileManager.default.fileExists(atPath: stored))

        let (input, directory) = try isolatorInput("aurora-route-b-config", sandbox, container: "executor-b")
        let (prepared, output, error) = try call(["isolator", "prepare"], input, sandbox)
        #expect(prepared.status == 0, "\(prepared.stderr) \(error)")
        let mount = try #require(mounts(output).first, "\(output)")
        #expect(mounts(output).count == 1)
        #expect(mount["source"] as? String == "\(sandbox.mountRoot)/uploads")
        let target = "\(directory)/taskfs/var/www/uploads"
        #expect(mount["target"] as? String == target)
        #expect(mount["flags"] as? Int == 4096 | 16384)

        // What Mesos then does: bind the image at taskfs (volume/image), then this mount; Thermos
        // runs the task's processes with taskfs as their root.
        let image = "\(sandbox.root)/image"
        try FileManager.default.createDirectory(atPath: "\(image)/var/www/uploads", withIntermediateDirectories: true)
        bind(image, "\(directory)/taskfs")
        bind("\(sandbox.mountRoot)/uploads", target)
        try "from the task".write(toFile: "\(target)/note", atomically: true, encoding: .utf8)
        #expect(FileManager.default.fileExists(atPath: "\(sandbox.localRoot)/uploads/note"), "the task's /var/www/uploads is the volume")
        // The container's mount namespace goes before Mesos calls cleanup.
        _ = umount2(target, Int32(MNT_DETACH))
        _ = umount2("\(directory)/taskfs", Int32(MNT_DETACH))

        let (cleaned, _, _) = try call(["isolator", "cleanup"], input, sandbox)
        #expect(cleaned.status == 0)
        #expect(try sandbox.mounts().isEmpty)
        #expect(!FileManager.default.fileExists(atPath: stored), "cleanup removes the executor's request")
    }

    /// Every task on the agent goes through the hook: one without EFS metadata gets its labels
    /// back and leaves nothing behind.
    @Test func routeBHookLeavesOtherTasksAlone() throws {
        let sandbox = try HostSandbox()
        let (hooked, labels, error) = try hook(sandbox, replacing: [("metadata.efs.uploads", "metadata.site")])
        #expect(hooked.status == 0, "\(error)")
        #expect(labels.contains("org.apache.aurora.metadata.site"))
        #expect(!FileManager.default.fileExists(atPath: sandbox.stateDir), "no state written")
    }

    @Test func routeBRelativePathsReachTheTaskThroughThermosSandbox() throws {
        let sandbox = try HostSandbox()
        #expect(try hook(sandbox, label: "uploads:ro").0.status == 0)
        let (input, directory) = try isolatorInput("aurora-route-b-config", sandbox, container: "executor-b")
        let (prepared, output, error) = try call(["isolator", "prepare"], input, sandbox)
        #expect(prepared.status == 0, "\(prepared.stderr) \(error)")
        let mount = try #require(mounts(output).first, "\(output)")
        let target = "\(directory)/sandbox/uploads"
        #expect(mount["target"] as? String == target)
        #expect(mount["flags"] as? Int == 4096 | 16384 | 1, "read-only")
        // The launch helper's bind, then Thermos' `mount --rbind DIRECTORY/sandbox taskfs/mnt/mesos/sandbox`.
        bind("\(sandbox.mountRoot)/uploads", target)
        let taskView = "\(directory)/taskfs/mnt/mesos/sandbox"
        try FileManager.default.createDirectory(atPath: taskView, withIntermediateDirectories: true)
        bind("\(directory)/sandbox", taskView)
        try "shared".write(toFile: "\(sandbox.localRoot)/uploads/file", atomically: true, encoding: .utf8)
        #expect(FileManager.default.fileExists(atPath: "\(taskView)/uploads/file"), "the task sees the volume in its sandbox")
        _ = umount2(taskView, Int32(MNT_DETACH))
        _ = umount2(target, Int32(MNT_DETACH))
        #expect(try call(["isolator", "cleanup"], input, sandbox).0.status == 0)
        #expect(try sandbox.mounts().isEmpty)
    }

    @Test func routeBMissingRequestFailsTheLaunchInOneLineNamingTheHook() throws {
        let sandbox = try HostSandbox()
        let (input, directory) = try isolatorInput("aurora-route-b-config", sandbox, container: "executor-b")
        // Without the agent's checkpoint of the task nothing says it asked for EFS: no work, no error.
        let (plain, plainOutput, _) = try call(["isolator", "prepare"], input, sandbox)
        #expect(plain.status == 0 && plainOutput.isEmpty)
        // The agent checkpoints the task (framework checkpointing, as Aurora's) before it launches the executor.
        let taskId = String(Self.executorB.dropFirst("thermos-".count))
        let checkpoint = directory.replacingOccurrences(of: "/mesos/slaves/", with: "/mesos/meta/slaves/") + "/tasks/\(taskId)"
        try FileManager.default.createDirectory(atPath: checkpoint, withIntermediateDirectories: true)
        try Data(contentsOf: TestEnvironment.fixtures.appendingPathComponent("agent/aurora-route-b-task.info"))
            .write(to: URL(fileURLWithPath: "\(checkpoint)/task.info"))
        let (result, _, error) = try call(["isolator", "prepare"], input, sandbox)
        #expect(result.status == 78, "\(result.stderr)")
        #expect(error.split(separator: "\n").count == 1 && error.contains("install the hook"), "\(error)")
        #expect(try sandbox.mounts().isEmpty)
        #expect(sandbox.records("containers").isEmpty)
    }

    @Test func routeBBadLabelIsRefusedByTheHookAndThenFailsTheLaunch() throws {
        let sandbox = try HostSandbox()
        let (hooked, _, hookError) = try hook(sandbox, fixture: "run-task-hook-bad-input.json")
        #expect(hooked.status == 65)
        #expect(hookError.contains("\"..\"") && hookError.contains("uploads"), "\(hookError)")
        let input = try isolatorInput("aurora-route-b-config", sandbox, container: "executor-b").path
        let (result, _, error) = try call(["isolator", "prepare"], input, sandbox)
        #expect(result.status == 65)
        #expect(error.contains("refused") && error.contains("\"..\""), "\(error)")
        #expect(try sandbox.mounts().isEmpty)
    }

    @Test func recoverRemovesRequestsOfExecutorsThatAreGone() throws {
        let sandbox = try HostSandbox()
        #expect(try hook(sandbox).0.status == 0)
        let input = try isolatorInput("aurora-route-b-config", sandbox, container: "executor-b").path
        #expect(try call(["isolator", "prepare"], input, sandbox).0.status == 0)
        let recovered = try ProcessRunner.hook(["recover", "--no-live-containers"], environment: sandbox.environment)
        #expect(recovered.status == 0, "\(recovered.stderr)")
        #expect(recovered.stdout.contains("removed task requests of executors that are gone: \(Self.executorB)"), "\(recovered.stdout)")
        #expect(!FileManager.default.fileExists(atPath: "\(sandbox.stateDir)/requests/\(Self.executorB).json"))
        #expect(try sandbox.mounts().isEmpty)
    }
}
