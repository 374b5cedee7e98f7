import ArgumentParser
import Common
import EFSHookCore
import EFSVolumes
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
        let report = try StatusReport.gather(
            runtime.status, probeTimeout: min(runtime.config.probeTimeoutSeconds, StatusReport.probeLimit))
        Output.write(json ? try Output.json(report) : report.text)
        HostGauges.refresh(runtime, from: report)
        if !report.unreadableRecords.isEmpty {
            throw EFSHookError.failure(
                "unreadable container record(s): \(report.unreadableRecords.joined(separator: ", ")); "
                    + "efs-hook cleanup --container-id ID moves one aside and releases what it held")
        }
        if let refusal = report.tooNewRecords.first {
            let more = report.tooNewRecords.count > 1 ? " (and \(report.tooNewRecords.count - 1) more)" : ""
            throw EFSHookError(.failure, refusal + more, code: .stateTooNew)
        }
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
        /// Whether its server answered a statfs within the probe timeout; nil when not mounted.
        var responsive: Bool?
        var containers: [String]
    }

    struct Container: Encodable {
        var id: String
        var phase: String
        var volumes: [String]
    }

    var volumes: [Volume]
    var containers: [Container]
    /// This agent's resolution cache: what a later mount of each volume uses with no API call.
    var resolutions: [VolumeResolution]
    /// Records that could not be read: container ids, and `host-mount NAME` for host mounts.
    var unreadableRecords: [String]
    /// The refusals of records newer than this binary reads (each names the file, its schema
    /// version and the newest this binary reads): not corrupt, and left for the version that wrote them.
    var tooNewRecords: [String]

    /// The status answers within this many seconds, however many volumes hang.
    static let probeLimit = 3.0

    /// Reads the records where they are: creates, locks and upgrades nothing. Every mounted
    /// volume is probed at once, so a hung one costs at most `probeTimeout` in all.
    static func gather(_ status: HostStatus, probeTimeout: Double) throws(EFSHookError) -> StatusReport {
        let layout = status.layout
        let (containers, unreadableContainerKeys) = try layout.containerRecords.readable()
        let (hostMounts, unreadableHostMountKeys) = try status.hostMounts(probeTimeout: probeTimeout)
        let unreadableContainers = sortOut(unreadableContainerKeys, of: layout.containerRecords)
        let unreadableHostMounts = sortOut(unreadableHostMountKeys, of: layout.hostMountRecords)
        // An unreadable cache entry is as good as none: the next mount of its volume replaces it.
        let resolutions = try layout.resolutionRecords.readable().records
        let volumes = hostMounts.map { mount in
            Volume(
                name: mount.record.name, mountPoint: mount.record.mountPoint, provider: mount.record.provider,
                source: mount.record.source, mounted: mount.mounted, responsive: mount.answering,
                containers: containers.filter { $0.record.volumes.contains { $0.name == mount.record.name } }.map(\.key))
        }
        return StatusReport(
            volumes: volumes,
            containers: containers.map {
                Container(id: $0.key, phase: $0.record.phase.rawValue, volumes: $0.record.volumes.map(\.name))
            },
            resolutions: resolutions.map(\.record),
            unreadableRecords: unreadableContainers.unreadable + unreadableHostMounts.unreadable.map { "host-mount \($0)" },
            tooNewRecords: unreadableContainers.tooNew + unreadableHostMounts.tooNew)
    }

    /// Splits the keys `readable()` could not read into corrupt records and the refusals of
    /// records too new for this binary.
    private static func sortOut<Record>(_ keys: [String], of store: RecordStore<Record>) -> (unreadable: [String], tooNew: [String]) {
        var unreadable: [String] = []
        var tooNew: [String] = []
        for key in keys {
            do {
                _ = try store.load(key)
                unreadable.append(key)
            } catch {
                if error.isCode(.stateTooNew) { tooNew.append(error.message) } else { unreadable.append(key) }
            }
        }
        return (unreadable, tooNew)
    }

    var text: String {
        guard !volumes.isEmpty || !containers.isEmpty || !unreadableRecords.isEmpty || !tooNewRecords.isEmpty || !resolutions.isEmpty
        else {
            return "No volumes mounted and no containers recorded."
        }
        var rows = [["VOLUME", "MOUNTED", "SERVER", "MOUNT POINT", "CONTAINERS"]]
        for volume in volumes {
            rows.append([
                volume.name, volume.mounted ? "yes" : "NO", volume.responsive.map { $0 ? "responsive" : "UNRESPONSIVE" } ?? "-",
                volume.mountPoint,
                volume.containers.isEmpty ? "-" : volume.containers.joined(separator: ","),
            ])
        }
        var lines = Table.render(rows)
        if !resolutions.isEmpty {
            lines.append("")
            lines.append("Resolved here (a mount of these makes no API call):")
            var cache = [["VOLUME", "FILE SYSTEM", "ACCESS POINT", "MOUNT TARGET", "ZONE"]]
            for entry in resolutions {
                guard let facts = entry.efs else { continue }
                let target = facts.mountTargetIp.map { "\(facts.mountTargetId ?? "?") \($0)" } ?? "- (DNS name)"
                cache.append([entry.volume, facts.fileSystemId, facts.accessPointId ?? "-", target, facts.availabilityZone ?? "-"])
            }
            lines += Table.render(cache).map { "  " + $0 }
        }
        let pending = containers.filter { $0.phase != "prepared" }
        if !pending.isEmpty {
            lines.append("")
            lines.append("Interrupted prepares (run efs-hook cleanup or recover): " + pending.map(\.id).joined(separator: ", "))
        }
        if !unreadableRecords.isEmpty {
            lines.append("")
            lines.append("Unreadable records (efs-hook cleanup moves one aside): " + unreadableRecords.joined(separator: ", "))
        }
        if !tooNewRecords.isEmpty {
            lines.append("")
            lines.append("Records written by a newer efs-hook (left as they are; see deploy/upgrading.md):")
            lines += tooNewRecords.map { "  " + $0 }
        }
        return lines.joined(separator: "\n")
    }
}
