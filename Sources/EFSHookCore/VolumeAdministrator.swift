import Common
import Foundation
import HostLayer
import Logging
import VolumeModel

/// The operator's volume commands: `provision` ahead of launches, `remove` and `gc` of the
/// provider's resources, and another tool's leftover mounts (REX-Ray's). Each change to a
/// volume on this host is made under that volume's lock.
public struct VolumeAdministrator: Sendable {
    let ledger: HostMountLedger
    let policy: PolicyGate
    var host: any HostOperations { ledger.host }
    var state: StateDirectory { ledger.state }
    var provider: any VolumeProvider { ledger.provider }
    var logger: Logger { ledger.logger }

    public init(ledger: HostMountLedger, policy: PolicyEngine) {
        self.ledger = ledger
        self.policy = PolicyGate(engine: policy, logger: ledger.logger)
    }

    /// `efs-hook provision`: every volume passes the tenant policy first; then each one's
    /// resources are created and waited for (no volume lock is held meanwhile, so launches on
    /// this host are not held up), its definition is stored (launches through dvdcli, the
    /// Docker plugin and the isolator find its options) and this agent's resolution cache is
    /// seeded. (`--dry-run` needs no state directory: the CLI asks the provider itself.)
    public func provisionAhead(
        _ requests: [VolumeRequest], identity: TaskIdentity, progress: @escaping @Sendable (String) -> Void
    ) async throws(EFSHookError) -> [ProvisionReport] {
        guard let administration = provider.administration else {
            throw .usage("provision creates provider resources; the \(provider.name) provider has none")
        }
        let allowed = try policy.authorize(requests, identity: identity)
        for request in allowed { try checkDefinition(request.spec) }
        var reports: [ProvisionReport] = []
        for request in allowed {
            let report = try await administration.provisionAhead(request, dryRun: false) { progress("volume \(request.name): \($0)") }
            let locks = try state.lockVolumes([request.name])
            defer { locks.release() }
            try checkDefinition(request.spec)
            if !state.definitions.contains(request.name) {
                try state.definitions.save(VolumeDefinition(name: request.name, options: request.options), as: request.name)
            }
            ledger.resolutions.remember(report.resolution, replacing: ledger.resolutions.entry(request.name))
            reports.append(report)
        }
        return reports
    }

    /// A volume defined here already (`docker volume create`, an earlier provision) keeps its
    /// options: provisioning it with others is refused before anything is created.
    private func checkDefinition(_ spec: VolumeSpec) throws(EFSHookError) {
        guard let existing = try state.definitions.load(spec.name), existing.options != spec.options else { return }
        throw EFSHookError(
            .invalidTask,
            "volume \(spec.name) is already defined here with \(existing.optionSummary); provision it with the same options, or remove it first",
            code: .definedOtherwise)
    }

    /// `remove`: the volume's resources in this cluster, each judged (see `RemovalCandidate`).
    public func removalCandidates(_ name: String, sharedFileSystem: String?, idleDays: Int, now: Date = Date())
        async throws(EFSHookError) -> [RemovalCandidate]
    {
        try VolumeName.validate(name)
        let administration = try requireAdministration("remove")
        let resources = try await administration.ownedResources(volume: name, sharedFileSystem: sharedFileSystem)
        return try await judged(resources, administration, idleDays: idleDays, now: now)
    }

    /// `gc`: every resource of this cluster, each judged (see `RemovalCandidate`).
    public func collectionCandidates(idleDays: Int, now: Date = Date()) async throws(EFSHookError) -> [RemovalCandidate] {
        let administration = try requireAdministration("gc")
        return try await judged(try await administration.ownedResources(), administration, idleDays: idleDays, now: now)
    }

    private func judged(_ resources: [OwnedResource], _ administration: any VolumeAdministration, idleDays: Int, now: Date)
        async throws(EFSHookError) -> [RemovalCandidate]
    {
        guard !resources.isEmpty else { return [] }
        let referenced = try referencedHere()
        let window = ConnectionHistory.Window(days: idleDays, end: now)
        let fileSystems = Set(resources.map(\.fileSystemId)).sorted()
        let histories = try await administration.connections(of: fileSystems, over: window)
        return resources.map {
            RemovalCandidate.judge(
                $0, usedHere: referenced.contains($0.volume), history: histories[$0.fileSystemId], window: window, days: idleDays)
        }
    }

    /// Volumes a container record or host mount record on this host names.
    private func referencedHere() throws(EFSHookError) -> Set<String> {
        Set(try state.hostMounts.keys()).union(try state.containers.all().flatMap { $0.record.volumes.map(\.name) })
    }

    /// Deletes the deletable candidates (access points first: they may sit on a file system
    /// that goes too), each under its volume's lock once this host is checked again, and logs
    /// each deletion at notice with its evidence. Returns what was deleted.
    public func delete(_ candidates: [RemovalCandidate]) async throws(EFSHookError) -> [RemovalCandidate] {
        let administration = try requireAdministration("remove")
        var deleted: [RemovalCandidate] = []
        let deletable = candidates.filter(\.deletable)
        for candidate in deletable.filter({ $0.resource.kind == .accessPoint }) + deletable.filter({ $0.resource.kind != .accessPoint }) {
            let name = candidate.resource.volume
            let locks = try state.lockVolumes([name])
            defer { locks.release() }
            try ledger.ensureUnused(name, locks: locks)
            try ledger.resolutions.forget(name, locks: locks)
            logger.notice(
                "deleting an unused volume resource",
                metadata: [
                    "volume": "\(name)", "resource": "\(candidate.resource.id)", "kind": "\(candidate.resource.kind.rawValue)",
                    "evidence": "\(candidate.evidence.joined(separator: "; "))",
                ])
            try await administration.delete(candidate.resource)
            OperationRecorder.current?.update { $0.note(volume: name, outcome: "deleted") }
            deleted.append(candidate)
        }
        return deleted
    }

    private func requireAdministration(_ command: String) throws(EFSHookError) -> any VolumeAdministration {
        guard let administration = provider.administration else {
            throw .usage("\(command) deletes provider resources; the \(provider.name) provider has none and never deletes data")
        }
        return administration
    }

    /// Unmounts what another tool mounted for `volume` at `path` (REX-Ray's
    /// `/var/lib/rexray/volumes/NAME`, still there from before an agent switched to efs-hook),
    /// under the volume's lock. Returns false when nothing is mounted there.
    public func releaseForeignMount(_ volume: String, at path: String) throws(EFSHookError) -> Bool {
        try VolumeName.validate(volume)
        let locks = try state.lockVolumes([volume])
        defer { locks.release() }
        guard try host.isMountPoint(path) else { return false }
        try host.unmountAll(path)
        host.removeMountPoint(path)
        logger.notice("unmounted a volume REX-Ray had mounted", metadata: ["volume": "\(volume)", "mountPoint": "\(path)"])
        return true
    }
}
