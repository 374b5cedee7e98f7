import ArgumentParser
import EFSHookTestSupport
import Foundation
import Testing

@testable import EFSHookCLI

@Suite struct HelpTests {
    /// The path of every command that runs something (`["plan"]`, `["debug", "failpoints"]`),
    /// read from the command tree itself, so a new subcommand is covered without editing a list.
    /// A group such as `debug` only lists its subcommands; they are covered instead.
    static let commands = leaves(EFSHookCommand.configuration.subcommands, below: [])

    static func leaves(_ commands: [any ParsableCommand.Type], below path: [String]) -> [[String]] {
        commands.flatMap { command in
            let name = path + [command._commandName]
            let subcommands = command.configuration.subcommands
            return subcommands.isEmpty ? [name] : leaves(subcommands, below: name)
        }
    }

    @Test func commandListIsTheWholeTree() {
        for command in [["plan"], ["serve"], ["debug", "failpoints"]] {
            #expect(Self.commands.contains(command), "\(command) is missing from \(Self.commands)")
        }
        #expect(!Self.commands.contains(["debug"]), "a group is not a leaf")
    }

    @Test(arguments: commands)
    func everyCommandsHelpShowsAnExample(_ command: [String]) throws {
        let result = try ProcessRunner.hook(command + ["--help"], environment: ["EFS_HOOK_CONFIG": "/dev/null"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Example"), "efs-hook \(command.joined(separator: " ")) --help has no example")
    }

    @Test func rootHelpListsExitCodes() throws {
        let result = try ProcessRunner.hook(["--help"])
        #expect(result.stdout.contains("65 invalid task"))
    }
}

@Suite struct DoctorTests {
    @Test func printsAChecklistWithFixesAndNoSecrets() throws {
        let secret = "doctorSECRETvalue0123456789abcdefXYZ"
        let result = try ProcessRunner.hook(
            ["doctor", "--state-dir", "/nonexistent-efs-hook-state"],
            environment: [
                "EFS_HOOK_CONFIG": "/dev/null", "AWS_ACCESS_KEY_ID": "AKIDDOCTORTEST", "AWS_SECRET_ACCESS_KEY": secret,
                "AWS_REGION": "us-east-1", "AWS_ENDPOINT_URL_EFS": "http://127.0.0.1:9", "AWS_EC2_METADATA_DISABLED": "true",
                "AWS_MAX_ATTEMPTS": "1",
            ])
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count >= 6)
        #expect(lines.allSatisfy { $0.hasPrefix("OK ") || $0.hasPrefix("WARN ") || $0.hasPrefix("FAIL ") }, "\(result.stdout)")
        #expect(result.stdout.contains("AWS credentials: found"))
        #expect(result.stdout.contains("FAIL EFS API"), "nothing listens on port 9")
        // Issue 22: no default cluster tag; doctor says which role each command needs.
        #expect(result.stdout.contains("FAIL cluster tag: efs.clusterTag is not set"), "\(result.stdout)")
        #expect(result.stdout.contains("OK   IAM roles: prepare, cleanup, recover"), "\(result.stdout)")
        #expect(result.stdout.contains("fix:"))
        #expect(result.status == 1, "a failed check fails the command")
        #expect(!result.stdout.contains(secret) && !result.stderr.contains(secret))
    }

    /// Mounts by DNS name with no call: doctor names the settings mount.efs would otherwise ask
    /// instance metadata for, in one line, and says nothing once the zone is set.
    @Test func namesTheSettingsThatSpareMountEFSItsOwnMetadataCalls() throws {
        let directory = try TemporaryPath.directory("doctor")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        func doctor(_ efs: String) throws -> String {
            let config = "\(directory)/config.yaml"
            try "efs:\n  mountTarget: dns\n\(efs)".write(toFile: config, atomically: true, encoding: .utf8)
            return try ProcessRunner.hook(
                ["doctor", "--state-dir", "\(directory)/state"],
                environment: [
                    "EFS_HOOK_CONFIG": config, "AWS_ACCESS_KEY_ID": "AKIDDOCTORTEST", "AWS_SECRET_ACCESS_KEY": "x",
                    "AWS_REGION": "us-east-1", "AWS_ENDPOINT_URL_EFS": "http://127.0.0.1:9", "AWS_EC2_METADATA_DISABLED": "true",
                    "AWS_MAX_ATTEMPTS": "1",
                ]
            ).stdout
        }
        let warned = try doctor("")
        let lines = warned.split(separator: "\n").filter { $0.hasPrefix("WARN mount.efs placement:") }
        #expect(lines.count == 1 && lines.first?.contains("fix: set efs.availabilityZone and efs.region:") == true, "\(warned)")
        #expect(!(try doctor("  availabilityZone: us-east-1a\n")).contains("mount.efs placement"))
    }

    /// The agent setup of the Aurora routes: the hook (Route B) and host path creation under
    /// mountRoot (Route A), each OK when set as deploy/ says, WARN with its fix when not.
    @Test func checksTheAgentsHookAndHostPathCreation() throws {
        let directory = try TemporaryPath.directory("doctor")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let modules = TestEnvironment.packageRoot.appendingPathComponent("deploy/mesos-modules.json").path
        let good = "\(directory)/good-flags"
        let deployed = try String(
            contentsOf: TestEnvironment.packageRoot.appendingPathComponent("deploy/mesos-agent-flags.txt"), encoding: .utf8)
        try deployed.replacingOccurrences(of: "file:///etc/mesos/efs-hook-modules.json", with: "file://\(modules)")
            .write(toFile: good, atomically: true, encoding: .utf8)
        let bad = "\(directory)/bad-flags"
        try "--modules=file://\(modules)\n--host_path_volume_force_creation=/srv\n".write(toFile: bad, atomically: true, encoding: .utf8)
        func doctor(_ flags: String) throws -> String {
            try ProcessRunner.hook(
                ["doctor", "--provider", "local", "--state-dir", "\(directory)/state", "--agent-flags", flags],
                environment: ["EFS_HOOK_CONFIG": "/dev/null"]
            ).stdout
        }
        let ok = try doctor(good)
        #expect(ok.contains("OK   agent hook: /usr/libexec/efs-hook/hook-run-task-labels"), "\(ok)")
        #expect(ok.contains("OK   host path creation: the agent creates /var/lib/efs-hook/mounts/NAME"), "\(ok)")
        let warned = try doctor(bad)
        #expect(warned.contains("WARN agent hook:") && warned.contains("--hooks=com_criteo_mesos_CommandHook"), "\(warned)")
        #expect(
            warned.contains("WARN host path creation:") && warned.contains("--host_path_volume_force_creation=/var/lib/efs-hook/mounts"),
            "\(warned)")
    }

