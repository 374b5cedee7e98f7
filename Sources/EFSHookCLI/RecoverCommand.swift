import ArgumentParser
import Common
import EFSHookCore
import Foundation

struct RecoverCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recover",
        abstract: "Reconcile state with reality after an agent restart or a host reboot.",
        discussion: """
            Re-establishes host mounts that live containers still need, removes the binds and \
            records of containers that are no longer live (and of prepares that were interrupted), \
            unmounts host mounts nobody uses, and collapses a volume mounted twice on one mount \
            point. Idempotent and safe to run at any time, also while other efs-hook commands run; \
            run it before the Mesos agent starts (deploy/ has a systemd unit).

            Without --live or --live-from, recover reads which containers are live from the Mesos \
            agent's own checkpoints (mesos.runtimeDirectory, mesos.workDirectory): a container is \
            live while the process the agent checkpointed for it runs (same pid, started before the \
            checkpoint). Where the agent never checkpointed, every fully prepared container of the \
            current boot counts as live. A --live-from list that is empty or unreadable is refused \
            (exit 65); --no-live-containers says that none is live. Records from before a reboot \
            are always released.

            Examples:
              efs-hook recover
              efs-hook recover --live 4f2c... --live 9a1b...
              efs-hook recover --live-from /run/mesos-live-containers.txt
              efs-hook recover --no-live-containers
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: ArgumentHelp("A container that is still running (repeatable).", valueName: "id"))
    var live: [String] = []

    @Option(name: .long, help: ArgumentHelp("A file listing live container ids, one per line (- for stdin).", valueName: "file"))
    var liveFrom: String?

    @Flag(name: .long, help: "No container is live: release every container record (instead of a list).")
    var noLiveContainers = false

    @Flag(name: .long, help: "Print JSON.")
    var json = false

    func run() async throws {
        let runtime = try global.runtime()
        let source = LiveContainerSource(live: live, liveFrom: liveFrom, noLiveContainers: noLiveContainers)
        let liveSet = try source.resolve(runtime.config, logger: runtime.logger)
        let report = try await runtime.withServices { try await $0.reconciler.recover(live: liveSet) }
        HostGauges.refresh(runtime)
        if json {
            Output.write(try Output.json(report))
        } else {
            write(report)
        }
        if let refusal = report.tooNewRecords.first {
            let more = report.tooNewRecords.count > 1 ? " (and \(report.tooNewRecords.count - 1) more)" : ""
            throw EFSHookError(.failure, refusal + more + "; left as they are, everything else was reconciled", code: .stateTooNew)
        }
        if !report.unreadableRecords.isEmpty {
            throw EFSHookError.failure(
                "unreadable container record(s): \(report.unreadableRecords.joined(separator: ", ")); everything else was reconciled; "
                    + "efs-hook cleanup --container-id ID moves one aside and releases what it held")
        }
    }

    func write(_ report: RecoveryReport) {
        func list(_ items: [String]) -> String { items.isEmpty ? "none" : items.joined(separator: ", ") }
        Output.write(
            """
            released containers: \(list(report.releasedContainers))
            remounted volumes: \(list(report.remounted))
            unmounted orphan volumes: \(list(report.unmountedOrphans))
            collapsed stacked mounts: \(list(report.unstacked))
            stale user markers removed: \(report.staleUserMarkers)
            detached unresponsive host mounts: \(list(report.detachedUnresponsive))
            unreadable container records: \(list(report.unreadableRecords))
            removed task requests of executors that are gone: \(list(report.removedTaskRequests))
            """)
    }
}
