import ArgumentParser
import Common
import EFSHookCore
import EFSVolumes
import Foundation
import VolumeModel

/// `efs-hook migrate`: imports another tool's setup.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Import another volume tool's configuration (REX-Ray).",
        discussion: """
            Examples:
              efs-hook migrate rexray > /etc/efs-hook/config.yaml
              efs-hook migrate rexray --config /etc/rexray/config.yml --online
            """,
        subcommands: [MigrateREXRayCommand.self]
    )
}

struct MigrateREXRayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rexray",
        abstract: "Print the efs-hook config.yaml equivalent to REX-Ray's EFS configuration.",
        discussion: """
            Reads REX-Ray's YAML (and, with --env-file, the EFS_*, REXRAY_*, LINUX_VOLUME_* \
            environment of its Docker plugin, which wins over the file), prints the equivalent \
            efs-hook config.yaml on stdout and one "warning:" line on stderr for every key without \
            an equivalent or whose behaviour changes. Secrets are never printed. The output always \
            loads (efs-hook config --config FILE). With --online it also lists REX-Ray's volumes in \
            the account (read-only describe calls, AWS credential chain) as comments after the \
            configuration: name, file system, which token found it, mount targets per zone, and \
            what efs-hook will do. deploy/migrating-from-rexray.md is the whole procedure.

            Examples:
              efs-hook migrate rexray > /etc/efs-hook/config.yaml
              efs-hook migrate rexray --config /etc/rexray/config.yml --env-file plugin.env --online
            """
    )

    @Option(name: .long, help: ArgumentHelp("REX-Ray's configuration.", valueName: "file"))
    var config = "/etc/rexray/config.yml"

    @Option(name: .long, help: ArgumentHelp("KEY=VALUE lines: the environment of REX-Ray's Docker plugin.", valueName: "file"))
    var envFile: String?

    @Flag(name: .long, help: "Also list REX-Ray's volumes in the account and what efs-hook will do with each.")
    var online = false

    @Option(name: .long, help: ArgumentHelp("Log level (stderr).", valueName: "level"))
    var logLevel: String?

    @Flag(name: .long, help: "Print JSON: the configuration, its YAML, the warnings and (--online) the volumes.")
    var json = false

    func run() async throws {
        let yaml = try InputReader.text(config, .rexray("REX-Ray config"))
        let environment = try envFile.map { (path) throws(EFSHookError) in
            try REXRayConfigImport.parseEnvFile(try InputReader.text(path, .rexray("--env-file")), source: path)
        }
        let imported = try REXRayConfigImport(yaml: yaml, environment: environment ?? [:], source: config).translate(source: config)
        for warning in imported.warnings { FileHandle.standardError.write(Data((warning + "\n").utf8)) }
        var output = imported.yaml
        var volumes: [REXRayInventory.Entry]?
        if online {
            let runtime = Runtime(config: imported.configuration, logger: try Logs.logger(level: logLevel))
            let client = try runtime.efsClient()
            let settings = imported.configuration.efs.rexray
            let inventory = REXRayInventory(api: client, naming: REXRayNaming(tag: settings.tag), rootPath: settings.rootPath)
            let entries: [REXRayInventory.Entry]
            do {
                entries = try await inventory.entries()
            } catch {
                await client.shutdown()
                throw error
            }
            await client.shutdown()
            output += Self.listing(entries, tag: settings.tag)
            volumes = entries
        }
        if json {
            let report = MigrationReport(
                configuration: imported.configuration, yaml: imported.yaml, warnings: imported.warnings, volumes: volumes)
            Output.write(try Output.json(report, pretty: true))
        } else {
            Output.write(output)
        }
    }

    /// `--json`'s output.
    struct MigrationReport: Encodable {
        var configuration: Configuration
        var yaml: String
        var warnings: [String]
        var volumes: [REXRayInventory.Entry]?
    }

    static func listing(_ entries: [REXRayInventory.Entry], tag: String) -> String {
        var lines = ["", "# REX-Ray volumes in the account (tag \(REXRayConfigImport.quoted(tag))): \(entries.count)"]
        let header = ["VOLUME", "FILE SYSTEM", "STATE", "TOKEN", "MOUNT TARGETS", "EFS-HOOK WILL"]
        let rows = entries.map { entry in
            [
                Quoting.safe(entry.volume), entry.fileSystemId, entry.lifeCycleState, entry.tokenKind,
                entry.mountTargets.isEmpty
                    ? "-" : entry.mountTargets.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ","),
                entry.action,
            ]
        }
        lines += Table.render([header] + rows).map { "#   " + $0 }
        return lines.joined(separator: "\n") + "\n"
    }
}
