import EFSHookTestSupport
import Foundation
import Testing

/// The bad-input corpus (Tests/Fixtures/bad, from scripts/generate-fixtures) against the
/// real binary: exit 65, one line on stderr naming the problem, nothing on stdout, and
/// nothing mounted or recorded.
@Suite struct BadInputTests {
    struct Case: Decodable, CustomTestStringConvertible {
        var file: String
        var message: String?
        var format: String
        var expect: String
        var testDescription: String { file }
    }

    static let cases: [Case] = {
        let url = TestEnvironment.fixtures.appendingPathComponent("bad/manifest.json")
        guard let data = try? Data(contentsOf: url) else { return [] }
        return (try? JSONDecoder().decode([Case].self, from: data)) ?? []
    }()

    static func arguments(_ command: [String], _ item: Case) -> [String] {
        var arguments = command + ["--format", item.format]
        if let message = item.message { arguments += ["--message", message] }
        return arguments + [TestEnvironment.fixtures.appendingPathComponent("bad/\(item.file)").path]
    }

    static func check(_ result: RunResult, _ item: Case) {
        #expect(result.status == 65, "\(item.file): exit \(result.status), stderr: \(result.stderr)")
        #expect(result.stdout.isEmpty, "\(item.file): stdout must stay empty")
        #expect(
            result.stderr.hasSuffix("\n") && result.stderr.dropLast().split(separator: "\n").count == 1,
            "\(item.file): one line: \(result.stderr)")
        #expect(result.stderr.lowercased().contains(item.expect), "\(item.file): expected \"\(item.expect)\" in \(result.stderr)")
    }

    @Test func corpusHasAtLeastThirtyCases() {
        #expect(Self.cases.count >= 30)
    }

    @Test(arguments: cases)
    func planRejects(_ item: Case) throws {
        let result = try ProcessRunner.hook(Self.arguments(["plan"], item), environment: ["EFS_HOOK_CONFIG": "/dev/null"])
        Self.check(result, item)
    }

    @Test(.enabled(if: TestEnvironment.inPrivateMountNamespace, TestEnvironment.mountReason), arguments: cases)
    func prepareRejectsAndChangesNothing(_ item: Case) throws {
        let sandbox = try HostSandbox()
        let rootfs = try sandbox.rootfs("c1")
        let result = try ProcessRunner.hook(
            Self.arguments(["prepare", "--container-id", "c1", "--rootfs", rootfs, "--sandbox", rootfs], item),
            environment: sandbox.environment)
        Self.check(result, item)
        #expect(try sandbox.mounts().isEmpty)
        #expect(sandbox.records("containers").isEmpty)
        #expect(sandbox.records("mounts").isEmpty)
    }

    @Test func oversizedInputIsRefusedByTheBinary() throws {
        let path = TemporaryPath.file("oversized", suffix: ".bin")
        try Data(repeating: 0x0A, count: 4 * 1024 * 1024 + 10).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try ProcessRunner.hook(["plan", path], environment: ["EFS_HOOK_CONFIG": "/dev/null"])
        #expect(result.status == 65)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("4 MiB"))
    }

    @Test func usageErrorsExit64() throws {
        let missing = try ProcessRunner.hook(["prepare", "task.json"], environment: ["EFS_HOOK_CONFIG": "/dev/null"])
        #expect(missing.status == 64)
        let unknown = try ProcessRunner.hook(["plan", "--bogus", "x"], environment: ["EFS_HOOK_CONFIG": "/dev/null"])
        #expect(unknown.status == 64)
        let noFile = try ProcessRunner.hook(["plan", "/nonexistent/task.json"], environment: ["EFS_HOOK_CONFIG": "/dev/null"])
        #expect(noFile.status == 64)
        #expect(noFile.stdout.isEmpty)
    }

    /// A command line that fails: one line on stderr in our words (never a library's text, a
    /// usage block or a help hint of ArgumentParser's), nothing on stdout but plan's plan.
    struct CommandLineCase: CustomTestStringConvertible, Sendable {
        var name: String
        /// `CONFIG` stands for a file holding `config`.
        var arguments: [String]
        var config = ""
        var environment: [String: String] = [:]
        var status: Int32
        var expect: String
        var printsPlan = false
        var testDescription: String { name }
    }

    static let exampleTask = TestEnvironment.packageRoot.appendingPathComponent("examples/aurora-thermos-task.json").path
    /// A port nothing listens on.
    static let closedEndpoint = [
        "AWS_ACCESS_KEY_ID": "AKIDBADINPUTTEST", "AWS_SECRET_ACCESS_KEY": "x", "AWS_REGION": "us-east-1",
        "AWS_ENDPOINT_URL_EFS": "http://127.0.0.1:1", "AWS_EC2_METADATA_DISABLED": "true", "AWS_MAX_ATTEMPTS": "1",
    ]

    static let commandLines: [CommandLineCase] = [
        .init(
            name: "unknown option", arguments: ["plan", "--bogus", "x"], status: 64,
            expect: "unknown option '--bogus' (see efs-hook plan --help)"),
        .init(name: "missing option", arguments: ["prepare", "task.json"], status: 64, expect: "(see efs-hook prepare --help)"),
        .init(name: "missing argument", arguments: ["policy", "check"], status: 64, expect: "(see efs-hook policy check --help)"),
        .init(name: "bad value", arguments: ["plan", "--provider", "nfs", "t"], status: 64, expect: "nfs"),
        .init(name: "unknown root option", arguments: ["--bogus", "plan"], status: 64, expect: "(see efs-hook --help)"),
        .init(
            name: "directory as the task", arguments: ["plan", TestEnvironment.fixtures.path], status: 64,
            expect: "task input \(TestEnvironment.fixtures.path.lowercased()): is a directory"),
        .init(
            name: "missing task file", arguments: ["plan", "/nonexistent/task.json"], status: 64,
            expect: "task input /nonexistent/task.json: no such file or directory"),
        .init(
            name: "unreachable endpoint", arguments: ["plan", "--online", exampleTask], config: "efs: {clusterTag: badinput}",
            environment: closedEndpoint, status: 75, expect: "cannot reach 127.0.0.1:1: connection refused"),
        // Issue 22: the efs provider needs efs.clusterTag (no default); a zone is no region;
        // gc's grace period and CloudWatch endpoint are checked like every key.
        .init(
            name: "unset cluster tag", arguments: ["plan", "--online", exampleTask], environment: closedEndpoint, status: 78,
            expect: "efs.clustertag is not set"),
        .init(
            name: "unset cluster tag, gc", arguments: ["gc", "--yes"], environment: closedEndpoint, status: 78,
            expect: "efs.clustertag is not set"),
        .init(
            name: "zone as the region", arguments: ["plan", exampleTask], config: "efs: {region: us-east-1a, clusterTag: c}",
            status: 78, expect: "efs.region is invalid; expected a region name such as us-east-1 (not a zone)"),
        .init(
            name: "no idle days", arguments: ["gc"], config: "efs: {clusterTag: c}\ngc: {idleDays: 0}", status: 78,
            expect: "gc.idledays must be an integer from 1 to 455"),
        .init(
            name: "bad CloudWatch endpoint", arguments: ["gc"], config: "efs: {clusterTag: c, cloudWatchEndpoint: 'ftp://x'}",
            environment: closedEndpoint, status: 78, expect: "invalid endpoint ftp://x from efs.cloudwatchendpoint"),
        // Issue 22: the cluster's volume definitions are checked by the task options' rules.
        .init(
            name: "unknown option in volumes", arguments: ["plan", exampleTask], config: "volumes: {uploads: {colour: red}}",
            status: 78, expect: "volumes.uploads: volume \"uploads\": unknown option \"colour\""),
        .init(
            name: "reclaim=delete in volumes", arguments: ["plan", exampleTask], config: "volumes: {uploads: {reclaim: delete}}",
            status: 78, expect: "volumes.uploads: reclaim=delete: a cluster volume is deleted with efs-hook remove"),
        .init(
            name: "refused volume", arguments: ["plan", exampleTask], config: "policy: {defaultAction: deny}", status: 77,
            expect: "refused", printsPlan: true),
        .init(
            name: "refused volume, global option first", arguments: ["--config", "CONFIG", "plan", exampleTask],
            config: "policy: {defaultAction: deny}", status: 77, expect: "refused", printsPlan: true),
        .init(
            name: "access point without file system", arguments: ["plan", "--online", exampleTask],
            config: "efs: {provisioning: accessPoint}", environment: closedEndpoint, status: 65, expect: "needs filesystemid",
            printsPlan: true),
    ]

    /// A 1.1 MB file whose last line would deny everything: refused whole, never cut short.
    static let oversized = String(repeating: "# padding\n", count: 110_000) + "policy: {defaultAction: deny}\n"
    static let refusedOversized = "is 1100030 bytes; the limit is 1048576 bytes (1 mib)"
    static let localState = "provider: local\nstateDir: /nonexistent/efs-hook-state"

    /// Inputs that are refused whole: oversized files, and lists of live containers that are
    /// empty or cannot be read (never taken as "nothing is live").
    static let wholeInputs: [CommandLineCase] = [
        .init(
            name: "oversized config ending in deny", arguments: ["plan", exampleTask], config: oversized, status: 78,
            expect: refusedOversized),
        .init(
            name: "oversized REX-Ray config", arguments: ["migrate", "rexray", "--config", "CONFIG"], config: oversized,
            status: 78, expect: "rex-ray config "),
        .init(
            name: "unreadable --live-from", arguments: ["recover", "--live-from", "/nonexistent/live"], config: localState,
            status: 65, expect: "--live-from /nonexistent/live: no such file or directory"),
        .init(
            name: "empty --live-from", arguments: ["recover", "--live-from", "/dev/null"], config: localState, status: 65,
            expect: "--live-from /dev/null lists no container; nothing was changed"),
        .init(
            name: "--no-live-containers with a list", arguments: ["recover", "--no-live-containers", "--live", "c1"],
            config: localState, status: 64, expect: "--no-live-containers cannot be given with --live"),
    ]

    @Test(arguments: commandLines + wholeInputs)
    func commandLineErrorIsOneLineInOurWords(_ item: CommandLineCase) throws {
        let config = TemporaryPath.file("config", suffix: ".yaml")
        try Data(item.config.utf8).write(to: URL(fileURLWithPath: config))
        defer { try? FileManager.default.removeItem(atPath: config) }
        let result = try ProcessRunner.hook(
            item.arguments.map { $0 == "CONFIG" ? config : $0 },
            environment: item.environment.merging(["EFS_HOOK_CONFIG": config]) { $1 })
        #expect(result.status == item.status, "\(item.name): exit \(result.status), stderr: \(result.stderr)")
        #expect(result.stdout.isEmpty != item.printsPlan, "\(item.name): stdout: \(result.stdout)")
        // One line: the plain error line, or an operation's one summary record (JSON, since
        // stderr is not a terminal here) holding the error, read back as the line it stands for.
        let line = result.errorLines.first ?? ""
        #expect(
            result.stderr.hasSuffix("\n") && result.stderr.dropLast().split(separator: "\n").count == 1
                && result.errorLines.count == 1 && line.hasPrefix("efs-hook: "),
            "\(item.name): one line: \(result.stderr)")
        #expect(line.lowercased().contains(item.expect), "\(item.name): expected \"\(item.expect)\" in \(result.stderr)")
        for foreign in ["Error Domain", "errno", "error set", "NIO", "Usage:", "Help:", "See '", "HTTPClientError"] {
            #expect(!result.stderr.contains(foreign), "\(item.name): \"\(foreign)\" in \(result.stderr)")
        }
    }

    @Test func aRuleRequiringEncryptionRefusesEncryptedFalseWith77() throws {
        let sandbox = try HostSandbox(
            extraConfig: "policy: {defaultAction: deny, rules: [{name: secure, volumes: [v], require: {encrypted: \"true\"}}]}")
        let insecure = try TaskBuilder.write([.init(name: "v", path: "/data", options: ["encrypted": "false"])], in: sandbox.root)
        for command in [["policy", "check"], ["plan"]] {
            let result = try ProcessRunner.hook(command + [insecure], environment: sandbox.environment)
            #expect(result.status == 77, "\(command): \(result.stderr)")
            #expect(
                result.stderr == "efs-hook: volume \"v\": refused by rule \"secure\": encrypted=false is not allowed; "
                    + "the rule requires encrypted=true\n", "\(result.stderr)")
        }
        let secure = try TaskBuilder.write([.init(name: "v", path: "/data", options: ["encrypted": "true"])], in: sandbox.root)
        #expect(try ProcessRunner.hook(["policy", "check", secure], environment: sandbox.environment).status == 0)
    }

    @Test func globalOptionsBeforeTheCommandMeanTheSame() throws {
        let stateDir = try TemporaryPath.directory("state")
        defer { try? FileManager.default.removeItem(atPath: stateDir) }
        let pairs: [([String], [String])] = [
            (["--provider", "local", "plan", Self.exampleTask], ["plan", "--provider", "local", Self.exampleTask]),
            (
                ["--config=/dev/null", "--log-level", "error", "config", "--json"],
                ["config", "--json", "--config=/dev/null", "--log-level", "error"]
            ),
            (
                ["--state-dir", stateDir, "--provider", "local", "cleanup", "--container-id", "c1", "--json"],
                ["cleanup", "--container-id", "c1", "--json", "--state-dir", stateDir, "--provider", "local"]
            ),
        ]
        for (before, after) in pairs {
            let first = try ProcessRunner.hook(before, environment: ["EFS_HOOK_CONFIG": "/dev/null"])
            let second = try ProcessRunner.hook(after, environment: ["EFS_HOOK_CONFIG": "/dev/null"])
            #expect(first.status == 0, "\(before): \(first.stderr)")
            #expect(first.status == second.status && first.stdout == second.stdout, "\(before) vs \(after)")
        }
    }
}
