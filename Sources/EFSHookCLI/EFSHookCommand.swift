import ArgumentParser
import BuildInfo
import Common
import Foundation
import Synchronization

/// The `efs-hook` command tree.
public struct EFSHookCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "efs-hook",
        abstract: "Shared, persistent Amazon EFS volumes for Mesos and Aurora containers.",
        discussion: """
            efs-hook reads the task description Mesos hands the agent (TaskInfo, ExecutorInfo or \
            ContainerConfig, binary or JSON), finds its EFS volumes (DOCKER_VOLUME volumes, Docker \
            volume-driver/volume parameters, DVDI_VOLUME_* variables), provisions what is missing, \
            mounts each volume once per host and binds it into the container.

            Try it without AWS:  efs-hook plan --provider local examples/aurora-thermos-task.json

            Exit codes: 0 ok, 64 usage, 65 invalid task, 75 temporary (retry), 77 permission denied, \
            78 bad configuration, 1 other failure.
            """,
        version: EFSHookVersion.long,
        subcommands: [
            PlanCommand.self, PrepareCommand.self, CleanupCommand.self, RecoverCommand.self, IsolatorCommand.self, HookCommand.self,
            DVDCLICommand.self, MigrateCommand.self, StatusCommand.self, RemoveCommand.self, GCCommand.self, DoctorCommand.self,
            ConfigCommand.self, ServeCommand.self, CSICommand.self, PolicyCommand.self, ProvisionCommand.self, MetricsCommand.self,
            AuditCommand.self, DebugCommand.self,
        ]
    )

    public init() {}
}

public enum EFSHookVersion {
    /// The release number: deploy/build-deb's package version and the plugin's metrics label.
    public static let current = "0.2.0"

    /// What `--version` prints: `efs-hook 0.2.0 (commit 545e1e7, built 2026-12-06)`. The commit
    /// and date are compiled in by scripts/write-build-info (BuildInfo), "unknown" without it.
    public static var long: String {
        "efs-hook \(current) (commit \(String(cString: efs_hook_build_commit())), built \(String(cString: efs_hook_build_date())))"
    }
}

/// Runs the command line and turns every failure into one line on stderr and an exit code.
public enum CommandLineRunner {
    public static func main(_ arguments: [String] = Array(CommandLine.arguments.dropFirst())) async -> Int32 {
        var arguments = arguments
        // Installed as `dvdcli` (a symlink on the agent's PATH), efs-hook is the drop-in.
        // As `isolator-METHOD`, it is the command criteo's module runs for METHOD: the module
        // execs a program path with exactly INPUT OUTPUT ERROR, so the name carries the method.
        if let invokedAs = CommandLine.arguments.first?.split(separator: "/").last.map(String.init) {
            if invokedAs == "dvdcli" {
                arguments = ["dvdcli"] + arguments
            } else if invokedAs.hasPrefix("isolator-") {
                arguments = ["isolator", String(invokedAs.dropFirst("isolator-".count))] + arguments
            } else if invokedAs.hasPrefix("hook-") {
                arguments = ["hook", String(invokedAs.dropFirst("hook-".count))] + arguments
            }
        }
        arguments = CommandPath.globalOptionsAfterCommand(arguments)
        do {
            // The launch-path commands skip ArgumentParser when their argv is plain (LaunchArguments).
            if let name = arguments.first, let command = LaunchArguments.command(name, Array(arguments.dropFirst())) {
                return await run(recorded: command, arguments: arguments) { try await command.run() }
            }
            var command = try EFSHookCommand.parseAsRoot(arguments)
            return await run(recorded: command as? any RecordedOperation, arguments: arguments) {
                if var asyncCommand = command as? any AsyncParsableCommand {
                    try await asyncCommand.run()
                } else {
                    try command.run()
                }
            }
        } catch {
            return report(error, arguments: arguments)
        }
    }

    /// Runs a parsed command; an operation's ending is its one record (`OperationRun`).
    static func run(recorded: (any RecordedOperation)?, arguments: [String], _ body: () async throws -> Void) async -> Int32 {
        let failure = { (error: any Error) in Self.failure(error, arguments: arguments) }
        if let recorded, let operation = recorded.operationName {
            return await OperationRun(operation: operation, frontEnd: recorded.frontEndName).run(body, failure: failure)
        }
        do {
            try await body()
            return 0
        } catch {
            let (code, line) = failure(error)
            if let line { printError("efs-hook: \(line)") }
            return code
        }
    }

    /// An error's exit code and the line it prints (nil for none); help and version print
    /// here, to stdout, and exit 0.
    /// With `--json` and nothing printed yet, the error also goes to stdout as `JSONErrorObject`.
    static func failure(_ error: any Error, arguments: [String]) -> (code: Int32, line: String?) {
        let (code, line) = exitCodeAndLine(error, arguments: arguments)
        if code != 0, let line, JSONErrorObject.wanted(by: arguments), !Output.written {
            let kind = (error as? EFSHookError)?.kind ?? OperationRun.kind(exitCode: code)
            Output.write(JSONErrorObject(EFSHookError(kind, line, code: (error as? EFSHookError)?.code)).text)
        }
        return (code, line)
    }

    static func exitCodeAndLine(_ error: any Error, arguments: [String]) -> (code: Int32, line: String?) {
        if let error = error as? EFSHookError { return (error.exitCode, EFSHookError.oneLine(error)) }
        if let error = error as? ValidationErrorMessage { return (64, error.description) }
        let code = EFSHookCommand.exitCode(for: error)
        if code == .success {
            let message = EFSHookCommand.fullMessage(for: error)
            if !message.isEmpty { print(message) }
            return (0, nil)
        }
        let message = EFSHookCommand.message(for: error).split(whereSeparator: \.isNewline).joined(separator: " ")
        if code == .validationFailure { return (code.rawValue, "\(message) (\(CommandPath.helpHint(for: arguments)))") }
        return (code.rawValue, message.isEmpty ? nil : message)
    }

    /// ArgumentParser's errors: help and version go to stdout whole; a usage error is one
    /// line, `efs-hook: MESSAGE (see efs-hook COMMAND --help)`, exit 64.
    static func report(_ error: any Error, arguments: [String]) -> Int32 {
        let (code, line) = failure(error, arguments: arguments)
        if let line { printError("efs-hook: \(line)") }
        return code
    }

    static func printError(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}

/// Writes a result to stdout in one piece.
enum Output {
    private static let wrote = Atomic(false)

    /// Whether this process has written a result to stdout.
    static var written: Bool { wrote.load(ordering: .relaxed) }

    static func write(_ text: String) {
        wrote.store(true, ordering: .relaxed)
        FileHandle.standardOutput.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
    }

    static func json<T: Encodable>(_ value: T, pretty: Bool = false) throws(EFSHookError) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting =
            pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        do {
            return String(decoding: try encoder.encode(value), as: UTF8.self)
        } catch {
            throw .failure("cannot encode output: \(EFSHookError.oneLine(error))")
        }
    }
}
