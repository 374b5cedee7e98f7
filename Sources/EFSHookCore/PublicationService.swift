import Common
import HostLayer
import Logging
import VolumeModel

/// Publications (the CSI plugin's node service): binds a volume's one host mount onto a
/// path the orchestrator names (see `Publication`), and undoes it. Takes the path's user lock
/// for the whole of each call (the ledger adds the volume's), and writes ahead like every
/// other user, so an interrupted publish is undone by the next call on the path or by `recover`.
public struct PublicationService: Sendable {
    let ledger: HostMountLedger
    let policy: PolicyGate
    var host: any HostOperations { ledger.host }
    var state: StateDirectory { ledger.state }
    var logger: Logger { ledger.logger }

    public init(ledger: HostMountLedger, policy: PolicyEngine) {
        self.ledger = ledger
        self.policy = PolicyGate(engine: policy, logger: ledger.logger)
    }

    /// What the path shows now, by its record: the volume and whether it is read-only; nil
    /// when nothing is published there (or an interrupted publish left only its record).
    public func current(_ publication: Publication) throws(EFSHookError) -> PublishedPath? {
        guard let record = try state.containers.load(publication.userID), record.phase == .prepared,
            let volume = record.volumes.first
        else { return nil }
        return PublishedPath(volume: volume.name, readOnly: volume.readOnly, options: volume.options)
    }

    /// Mounts the volume once on this host (if no one has) and binds it onto the path,
    /// read-only when asked. Idempotent: the same volume in the same mode again succeeds and
    /// changes nothing. A path showing another volume, or this one in the other mode, is
    /// refused (`publishedOtherwise`). `source` names where the options came from in a refusal.
    public func publish(_ requested: VolumeSpec, at publication: Publication, readOnly: Bool, source: String? = nil)
        async throws(EFSHookError) -> PublishedPath
    {
        try VolumeName.validate(requested.name)
        let spec = try policy.authorize(requested, frontEnd: .csi, source: source)
        let user = try state.lockUser(publication.userID)
        defer { user.release() }
        if let shown = try current(publication), shown.volume != spec.name || shown.readOnly != readOnly {
            throw EFSHookError(
                .invalidTask,
                "\(publication.path) already shows volume \(shown.volume)\(shown.readOnly ? " read-only" : ""); unpublish it first",
                code: .publishedOtherwise)
        }
        let volume = ContainerVolume(
            spec: spec, containerPath: publication.path, readOnly: readOnly, target: publication.path, bindManaged: true)
        let (_, reused) = try await ledger.establish(user, volumes: [volume]) { _, _ throws(EFSHookError) in
            try bind(spec.name, onto: publication, readOnly: readOnly)
        }
        OperationRecorder.current?.update {
            $0.containerID = user.id
            $0.note(volume: spec.name, outcome: reused.contains(spec.name) ? "reused" : "mounted")
        }
        return PublishedPath(volume: spec.name, readOnly: readOnly, options: spec.options)
    }

    /// Unbinds the path (the host mount goes with the volume's last user) and, with
    /// `removingDirectory`, removes the directory if it is empty (a target path is the
    /// plugin's to remove; a staging path the orchestrator's). A path with nothing published
    /// is not an error: returns false. With `volume`, a path showing another volume is
    /// refused and left as it is.
    public func unpublish(_ publication: Publication, volume: String? = nil, removingDirectory: Bool) async throws(EFSHookError) -> Bool {
        let user = try state.lockUser(publication.userID)
        defer { user.release() }
        let result = try await ledger.releaseUser(user, expecting: volume) { held in
            EFSHookError(
                .invalidTask, "\(publication.path) shows volume \(held.joined(separator: ", ")), not \(volume ?? "")",
                code: .publishedOtherwise)
        }
        // An orchestrator may delete what is below the path once this returns (Mesos removes
        // the volume's directory recursively): nothing may be left mounted there.
        if try host.isMountPoint(publication.path) {
            throw EFSHookError(
                .failure, "\(publication.path) is still a mount point that efs-hook did not make; unmount it, then call again",
                code: .stillMounted)
        }
        if removingDirectory { host.removeEmptyDirectory(root: publication.root, relative: publication.relative) }
        if result.known, let volume { OperationRecorder.current?.update { $0.note(volume: volume, outcome: "released") } }
        OperationRecorder.current?.update { $0.containerID = user.id }
        return result.known
    }

    /// The paths that show `volume` on this host now, by their records.
    public func paths(showing volume: String) throws(EFSHookError) -> [String] {
        var paths: [String] = []
        for id in try state.userIndex.users(of: volume) where id.hasPrefix(Holder.publicationPrefix) {
            if let record = try state.containers.load(id), let shown = record.volumes.first { paths.append(shown.target) }
        }
        return paths.sorted()
    }

    private func bind(_ name: String, onto publication: Publication, readOnly: Bool) throws(EFSHookError) {
        let directory = try host.resolveDirectory(root: publication.root, relative: publication.relative, createMissing: true)
        try host.bind(source: ledger.status.mountPoint(of: name), onto: directory)
        if readOnly {
            // The descriptor still names the directory under the new mount; walk again to reach the mount.
            try host.remountReadOnly(
                try host.resolveDirectory(root: publication.root, relative: publication.relative, createMissing: false))
        }
        logger.info("published volume", metadata: ["volume": "\(name)", "path": "\(publication.path)", "readOnly": "\(readOnly)"])
    }
}
