import ArgumentParser

/// The subcommand names an argv starts with, and the global options given before them.
///
/// Every leaf command declares the global options (`GlobalOptions`), so ArgumentParser only
/// takes them after the subcommand names. `efs-hook --config X plan task.json` means
/// `efs-hook plan --config X task.json`: the leading ones move there before anything reads
/// the argv, the launch path (`LaunchArguments`) included.
enum CommandPath {
    /// The subcommand names `arguments` starts with (`["policy", "check"]`); empty for none.
    static func names(in arguments: [String]) -> [String] {
        var names: [String] = []
        var commands = EFSHookCommand.configuration.subcommands
        for argument in arguments {
            guard let command = commands.first(where: { $0._commandName == argument }) else { break }
            names.append(argument)
            commands = command.configuration.subcommands
        }
        return names
    }

    /// The commands without the global options: their own `--config` is another file
    /// (`migrate rexray`), or they read none (`dvdcli`). `CommandPathTests` checks the list
    /// against the command tree.
    static let withoutGlobalOptions: Set<[String]> = [
        ["dvdcli"], ["migrate", "rexray"], ["debug", "failpoints"], ["debug", "config-keys"],
    ]

    /// `arguments` with the global options (`LaunchSyntax.global`, as `--name value` or
    /// `--name=value`) before the first subcommand name moved after the last one; unchanged
    /// when anything else comes first, or no command that takes them follows.
    static func globalOptionsAfterCommand(_ arguments: [String]) -> [String] {
        var index = 0
        while index < arguments.count, arguments[index].hasPrefix("--") {
            let parts = arguments[index].split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let option = LaunchOption(rawValue: String(parts[0])), LaunchSyntax.global.contains(option) else {
                return arguments
            }
            index += parts.count == 2 ? 1 : 2
        }
        guard index > 0, index <= arguments.count else { return arguments }
        let rest = arguments[index...]
        let names = names(in: Array(rest))
        guard !names.isEmpty, !withoutGlobalOptions.contains(names) else { return arguments }
        return names + arguments[..<index] + rest.dropFirst(names.count)
    }

    /// What a usage error ends with: where to read the command's usage.
    static func helpHint(for arguments: [String]) -> String {
        "see " + (["efs-hook"] + names(in: arguments) + ["--help"]).joined(separator: " ")
    }
}
