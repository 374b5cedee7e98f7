import ArgumentParser
import Common
import EFSHookCore
import HostLayer

struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show the volumes mounted on this host and the containers using each.",
        discussion: """
            Example:
              efs-hook status --json
            """
    )

    @OptionGroup var global: GlobalOptions

    @Flag(name: .long, help: "Print JSON.")
    var json = false

    func run() async throws {
        let runtime = try global.runtime()
        let report = try StatusReport.gather(layout: runtime.stateLayout, host: runtime.host)
        Output.write(json ? try Output.json(report) : report.text)
    }
}

struct StatusReport: Encodable {
    struct Volume: Encodable {
        var name: String
        var mountPoint: String
        var provider: String
        var source: String
        /// Whether the kernel agrees the host mount exists.
        var mounted: Bool
        var containers: [String]
    }

    struct Container: Encodable {
        var id: String
        var phase: String
        var volumes: [String]
    }

    var volumes: [Volume]
    var containers: [Container]

    /// Reads the records where they are: creates, locks and upgrades nothing.
    static func gather(layout: StateLayout, host: any HostOperations) throws(EFSHookError) -> StatusReport {
        let containers = try layout.containerRecords.all()
        var volumes: [Volume] = []
        for entry in try layout.hostMountRecords.all() {
            volumes.append(
                Volume(
                    name: entry.record.name, mountPoint: entry.record.mountPoint, provider: entry.record.provider,
                    source: entry.record.source, mounted: try host.isMountPoint(entry.record.mountPoint),
                    containers: containers.filter { $0.record.volumes.contains { $0.name == entry.record.name } }.map(\.key)))
        }
        return StatusReport(
            volumes: volumes,
            containers: containers.map {
                Container(id: $0.key, phase: $0.record.phase.rawValue, volumes: $0.record.volumes.map(\.name))
            })
    }

    var text: String {
        guard !volumes.isEmpty || !containers.isEmpty else { return "No volumes mounted and no containers recorded." }
        var rows = [["VOLUME", "MOUNTED", "MOUNT POINT", "CONTAINERS"]]
        for volume in volumes {
            rows.append([
                volume.name, volume.mounted ? "yes" : "NO", volume.mountPoint,
                volume.containers.isEmpty ? "-" : volume.containers.joined(separator: ","),
            ])
        }
        var lines = Table.render(rows)
        let pending = containers.filter { $0.phase != "prepared" }
        if !pending.isEmpty {
            lines.append("")
            lines.append("Interrupted prepares (run efs-hook cleanup or recover): " + pending.map(\.id).joined(separator: ", "))
        }
        return lines.joined(separator: "\n")
    }
}