    /// mesos.sandboxDirectory against the agent's --sandbox_directory.
    @Test func checksTheAgentsSandboxDirectory() throws {
        let directory = try TemporaryPath.directory("doctor")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let flags = "\(directory)/flags"
        let config = "\(directory)/config.yaml"
        try "mesos:\n  sandboxDirectory: /sandbox\n".write(toFile: config, atomically: true, encoding: .utf8)
        func doctor(_ text: String) throws -> String {
            try text.write(toFile: flags, atomically: true, encoding: .utf8)
            return try ProcessRunner.hook(
                ["doctor", "--provider", "local", "--state-dir", "\(directory)/state", "--agent-flags", flags],
                environment: ["EFS_HOOK_CONFIG": config]
            ).stdout
        }
        let ok = try doctor("--sandbox_directory=/sandbox/\n")
        #expect(ok.contains("OK   sandbox directory: /sandbox (\(flags))"), "\(ok)")
        let warned = try doctor("--work_dir=/var/lib/mesos\n")
        #expect(
            warned.contains("WARN sandbox directory: the agent's --sandbox_directory is /mnt/mesos/sandbox")
                && warned.contains("set mesos.sandboxDirectory: /mnt/mesos/sandbox"), "\(warned)")
    }

    /// A `--modules` file that cannot be read gets its own line (path and reason), and
    /// `--isolation` must name the module and filesystem/linux when the module is configured.
    @Test func checksTheModulesFileAndTheIsolation() throws {
        let directory = try TemporaryPath.directory("doctor")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let modules = TestEnvironment.packageRoot.appendingPathComponent("deploy/mesos-modules.json").path
        let flags = "\(directory)/flags"
        func doctor(_ text: String) throws -> String {
            try text.write(toFile: flags, atomically: true, encoding: .utf8)
            return try ProcessRunner.hook(
                ["doctor", "--provider", "local", "--state-dir", "\(directory)/state", "--agent-flags", flags],
                environment: ["EFS_HOOK_CONFIG": "/dev/null"]
            ).stdout
        }
        let missing = try doctor(
            "--modules=file://\(directory)/absent.json\n--isolation=filesystem/linux,com_criteo_mesos_CommandIsolator\n")
        #expect(
            missing.contains("WARN agent modules: cannot read the --modules file \(directory)/absent.json: No such file or directory"),
            "\(missing)")
        #expect(missing.contains("OK   agent isolation: com_criteo_mesos_CommandIsolator and filesystem/linux"), "\(missing)")
        let isolation = try doctor("--modules=file://\(modules)\n--isolation=posix/cpu,com_criteo_mesos_CommandIsolator\n")
        #expect(!isolation.contains("agent modules"), "\(isolation)")
        #expect(isolation.contains("WARN agent isolation: filesystem/linux not in --isolation"), "\(isolation)")
        #expect(isolation.contains("fix: add filesystem/linux to --isolation"), "\(isolation)")
        #expect(!(try doctor("--work_dir=/var/lib/mesos\n")).contains("agent isolation"), "no module, no isolation check")
    }
}
