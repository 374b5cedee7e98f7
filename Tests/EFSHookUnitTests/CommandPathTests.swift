import ArgumentParser
import Common
import Testing
import VolumeModel

@testable import EFSHookCLI

/// Global options before the subcommand mean what they mean after it; usage errors point at
/// the command's help.
struct CommandPathTests {
    @Test func namesAreTheSubcommandPathTheArgvStartsWith() {
        #expect(CommandPath.names(in: ["policy", "check", "t.json"]) == ["policy", "check"])
        #expect(CommandPath.names(in: ["plan", "check"]) == ["plan"])
        #expect(CommandPath.names(in: ["--config", "plan"]).isEmpty)
        #expect(CommandPath.names(in: []).isEmpty)
    }

    static let moved: [(given: [String], parsed: [String])] = [
        (["--config", "/c", "plan", "t.json"], ["plan", "--config", "/c", "t.json"]),
        (
            ["--provider=local", "--state-dir", "/s", "policy", "check", "t.json"],
            ["policy", "check", "--provider=local", "--state-dir", "/s", "t.json"]
        ),
        (["--config", "plan", "plan", "t.json"], ["plan", "--config", "plan", "t.json"]),
        (
            ["--log-level", "debug", "prepare", "--container-id", "c1", "t.json"],
            ["prepare", "--log-level", "debug", "--container-id", "c1", "t.json"]
        ),
    ]

    @Test func leadingGlobalOptionsMoveAfterTheSubcommand() {
        for (given, parsed) in Self.moved {
            #expect(CommandPath.globalOptionsAfterCommand(given) == parsed)
        }
    }

    @Test(arguments: [
        ["plan", "--config", "/c", "t.json"], ["--help"], ["--version"], ["--config", "/c"], ["--config"],
        ["--config", "/c", "--bogus", "plan", "t"], ["--config", "/c", "bogus"], ["--config", "/c", "migrate", "rexray"],
        ["--log-level", "info", "dvdcli", "mount"], ["-h", "plan"],
    ])
    func otherArgvStaysAsGiven(_ argv: [String]) {
        #expect(CommandPath.globalOptionsAfterCommand(argv) == argv)
    }

    @Test func theLaunchPathStillReadsMovedArgv() throws {
        let argv = CommandPath.globalOptionsAfterCommand(["--config", "/c", "prepare", "--container-id", "c1", "t.json"])
        let command = try #require(LaunchArguments.command(argv[0], Array(argv.dropFirst())))
        let parsed = try #require(command as? PrepareInvocation)
        #expect(parsed.global.config == "/c")
    }

    /// Every leaf takes the global options except the listed ones, read from the tree itself.
    @Test func commandsWithoutGlobalOptionsAreExactlyTheListedOnes() {
        func leaves(_ commands: [any ParsableCommand.Type], below path: [String]) -> [([String], any ParsableCommand.Type)] {
            commands.flatMap { command in
                let name = path + [command._commandName]
                let subcommands = command.configuration.subcommands
                return subcommands.isEmpty ? [(name, command)] : leaves(subcommands, below: name)
            }
        }
        for (path, command) in leaves(EFSHookCommand.configuration.subcommands, below: []) {
            let takesThem = command.helpMessage(columns: 300).contains("--state-dir")
            #expect(takesThem == !CommandPath.withoutGlobalOptions.contains(path), "\(path)")
        }
    }

    @Test func usageErrorsPointAtTheCommandsHelp() {
        #expect(CommandPath.helpHint(for: ["policy", "check", "--bogus"]) == "see efs-hook policy check --help")
        #expect(CommandPath.helpHint(for: ["--bogus"]) == "see efs-hook --help")
    }

    @Test func aDirectoryAsTheTaskIsOneLineNamingIt() throws {
        let error = try #require(throws: EFSHookError.self) { try InputReader.read("/", .task) }
        #expect(error.message == "task input /: is a directory")
        #expect(error.exitCode == 64)
        let missing = try #require(throws: EFSHookError.self) { try InputReader.read("/nonexistent/t.json", .task) }
        #expect(missing.message == "task input /nonexistent/t.json: no such file or directory")
    }
}

/// What plan exits with, as prepare would before any call.
struct PlanProblemTests {
    static func request(_ name: String, _ options: [String: String]) throws -> VolumeRequest {
        VolumeRequest(
            name: name, driver: "efs", containerPath: "/data", readOnly: false, origin: .mesosVolume,
            options: try VolumeOptions.parse(options.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }, volume: name))
    }

    @Test func anAccessPointVolumeWithoutAFileSystemIsInvalid() throws {
        let config = try ConfigurationLoader.parse("efs: {provisioning: accessPoint}")
        let error = try #require(PlanCommand.missingFileSystem([try Self.request("a", [:])], config: config))
        #expect(error.exitCode == 65)
        #expect(error.message == #"volume "a": provisioning=accessPoint needs fileSystemId (option or efs.fileSystemId)"#)
        let named = try Self.request("a", ["fileSystemId": "fs-0123456789abcdef0"])
        #expect(PlanCommand.missingFileSystem([named], config: config) == nil)
        let staticOne = try Self.request("s", ["provisioning": "static"])
        #expect(PlanCommand.missingFileSystem([staticOne], config: try ConfigurationLoader.parse("")) != nil)
        #expect(PlanCommand.missingFileSystem([try Self.request("f", [:])], config: try ConfigurationLoader.parse("")) == nil)
        let local = try ConfigurationLoader.parse("provider: local\nefs: {provisioning: accessPoint}")
        #expect(PlanCommand.missingFileSystem([try Self.request("a", [:])], config: local) == nil)
    }
}
