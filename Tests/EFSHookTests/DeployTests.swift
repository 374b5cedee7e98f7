import EFSHookTestSupport
import Foundation
import Testing
import VolumeModel

/// The files in deploy/ agree with the code and with the tools that read them.
@Suite struct DeployTests {
    static let deploy = TestEnvironment.packageRoot.appendingPathComponent("deploy")
    static let methods = ["prepare", "isolate", "cleanup", "watch", "usage"]
    static let isolatorLinks = "/usr/libexec/efs-hook/isolator-"

    static func text(_ name: String) throws -> String {
        try String(contentsOf: deploy.appendingPathComponent(name), encoding: .utf8)
    }

    static func json(_ name: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(contentsOf: deploy.appendingPathComponent(name)))
    }

    /// `name` on $PATH (or the usual system directories), as the shell would find it.
    static func which(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let directories = path.split(separator: ":").map(String.init) + ["/usr/bin", "/bin", "/usr/sbin", "/sbin"]
        return directories.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    // MARK: JSON files

    @Test func everyJSONFileParses() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.deploy.path).filter { $0.hasSuffix(".json") }.sorted()
        #expect(
            names.contains("iam-policy-agent.json") && names.contains("iam-policy-admin.json") && names.contains("mesos-modules.json"),
            "found \(names)")
        for name in names {
            #expect(throws: Never.self, "\(name) is not valid JSON") { _ = try Self.json(name) }
        }
    }

    /// The criteo module's parameters: `<key>_command`, `<key>_timeout` (seconds, parsed with
    /// stoul), `<key>_frequence`, plus `module_name` and `debug`. A command's value is run as one
    /// program path with three arguments and no shell, so it names an isolator-METHOD link.
    @Test func modulesFileConfiguresTheCommandIsolator() throws {
        let root = try #require(try Self.json("mesos-modules.json") as? [String: Any])
        let libraries = try #require(root["libraries"] as? [[String: Any]])
        #expect(libraries.count == 1)
        let library = try #require(libraries.first)
        #expect(library["file"] as? String == "/usr/lib/mesos/modules/libmesos_command_modules.so")
        let modules = try #require(library["modules"] as? [[String: Any]])
        let module = try #require(modules.first { $0["name"] as? String == "com_criteo_mesos_CommandIsolator" })
        let list = try #require(module["parameters"] as? [[String: String]])
        var parameters: [String: String] = [:]
        for entry in list {
            let key = try #require(entry["key"])
            #expect(parameters[key] == nil, "\(key) given twice")
            parameters[key] = entry["value"]
        }
        #expect(!(parameters["module_name"] ?? "").isEmpty, "module_name is mandatory")

        var known: Set<String> = ["module_name", "debug"]
        for method in Self.methods {
            for suffix in ["command", "timeout", "frequence"] { known.insert("isolator_\(method)_\(suffix)") }
            if let command = parameters["isolator_\(method)_command"] {
                #expect(command == Self.isolatorLinks + method, "isolator_\(method)_command")
                #expect(!command.contains(" "), "the module runs the value as one path, without a shell")
            }
            if let timeout = parameters["isolator_\(method)_timeout"] {
                #expect(UInt(timeout) != nil, "isolator_\(method)_timeout must be whole seconds")
            }
        }
        #expect(Set(parameters.keys).subtracting(known).isEmpty, "unknown parameters: \(Set(parameters.keys).subtracting(known).sorted())")

        #expect(parameters["isolator_prepare_command"] == Self.isolatorLinks + "prepare")
        #expect(parameters["isolator_cleanup_command"] == Self.isolatorLinks + "cleanup")
        #expect(parameters["isolator_prepare_timeout"] == "300", "EFS provisioning takes minutes")
        #expect(parameters["isolator_cleanup_timeout"] == "600", "Mesos' own unmount timeout")
    }

    /// The agent hook (Route B): criteo's CommandHook runs `hook_slave_run_task_label_decorator`
    /// as one program path with INPUT OUTPUT ERROR, like the isolator's commands.
    @Test func modulesFileConfiguresTheRunTaskHook() throws {
        let root = try #require(try Self.json("mesos-modules.json") as? [String: Any])
        let modules = try #require((root["libraries"] as? [[String: Any]])?.first?["modules"] as? [[String: Any]])
        let module = try #require(modules.first { $0["name"] as? String == "com_criteo_mesos_CommandHook" })
        let list = try #require(module["parameters"] as? [[String: String]])
        let parameters = Dictionary(list.map { ($0["key"] ?? "", $0["value"] ?? "") }, uniquingKeysWith: { first, _ in first })
        #expect(parameters.count == list.count, "no key twice")
        #expect(!(parameters["module_name"] ?? "").isEmpty, "module_name is mandatory")
        #expect(parameters["hook_slave_run_task_label_decorator_command"] == "/usr/libexec/efs-hook/hook-run-task-labels")
        #expect(UInt(parameters["hook_slave_run_task_label_decorator_timeout"] ?? "") != nil)
        let known: Set<String> = [
            "module_name", "debug", "hook_slave_run_task_label_decorator_command", "hook_slave_run_task_label_decorator_timeout",
        ]
        #expect(Set(parameters.keys).subtracting(known).isEmpty)
    }

    /// Named `isolator-METHOD`, the binary itself runs `efs-hook isolator METHOD IN OUT ERR`:
    /// no shell script sits between the module and efs-hook.
    @Test func isolatorLinkNamesTheMethod() throws {
        let directory = URL(fileURLWithPath: try TemporaryPath.directory("deploy"))
        defer { try? FileManager.default.removeItem(at: directory) }
        let link = directory.appendingPathComponent("isolator-isolate").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: TestEnvironment.binary)
        let output = directory.appendingPathComponent("out").path
        let result = try ProcessRunner.run(link, ["/dev/null", output, directory.appendingPathComponent("err").path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try String(contentsOfFile: output, encoding: .utf8).isEmpty, "isolate writes the empty output")

        let bogus = directory.appendingPathComponent("isolator-bogus").path
        try FileManager.default.createSymbolicLink(atPath: bogus, withDestinationPath: TestEnvironment.binary)
        let refused = try ProcessRunner.run(bogus, ["/in", "/out", "/err"])
        #expect(refused.status == 64)
    }

    // MARK: IAM policy

    /// The operations EFSClient can call: the string literal after `call(`, `callNoContent(` or `send(`.
    static func clientOperations() throws -> Set<String> {
        let source = try String(
            contentsOf: TestEnvironment.packageRoot.appendingPathComponent("Sources/AWSClient/EFSClient.swift"), encoding: .utf8)
        let pattern = try NSRegularExpression(pattern: #"\b(?:call|callNoContent|send)\(\s*"([A-Za-z]+)""#)
        let range = NSRange(source.startIndex..., in: source)
        return Set(
            pattern.matches(in: source, range: range).compactMap { match in
                Range(match.range(at: 1), in: source).map { String(source[$0]) }
            })
    }

    /// Every action a policy allows, with the statements that allow it.
    static func policyStatements(_ name: String) throws -> [[String: Any]] {
        let policy = try #require(try Self.json(name) as? [String: Any])
        #expect(policy["Version"] as? String == "2012-10-17")
        let statements = try #require(policy["Statement"] as? [[String: Any]])
        #expect(statements.allSatisfy { $0["Effect"] as? String == "Allow" })
        return statements
    }

    static func actions(_ statements: [[String: Any]]) -> [String] { statements.flatMap { $0["Action"] as? [String] ?? [] } }

    static func condition(_ statement: [String: Any], _ key: String) -> Any? {
        ((statement["Condition"] as? [String: Any])?["StringEquals"] as? [String: Any])?[key]
    }

    /// Issue 22: the agent policy (launches) and the admin policy (gc, remove, reclaim=delete)
    /// together allow exactly the EFS calls the client makes; the agent's has no Delete.
    @Test func iamPoliciesAllowExactlyTheCallsTheClientMakesSplitByRole() throws {
        let operations = try Self.clientOperations()
        #expect(operations.count >= 8, "scan of EFSClient.swift found only \(operations.sorted())")
        let agent = try Self.policyStatements("iam-policy-agent.json")
        let admin = try Self.policyStatements("iam-policy-admin.json")
        let efs = (Self.actions(agent) + Self.actions(admin)).filter { $0.hasPrefix("elasticfilesystem:") }
        // CreateFileSystem and CreateAccessPoint carry tags, which EFS authorizes as TagResource too.
        let expected = Set((operations.union(["TagResource"])).map { "elasticfilesystem:\($0)" })
        #expect(
            Set(efs) == expected,
            "missing: \(expected.subtracting(efs).sorted()); extra: \(Set(efs).subtracting(expected).sorted())")
        #expect(!Self.actions(agent).contains { $0.contains(":Delete") }, "the agent policy deletes nothing")
        #expect(Self.actions(admin).contains("cloudwatch:GetMetricData"), "gc's proof of non-use")
        for statement in agent + admin {
            let actions = statement["Action"] as? [String] ?? []
            if actions.contains(where: { $0.hasPrefix("elasticfilesystem:Create") && !$0.hasSuffix("MountTarget") }) {
                #expect(Self.condition(statement, "aws:RequestTag/efs-hook:cluster") as? String == "CLUSTER_TAG", "\(statement)")
            }
            if actions.contains(where: { $0.hasPrefix("elasticfilesystem:Delete") || $0.hasSuffix("CreateMountTarget") }) {
                #expect(Self.condition(statement, "aws:ResourceTag/efs-hook:cluster") as? String == "CLUSTER_TAG", "\(statement)")
            }
            if actions.contains("elasticfilesystem:TagResource") {
                #expect(Self.condition(statement, "elasticfilesystem:CreateAction") != nil, "tags on create only: \(statement)")
            }
        }
    }

    /// efs-utils' own call with the instance role, when a DNS name does not resolve.
    @Test func iamPolicyAllowsWhatMountEFSCallsItself() throws {
        let actions = Self.actions(try Self.policyStatements("iam-policy-agent.json"))
        #expect(actions.contains("ec2:DescribeAvailabilityZones"))
        #expect(actions.contains("elasticfilesystem:DescribeMountTargets"))
    }

    // MARK: systemd unit

    static let unitName = "efs-hook-recover.service"

    /// `[Section] Key=Value` lines; repeated keys keep every value.
    static func unitSettings() throws -> [String: [String]] {
        var settings: [String: [String]] = [:]
        var section = ""
        for raw in try text(unitName).split(separator: "\n") {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("[") {
                section = String(line.dropFirst().dropLast())
                continue
            }
            guard let equals = line.firstIndex(of: "=") else { continue }
            settings["\(section).\(line[..<equals])", default: []].append(String(line[line.index(after: equals)...]))
        }
        return settings
    }

    @Test func recoverUnitRunsRecoverBeforeTheAgentAndCanMount() throws {
        let settings = try Self.unitSettings()
        func words(_ key: String) -> Set<String> {
            Set((settings[key] ?? []).flatMap { $0.split(separator: " ").map(String.init) })
        }
        #expect(settings["Service.Type"] == ["oneshot"])
        #expect(settings["Service.RemainAfterExit"] == ["yes"])
        #expect(settings["Service.ExecStart"] == ["/usr/bin/efs-hook recover"])
        #expect(words("Unit.Before").isSuperset(of: ["mesos-slave.service", "mesos-agent.service"]))
        #expect(words("Unit.After").contains("network-online.target"))
        #expect(words("Unit.Wants").contains("network-online.target"))
        #expect(settings["Install.WantedBy"] == ["multi-user.target"])
        // Each of these gives the service a mount namespace whose mounts never reach the host
        // (systemd.exec(5), PrivateMounts=), or cuts it off the network.
        let forbidden = [
            "PrivateMounts", "PrivateTmp", "PrivateDevices", "PrivateNetwork", "ProtectSystem", "ProtectHome", "ReadOnlyPaths",
            "ReadWritePaths", "InaccessiblePaths", "ExecPaths", "NoExecPaths", "BindPaths", "BindReadOnlyPaths",
            "TemporaryFileSystem", "ProtectKernelTunables", "ProtectKernelModules", "ProtectKernelLogs",
            "ProtectControlGroups", "ProtectProc", "ProcSubset", "MountFlags", "RootDirectory", "RootImage", "DynamicUser",
            "MountAPIVFS", "PrivateIPC", "NetworkNamespacePath",
        ]
        let used = forbidden.filter { settings["Service.\($0)"] != nil }
        #expect(used.isEmpty, "these settings hide efs-hook's mounts from the host: \(used)")
    }

    static let systemdAnalyze = which("systemd-analyze")

    /// `systemd-analyze verify` also checks that ExecStart's program exists, and /usr/bin/efs-hook
    /// does not on a build machine, so a copy naming an existing program is verified.
    @Test(.enabled(if: systemdAnalyze != nil, "systemd-analyze not found: the unit file was not verified"))
    func recoverUnitPassesSystemdAnalyzeVerify() throws {
        let analyze = try #require(Self.systemdAnalyze)
        let directory = URL(fileURLWithPath: try TemporaryPath.directory("deploy"))
        defer { try? FileManager.default.removeItem(at: directory) }
        let program = FileManager.default.isExecutableFile(atPath: TestEnvironment.binary) ? TestEnvironment.binary : "/bin/true"
        let unit = try Self.text(Self.unitName).split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.hasPrefix("ExecStart=/usr/bin/efs-hook ")
                ? "ExecStart=\(program) " + line.dropFirst("ExecStart=/usr/bin/efs-hook ".count) : String(line)
        }.joined(separator: "\n")
        let copy = directory.appendingPathComponent(Self.unitName).path
        try unit.write(toFile: copy, atomically: true, encoding: .utf8)
        let result = try ProcessRunner.run(analyze, ["verify", copy], environment: ["SYSTEMD_LOG_COLOR": "0"])
        // Warnings (an unknown key, say) go to stderr with exit 0; keep the ones about this unit.
        let complaints = result.stderr.split(separator: "\n").filter { $0.contains(Self.unitName) }
        #expect(result.status == 0, "\(result.stderr)")
        #expect(complaints.isEmpty, "\(complaints.joined(separator: "\n"))")
    }

    // MARK: config.yaml

    @Test func configFileLoadsToTheDefaults() throws {
        let path = Self.deploy.appendingPathComponent("config.yaml").path
        #expect(try ConfigurationLoader.load(explicitPath: path, environment: [:]) == Configuration())
    }

    // MARK: Docker managed plugin

    /// config.json asks for what the plugin needs and no more, and offers exactly the
    /// variables efs-hook reads (ConfigurationEnvironment, the log level, the config file).
    @Test func managedPluginConfigMatchesTheCode() throws {
        let config = try #require(try Self.json("docker-plugin/config.json") as? [String: Any])
        let interface = try #require(config["interface"] as? [String: Any])
        #expect(interface["types"] as? [String] == ["docker.volumedriver/1.0"])
        #expect(interface["socket"] as? String == "efs.sock")
        #expect((config["network"] as? [String: String])?["type"] == "host")
        #expect(config["propagatedMount"] as? String == Configuration().stateDir)
        #expect(Configuration().mountRoot.hasPrefix(Configuration().stateDir + "/"), "mountRoot must be on the propagated mount")
        let linux = try #require(config["linux"] as? [String: Any])
        #expect(linux["capabilities"] as? [String] == ["CAP_SYS_ADMIN"])
        #expect(linux["allowAllDevices"] as? Bool == false)
        let env = try #require(config["env"] as? [[String: Any]])
        let names = Set(env.compactMap { $0["name"] as? String })
        let read = Set(ConfigurationEnvironment.variables.map(\.name) + ["EFS_HOOK_LOG_LEVEL", Configuration.environmentVariable])
        #expect(names == read, "config.json: \(names.sorted()); efs-hook reads: \(read.sorted())")
        #expect(env.allSatisfy { ($0["settable"] as? [String]) == ["value"] })
        let docs = try Self.text("docker-plugin.md")
        for name in names { #expect(docs.contains("`\(name)`"), "\(name) undocumented in docker-plugin.md") }
    }

    // MARK: examples

    @Test func auroraExamplesNameTheSchedulerFlagsTheyNeed() throws {
        let examples = TestEnvironment.packageRoot.appendingPathComponent("examples")
        let docker = try String(contentsOf: examples.appendingPathComponent("hello_efs_docker.aurora"), encoding: .utf8)
        let mesos = try String(contentsOf: examples.appendingPathComponent("hello_efs_mesos.aurora"), encoding: .utf8)
        #expect(docker.contains("-allow_docker_parameters"))
        #expect(docker.contains("Parameter(name = 'volume-driver', value = 'efs')"))
        #expect(mesos.contains("-allow_container_volumes"))
        // The fixtures "as Aurora sends them" exist, so FixtureTests checks their plans.
        for name in ["aurora-example-docker", "aurora-example-mesos"] {
            let path = TestEnvironment.fixtures.appendingPathComponent("tasks/\(name).expected.json").path
            #expect(FileManager.default.fileExists(atPath: path), "run scripts/generate-fixtures")
        }
    }

    // MARK: build-deb

    static let dpkgDeb = which("dpkg-deb")

    @Test(
        .enabled(if: dpkgDeb != nil, "dpkg-deb not found: the package was not built"),
        .enabled(if: Packaging.runnable, Packaging.releaseReason))
    func buildDebPackagesTheReleaseBinary() throws {
        let dpkgDeb = try #require(Self.dpkgDeb)
        let releaseBinary = try Packaging.requireRelease()
        let directory = URL(fileURLWithPath: try TemporaryPath.directory("deploy"))
        defer { try? FileManager.default.removeItem(at: directory) }
        let deb = directory.appendingPathComponent("efs-hook.deb").path
        // Uncompressed: the test checks the layout, not xz.
        let build = try ProcessRunner.run(
            Self.deploy.appendingPathComponent("build-deb").path,
            ["--binary", releaseBinary, "--output", deb, "--compress", "none"])
        #expect(build.status == 0, "\(build.stderr)")
        #expect(build.stdout == deb + "\n")

        let listing = try ProcessRunner.run(dpkgDeb, ["-c", deb])
        #expect(listing.status == 0, "\(listing.stderr)")
        let entries = listing.stdout.split(separator: "\n").map { line in
            line.split(separator: " ", omittingEmptySubsequences: true).dropFirst(5).joined(separator: " ")
        }
        var expected = [
            "./usr/bin/efs-hook",
            "./usr/libexec/efs-hook/dvdcli -> ../../bin/efs-hook",
            "./etc/efs-hook/config.yaml",
            "./lib/systemd/system/efs-hook-recover.service",
            "./usr/share/doc/efs-hook/iam-policy-agent.json",
            "./usr/share/doc/efs-hook/iam-policy-admin.json",
            "./usr/share/doc/efs-hook/mesos-modules.json",
        ]
        expected += Self.methods.map { "./usr/libexec/efs-hook/isolator-\($0) -> ../../bin/efs-hook" }
        expected.append("./usr/libexec/efs-hook/hook-run-task-labels -> ../../bin/efs-hook")
        for entry in expected {
            #expect(entries.contains(entry), "\(entry) not in the package:\n\(listing.stdout)")
        }

        // `efs-hook 0.2.0 (commit …, built …)`: the package is versioned by the release number.
        let version = try ProcessRunner.run(releaseBinary, ["--version"]).stdout.split(separator: " ").dropFirst().first.map(String.init)
        let field = try ProcessRunner.run(dpkgDeb, ["-f", deb, "Version"])
        #expect(field.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == version)
        let conffiles = try ProcessRunner.run(dpkgDeb, ["-I", deb, "conffiles"])
        #expect(conffiles.stdout.split(separator: "\n").contains("/etc/efs-hook/config.yaml"))
    }
}
