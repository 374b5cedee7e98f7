import ArgumentParser
import Testing

@testable import EFSHookCLI

/// The launch path reads prepare, cleanup, isolator and dvdcli argv without ArgumentParser
/// (LaunchArguments). Whatever it accepts must mean exactly what ArgumentParser makes of the
/// same argv; whatever it refuses goes to ArgumentParser.
struct LaunchArgumentsTests {
    static let accepted: [[String]] = [
        ["prepare", "--container-id", "c1", "task.json"],
        ["prepare", "--container-id=c1", "--rootfs", "/r", "--sandbox=/s", "--launch-info", "task.bin"],
        ["prepare", "task.json", "--container-id", "c1", "--message", "executor-info", "--format=json"],
        [
            "prepare", "--config", "/etc/c.yaml", "--provider", "local", "--state-dir", "/s", "--mount-root=/m",
            "--local-root", "/l", "--log-level", "debug", "--container-id", "c1", "-",
        ],
        ["prepare", "--container-id", "c1", "--format", "binary", "--message=task-info", "t"],
        ["cleanup", "--container-id", "c1"],
        ["prepare", "--config", "-", "--container-id", "c1", "-"],
        ["cleanup", "--json", "--container-id=c.1", "--provider=efs", "--config", "/c"],
        ["isolator", "prepare", "/in", "/out", "/err"],
        ["isolator", "--log-level", "info", "cleanup", "/in", "/out", "/err"],
        ["isolator", "usage", "/in", "/out", "/err", "--state-dir", "/s"],
        ["hook", "run-task-labels", "/in", "/out", "/err"],
        ["hook", "--config", "/c", "run-task-labels", "/in", "/out", "/err"],
        ["dvdcli", "mount", "--volumedriver=efs", "--volumename=v", "--volumeopts=a=b"],
        ["dvdcli", "unmount", "--volumedriver", "efs", "--volumename", "v"],
    ]

    static let refused: [[String]] = [
        ["prepare", "--help"], ["prepare", "-h"], ["prepare"], ["prepare", "--container-id", "c1"],
        ["prepare", "--container-id", "c1", "a", "b"], ["prepare", "--bogus", "x", "--container-id", "c1", "t"],
        ["prepare", "--container-id", "c1", "--container-id", "c2", "t"], ["prepare", "--container-id", "--rootfs", "/r", "t"],
        ["prepare", "--container-id", "c1", "--provider", "nfs", "t"], ["prepare", "--container-id", "c1", "--format", "xml", "t"],
        ["prepare", "--container-id", "c1", "--message", "bogus", "t"], ["prepare", "--container-id", "c1", "--launch-info=yes", "t"],
        ["prepare", "--container-id", "c1", "--", "t"], ["prepare", "--container-id", "c1", "--launch-info", "--launch-info", "t"],
        ["cleanup"], ["cleanup", "--container-id"], ["cleanup", "--container-id", "c1", "extra"],
        ["cleanup", "-j", "--container-id", "c1"],
        ["isolator", "prepare", "/in", "/out"], ["isolator", "destroy", "/in", "/out", "/err"], ["isolator", "--help"],
        ["hook", "run-task", "/in", "/out", "/err"], ["hook", "run-task-labels", "/in"],
        ["dvdcli", "--help"], ["dvdcli", "help"], ["plan", "task.json"], ["status"], [],
    ]

    /// What ArgumentParser makes of `argv`, as the launch path's value.
    func viaArgumentParser(_ argv: [String]) throws -> (any LaunchCommand)? {
        switch try EFSHookCommand.parseAsRoot(argv) {
        case let command as PrepareCommand: command.invocation
        case let command as CleanupCommand: command.invocation
        case let command as IsolatorCommand: command.invocation
        case let command as HookCommand: command.invocation
        case let command as DVDCLICommand: command
        default: nil
        }
    }

    @Test(arguments: accepted)
    func acceptedArgvMeansWhatArgumentParserMakesOfIt(_ argv: [String]) throws {
        let fast = try #require(LaunchArguments.command(argv[0], Array(argv.dropFirst())), "refused \(argv)")
        let full = try #require(try viaArgumentParser(argv))
        switch (fast, full) {
        case (let fast as PrepareInvocation, let full as PrepareInvocation): #expect(fast == full)
        case (let fast as CleanupInvocation, let full as CleanupInvocation): #expect(fast == full)
        case (let fast as IsolatorInvocation, let full as IsolatorInvocation): #expect(fast == full)
        case (let fast as HookInvocation, let full as HookInvocation): #expect(fast == full)
        case (let fast as DVDCLICommand, let full as DVDCLICommand): #expect(fast.arguments == full.arguments)
        default: Issue.record("different commands for \(argv): \(type(of: fast)) and \(type(of: full))")
        }
    }

    /// What `csi` hands efs-hook-csi: the global options, written back, mean the same again.
    @Test func globalSettingsWrittenAsArgumentsParseBackToThemselves() throws {
        let settings = GlobalSettings(
            config: "/etc/c.yaml", provider: .local, stateDir: "/s", mountRoot: "/m", localRoot: "/l",
            launchDeadlineSeconds: 42.5, logLevel: "debug")
        let parsed = try #require(try EFSHookCommand.parseAsRoot(["csi"] + settings.arguments) as? CSICommand)
        #expect(parsed.global.settings == settings)
        #expect(GlobalSettings().arguments.isEmpty)
    }

    @Test(arguments: refused)
    func anythingElseIsLeftToArgumentParser(_ argv: [String]) {
        #expect(argv.first.flatMap { LaunchArguments.command($0, Array(argv.dropFirst())) } == nil)
    }
}
