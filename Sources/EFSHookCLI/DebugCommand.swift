import ArgumentParser
import Common
import VolumeModel

struct DebugCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "debug",
        abstract: "Tools for testing efs-hook itself.",
        subcommands: [FailpointsCommand.self, ConfigKeysCommand.self]
    )
}

struct FailpointsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "failpoints",
        abstract: "List the step boundaries EFS_HOOK_FAILPOINT=<name> can crash the process at.",
        discussion: """
            Example:
              EFS_HOOK_FAILPOINT=prepare.after-bind efs-hook prepare ...   # exits 137 right after the first bind
            """
    )

    func run() async throws {
        Output.write(Failpoint.allCases.map(\.rawValue).joined(separator: "\n"))
    }
}

/// The configuration file's keys, one dotted path a line: what scripts/generate-docs builds
/// config.yaml(5) from. Hidden: it is for the docs, not for operators.
struct ConfigKeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config-keys",
        abstract: "List every key the configuration file accepts, as dotted paths.",
        discussion: """
            Example:
              efs-hook debug config-keys   # provider, ..., efs.rexray.tag, policy.rules[].match.users
            """,
        shouldDisplay: false
    )

    func run() async throws {
        Output.write(ConfigurationKeys.all.joined(separator: "\n"))
    }
}
