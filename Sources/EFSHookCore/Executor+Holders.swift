import Common
import HostLayer
import VolumeModel

/// The one holder API, for the front ends that bind a host mount themselves (dvdcli, the
/// Docker plugin): hold, release, and named volume definitions. Every lock is taken here.
extension Executor {
    /// Mounts the volume once on this host (if it is not already) and records `holder` as one
    /// of its users, on prepare's write-ahead path. Returns the host mount path. Idempotent.
    /// With `mayCreate` false a volume that does not exist yet fails and nothing is created.
    public func hold(
        _ volume: String, options: VolumeOptions, by holder: Holder, mayCreate: Bool = true, naming: VolumeNaming = .efsHook
    ) async throws(EFSHookError) -> String {
        try VolumeName.validate(volume)
        try authorize(volume, options: options, frontEnd: holder.frontEnd)
        let held = ContainerVolume(
            name: volume, containerPath: "/", readOnly: false, target: "", bindManaged: false, options: options, naming: naming)
        let conflict = { (held: [String]) in
            EFSHookError.invalidTask("\(holder) already holds volume \(held.joined(separator: ", ")), not \(volume)")
        }
        // A holder binds nothing itself: the front end hands Docker or Mesos the host mount.
        _ = try await establish(holder.id, volumes: [held], mayCreate: mayCreate, conflict: conflict, attach: { _, _ in })
        return planner.hostMountPoint(for: volume)
    }

    /// Lets go of `volume` for `holder`; the host mount goes with its last user. Returns false
    /// when the holder held nothing here (never held, or already released).
    public func release(_ volume: String, by holder: Holder) async throws(EFSHookError) -> Bool {
        var known = false
        for id in [holder.id, holder.legacyID] {
            let result = try await releaseUser(id, expecting: volume) { held in
                .invalidTask("\(holder) holds volume \(held.joined(separator: ", ")), not \(volume)")
            }
            known = known || result.known
        }
        return known
    }

    /// Whether `holder` holds `volume` on this host now.
    public func holds(_ volume: String, by holder: Holder) throws(EFSHookError) -> Bool {
        for id in [holder.id, holder.legacyID] {
            if try state.containers.load(id)?.volumes.contains(where: { $0.name == volume }) == true { return true }
        }
        return false
    }

    // MARK: definitions

    /// Records a named volume and its options ahead of any mount (`docker volume create`).
    /// Defining it again with the same options, or with none, succeeds and keeps the stored ones.
    public func define(_ volume: String, options: VolumeOptions) throws(EFSHookError) -> VolumeDefinition {
        try VolumeName.validate(volume)
        try authorize(volume, options: options, frontEnd: .docker)
        let locks = try state.lockVolumes([volume])
        defer { locks.forEach { $0.release() } }
        if let existing = try state.definitions.load(volume) {
            guard options.isEmpty || options == existing.options else {
                throw .invalidTask(
                    "volume \(volume) already exists with \(existing.optionSummary); remove it first, or create it with the same options")
            }
            return existing
        }
        let definition = VolumeDefinition(name: volume, options: options)
        try state.definitions.save(definition, as: volume)
        logger.notice("defined volume", metadata: ["volume": "\(volume)", "options": "\(definition.optionSummary)"])
        return definition
    }

    public func definition(_ volume: String) throws(EFSHookError) -> VolumeDefinition? {
        try state.definitions.load(volume)
    }

    public func definedVolumes() throws(EFSHookError) -> [String] { try state.definitions.keys() }

    /// Forgets a named volume (`docker volume rm`), refused while anyone on this host uses it.
    /// With `reclaim=delete` the provider's resources go first (a provider without any keeps
    /// the data). Returns nil for a volume never defined, else what was deleted.
    public func removeDefinition(_ volume: String) async throws(EFSHookError) -> [String]? {
        try VolumeName.validate(volume)
        let locks = try state.lockVolumes([volume])
        defer { locks.forEach { $0.release() } }
        guard let definition = try state.definitions.load(volume) else { return nil }
        try ensureUnused(volume)
        var removed: [String] = []
        if definition.reclaimDelete {
            try forgetResolution(volume)
            if let administration = provider.administration {
                removed = try await administration.remove(volume: volume, sharedFileSystem: definition.options[.fileSystemId])
                logger.notice(
                    "deleted the volume's resources (reclaim=delete)",
                    metadata: ["volume": "\(volume)", "removed": "\(removed.joined(separator: ","))"])
            } else {
                logger.notice(
                    "reclaim=delete: the \(provider.name) provider never deletes data; forgetting the volume only",
                    metadata: ["volume": "\(volume)"])
            }
        }
        try state.definitions.remove(volume)
        logger.notice("removed volume definition", metadata: ["volume": "\(volume)"])
        return removed
    }
}
