import Common
import Logging
import VolumeModel

/// The one holder API, for the front ends that bind a host mount themselves (dvdcli, the
/// Docker plugin): hold, release, and named volume definitions. Takes the holder's lock for
/// a hold or release (the ledger adds its volume's), and a volume's lock for a definition.
public struct HolderService: Sendable {
    let ledger: HostMountLedger
    let policy: PolicyGate
    var state: StateDirectory { ledger.state }
    var provider: any VolumeProvider { ledger.provider }
    var logger: Logger { ledger.logger }

    public init(ledger: HostMountLedger, policy: PolicyEngine) {
        self.ledger = ledger
        self.policy = PolicyGate(engine: policy, logger: ledger.logger)
    }

    /// The provider's name (the plugin's Get reports it).
    public var providerName: String { provider.name }

    /// Mounts the volume once on this host (if it is not already) and records `holder` as one
    /// of its users, on prepare's write-ahead path. Returns the host mount path. Idempotent.
    /// With `mayCreate` false a volume that does not exist yet fails and nothing is created.
    /// A name in the config's `volumes:` is held with the config's options; `source` names
    /// where `requested`'s options came from in a refusal.
    public func hold(_ requested: VolumeSpec, by holder: Holder, mayCreate: Bool = true, source: String? = nil)
        async throws(EFSHookError) -> String
    {
        try VolumeName.validate(requested.name)
        let spec = try policy.authorize(requested, frontEnd: holder.frontEnd, source: source)
        let held = ContainerVolume(spec: spec, containerPath: "/", readOnly: false, target: "", bindManaged: false)
        let conflict = { (held: [String]) in
            EFSHookError.invalidTask("\(holder) already holds volume \(held.joined(separator: ", ")), not \(spec.name)")
        }
        let user = try state.lockUser(holder.id)
        defer { user.release() }
        // A holder binds nothing itself: the front end hands Docker or Mesos the host mount.
        let (_, reused) = try await ledger.establish(
            user, volumes: [held], mayCreate: mayCreate, conflict: conflict, attach: { _, _ in })
        OperationRecorder.current?.update {
            $0.containerID = holder.id
            $0.note(volume: spec.name, outcome: reused.contains(spec.name) ? "reused" : "mounted")
        }
        return ledger.status.mountPoint(of: spec.name)
    }

    /// Lets go of `volume` for `holder`; the host mount goes with its last user. Returns false
    /// when the holder held nothing here (never held, or already released).
    public func release(_ volume: String, by holder: Holder) async throws(EFSHookError) -> Bool {
        var known = false
        for id in [holder.id, holder.legacyID] {
            let user = try state.lockUser(id)
            defer { user.release() }
            let result = try await ledger.releaseUser(user, expecting: volume) { held in
                .invalidTask("\(holder) holds volume \(held.joined(separator: ", ")), not \(volume)")
            }
            known = known || result.known
        }
        if known { OperationRecorder.current?.update { $0.note(volume: volume, outcome: "released") } }
        return known
    }

    /// Whether `holder` holds `volume` on this host now.
    public func holds(_ volume: String, by holder: Holder) throws(EFSHookError) -> Bool {
        for id in [holder.id, holder.legacyID] {
            if try state.containers.load(id)?.volumes.contains(where: { $0.name == volume }) == true { return true }
        }
        return false
    }

    // MARK: definitions: named volumes ahead of any mount (`docker volume create`, `rm`)

    /// Records a named volume and its options, under its lock. Defining it again with the same options, or
    /// with none, succeeds and keeps the stored ones. A name in the config's `volumes:` is
    /// refused options that disagree with the config's; what is stored is what was asked, and
    /// every use takes the config's options (see `ClusterVolumes`).
    public func define(_ volume: String, options: VolumeOptions, frontEnd: FrontEnd = .docker) throws(EFSHookError) -> VolumeDefinition {
        try VolumeName.validate(volume)
        try policy.authorize(VolumeSpec(name: volume, options: options), frontEnd: frontEnd, source: "this create")
        let locks = try state.lockVolumes([volume])
        defer { locks.release() }
        if let existing = try state.definitions.load(volume) {
            guard options.isEmpty || options == existing.options else {
                throw EFSHookError(
                    .invalidTask,
                    "volume \(volume) already exists with \(existing.optionSummary); remove it first, or create it with the same options",
                    code: .definedOtherwise)
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
            try ledger.resolutions.forget(volume, locks: locks)
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
