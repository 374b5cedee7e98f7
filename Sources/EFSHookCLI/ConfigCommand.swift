import ArgumentParser
import Common
import Foundation
import Yams

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
        do {
            Output.write(Self.plainNumbers(try YAMLEncoder().encode(config)))
        } catch {
            throw EFSHookError.failure("cannot encode the configuration: \(EFSHookError.oneLine(error))")
        }
    }
}

extension ConfigCommand {
    /// Yams writes 60.0 as `6e+1`; operators read `60`.
    static func plainNumbers(_ yaml: String) -> String {
        yaml.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            guard let colon = line.lastIndex(of: ":"),
                let number = Double(line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)),
                line[line.index(after: colon)...].contains("e")
            else { return String(line) }
            return line[...colon] + " " + String(format: "%g", number)
        }.joined(separator: "\n")
    }
}
