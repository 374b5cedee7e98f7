import ArgumentParser
import VolumeModel

/// The argv of a command on the container-launch path, read without ArgumentParser.
///
/// ArgumentParser builds a command's arguments by reflection, and in this binary every
/// generic type and protocol check that takes scans every conformance record of the binary:
/// more than all the work of a warm cleanup (BENCHMARKS.md, start-up). This reader takes
/// only the plain forms: the long options and flags of the command's `LaunchSyntax`, as
/// `--name value` or `--name=value`, each at most once, and the positionals. Anything else
/// (help, an unknown or repeated option, a value that looks like an option, a bad enum
/// value) makes it give up, and ArgumentParser parses the same argv, so every message and
/// exit code stays ArgumentParser's. `LaunchArgumentsTests` checks that both readings agree,
/// `LaunchOptionTableTests` that both know the same options.
struct LaunchArguments {
    private(set) var values: [LaunchOption: String] = [:]
    private(set) var flags: Set<LaunchOption> = []
    private(set) var positionals: [String] = []

    /// Nil when the argv is not in the plain form (see above).
    init?(_ arguments: [String], syntax: LaunchSyntax) {
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            guard argument.hasPrefix("-"), argument != "-" else {
                positionals.append(argument)
                continue
            }
            let parts = argument.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let option = LaunchOption(rawValue: String(parts[0])) else { return nil }
            if syntax.flags.contains(option), parts.count == 1 {
                guard flags.insert(option).inserted else { return nil }
                continue
            }
            guard syntax.options.contains(option), values[option] == nil else { return nil }
            if parts.count == 2 {
                values[option] = String(parts[1])
            } else {
                guard index < arguments.count, !arguments[index].hasPrefix("-") || arguments[index] == "-" else { return nil }
                values[option] = arguments[index]
                index += 1
            }
        }
        guard positionals.count == syntax.positionals else { return nil }
    }

    /// For the commands `CommandLineRunner` tries this on first.
    static func command(_ name: String, _ arguments: [String]) -> (any LaunchCommand)? {
        switch name {
        case "prepare": PrepareInvocation(launch: arguments)
        case "cleanup": CleanupInvocation(launch: arguments)
        case "isolator": IsolatorInvocation(launch: arguments)
        case "hook": HookInvocation(launch: arguments)
        case "dvdcli": DVDCLICommand(launch: arguments)
        default: nil
        }
    }
}

/// A command as run, whether ArgumentParser or LaunchArguments read its argv. Each is a
/// recorded operation, known as one without a dynamic cast (see above).
protocol LaunchCommand: RecordedOperation {
    func run() async throws
}

extension DVDCLICommand: LaunchCommand {}

extension GlobalSettings {
    init?(launch arguments: LaunchArguments) {
        var provider: Configuration.Provider?
        if let name = arguments.values[.provider] {
            guard let value = Configuration.Provider(rawValue: name) else { return nil }
            provider = value
        }
        var deadline: Double?
        if let text = arguments.values[.launchDeadlineSeconds] {
            guard let value = Double(text) else { return nil }
            deadline = value
        }
        self.init(
            config: arguments.values[.config], provider: provider, stateDir: arguments.values[.stateDir],
            mountRoot: arguments.values[.mountRoot], localRoot: arguments.values[.localRoot],
            launchDeadlineSeconds: deadline, logLevel: arguments.values[.logLevel])
    }
}

extension TaskInput {
    init?(launch arguments: LaunchArguments, task: String) {
        var message: MessageKind?
        if let name = arguments.values[.message] {
            guard let value = MessageKind(rawValue: name) else { return nil }
            message = value
        }
        var format = InputFormat.auto
        if let name = arguments.values[.format] {
            guard let value = InputFormat(rawValue: name) else { return nil }
            format = value
        }
        self.init(message: message, format: format, task: task)
    }
}

extension PrepareInvocation {
    init?(launch argv: [String]) {
        guard
            let arguments = LaunchArguments(argv, syntax: .prepare),
            let containerID = arguments.values[.containerID],
            let global = GlobalSettings(launch: arguments),
            let input = TaskInput(launch: arguments, task: arguments.positionals[0])
        else { return nil }
        self.init(
            global: global, input: input, containerID: containerID, rootfs: arguments.values[.rootfs],
            sandbox: arguments.values[.sandbox], launchInfo: arguments.flags.contains(.launchInfo))
    }
}

extension CleanupInvocation {
    init?(launch argv: [String]) {
        guard
            let arguments = LaunchArguments(argv, syntax: .cleanup),
            let containerID = arguments.values[.containerID],
            let global = GlobalSettings(launch: arguments)
        else { return nil }
        self.init(global: global, containerID: containerID, json: arguments.flags.contains(.json))
    }
}

extension IsolatorInvocation {
    init?(launch argv: [String]) {
        guard
            let arguments = LaunchArguments(argv, syntax: .moduleCommand),
            let method = Method(rawValue: arguments.positionals[0]),
            let global = GlobalSettings(launch: arguments)
        else { return nil }
        self.init(
            global: global, method: method, input: arguments.positionals[1], output: arguments.positionals[2],
            error: arguments.positionals[3])
    }
}

extension HookInvocation {
    init?(launch argv: [String]) {
        guard
            let arguments = LaunchArguments(argv, syntax: .moduleCommand),
            let method = HookCommand.Method(rawValue: arguments.positionals[0]),
            let global = GlobalSettings(launch: arguments)
        else { return nil }
        self.init(
            global: global, method: method, input: arguments.positionals[1], output: arguments.positionals[2],
            error: arguments.positionals[3])
    }
}

extension DVDCLICommand {
    /// dvdcli reads its own argv (`DVDCLICommand.parse`); only help goes to ArgumentParser.
    init?(launch argv: [String]) {
        guard !argv.contains(where: { ["-h", "--help", "help"].contains($0) }) else { return nil }
        self.init()
        arguments = argv
    }
}
