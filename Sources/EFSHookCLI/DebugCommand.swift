import ArgumentParser
import Common

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
