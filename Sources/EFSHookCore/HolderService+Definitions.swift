import Common
import VolumeModel

/// Named volumes ahead of any mount (`docker volume create`, `docker volume rm`), each
/// change under the volume's lock.
extension HolderService {
    /// Records a named volume and its options. Defining it again with the same options, or
    /// with none, succeeds and keeps the stored ones.
    public func define(_ volume: String, options: VolumeOptions) throws(EFSHookError) -> VolumeDefinition {
        try VolumeName.validate(volume)
        try policy.authorize(VolumeSpec(name: volume, options: options), frontEnd: .docker)
        let locks = try state.lockVolumes([volume])
        defer { locks.release() }
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

    /// The volume's definition; with REX-Ray's naming, also one REX-Ray made. REX-Ray's Docker
    /// volumes live in EFS, not in efs-hook's definitions: after the switch dockerd still knows
    /// them by name and asks Get before it mounts. One the provider has (found with libStorage's
    /// naming) is defined here on first sight. A name it does not have stays unknown, because
    /// dockerd asks every driver about names it has never seen and must not find them all here.
    public func definitionAdopting(_ volume: String, naming: VolumeNaming) async throws(EFSHookError) -> VolumeDefinition? {
        if let known = try definition(volume) { return known }
        guard naming == .rexray, let administration = provider.administration else { return nil }
        guard try await administration.inspect(VolumeSpec(name: volume, naming: naming)).fileSystemId != nil else { return nil }
        logger.notice("defining a volume REX-Ray made", metadata: ["volume": "\(volume)"])
        return try define(volume, options: VolumeOptions())
    }

    /// Forgets a named volume (`docker volume rm`), refused while anyone on this host uses it.
    /// With `reclaim=delete` the provider's resources go first (a provider without any keeps
    /// the data). Returns nil for a volume never defined, else what was deleted.
    public func removeDefinition(_ volume: String) async throws(EFSHookError) -> [String]? {
        try VolumeName.validate(volume)
        let locks = try state.lockVolumes([volume])
        defer { locks.release() }
        guard let definition = try state.definitions.load(volume) else { return nil }
        try ledger.ensureUnused(volume, locks: locks)
        var removed: [String] = []
        if definition.reclaimDelete {
            try ledger.forgetResolution(volume, locks: locks)
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
