import ArgumentParser
import Common
import Foundation

struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Print the effective configuration (defaults, file, then flags).",
        discussion: """
            Examples:
              efs-hook config
              EFS_HOOK_CONFIG=/dev/null efs-hook config --json
            """
    )

    @OptionGroup var global: GlobalOptions

    @Flag(name: .long, help: "Print JSON instead of YAML.")
    var json = false

    func run() async throws {
        let config = try global.configuration()
        if json {
            Output.write(try Output.json(config, pretty: true))
            return
        }
        Output.write(
            """
            provider: \(config.provider.rawValue)
            drivers: [\(config.drivers.joined(separator: ", "))]
            stateDir: \(config.stateDir)
            mountRoot: \(config.mountRoot)
            lockTimeoutSeconds: \(config.lockTimeoutSeconds)
            local:
              root: \(config.local.root)
            """)
    }
}

struct DebugCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "debug",
        abstract: "Tools for testing efs-hook itself.",
        subcommands: [FailpointsCommand.self]
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
