import Common
import Foundation
import HostLayer
import Logging
import VolumeModel

/// The host mounts and the records of who uses them: mounts a volume once per host, releases
/// it with its last user, and writes every change ahead in the state directory so a run
/// killed at any point leaves enough behind for `cleanup` or `recover` to converge.
///
/// Opaque outside the core: the composition root builds it and hands it to the services,
/// which take the locks. Every function that changes a volume takes the `VolumeLocks` (and a
/// user's, its `UserLock`) that only `StateDirectory` makes, so holding them is checked by
/// the compiler rather than said in a comment.
public struct HostMountLedger: Sendable {
    let provider: any VolumeProvider
    let host: any HostOperations
    let status: HostStatus
    let state: StateDirectory
    let deadlines: HostDeadlines
    /// Told of every host unmount and the stage it took (the daemon's metrics).
    let onHostUnmount: (@Sendable (_ volume: String, _ stage: UnmountStage) -> Void)?
    let logger: Logger
    let resolutions: ResolutionCache

    public init(
        provider: any VolumeProvider, host: any HostOperations, status: HostStatus, state: StateDirectory, deadlines: HostDeadlines,
        onHostUnmount: (@Sendable (_ volume: String, _ stage: UnmountStage) -> Void)?, logger: Logger
    ) {
        self.provider = provider
        self.host = host
        self.status = status
        self.state = state
        self.deadlines = deadlines
        self.onHostUnmount = onHostUnmount
        self.logger = logger
        resolutions = ResolutionCache(records: state.resolutions, logger: logger)
    }

    /// Makes sure the volume is mounted once on this host. Returns true if it already was.
    func ensureHostMount(_ spec: VolumeSpec, mayCreate: Bool = true, locks: VolumeLocks) async throws(EFSHookError) -> Bool {
        assert(locks.covers(spec.name))
        let mountPoint = status.mountPoint(of: spec.name)
        let mounted = try host.isMountPoint(mountPoint)
        if mounted, state.hostMounts.contains(spec.name) {
            return true
        }
        if mounted {
            logger.notice("removing a host mount left by an interrupted run", metadata: ["mountPoint": "\(mountPoint)"])
            try host.unmountAll(mountPoint)
        }
        let request = ProvisionRequest(spec, previous: try state.hostMounts.load(spec.name), mayCreate: mayCreate)
        let cached = resolutions.entry(spec.name)
        if let known = provider.resolveWithoutCalls(request, cached: cached) {
            do throws(EFSHookError) {
                try mount(spec.name, known, at: mountPoint)
                resolutions.remember(provider.resolution(of: request, provisioned: known), replacing: cached)
                // What the cache added: a mount the configuration alone would not give.
                record(spec.name, resolvedBy: provider.resolveWithoutCalls(request, cached: nil) == known ? .dnsName : .cache)
                return false
            } catch {
                logger.notice(
                    "mounting what was known of the volume failed; resolving it afresh",
                    metadata: ["volume": "\(spec.name)", "error": "\(error.message)"])
                try? resolutions.forget(spec.name, locks: locks)
            }
        }
        let provisioned = try await provider.provision(request)
        try mount(spec.name, provisioned, at: mountPoint)
        resolutions.remember(provider.resolution(of: request, provisioned: provisioned), replacing: nil)
        record(spec.name, resolvedBy: .api)
        return false
    }

    /// Tells the operation's summary where a cold mount learned its resources (a provider
    /// without AWS resources resolves nothing).
    private func record(_ name: String, resolvedBy source: ResolutionSource) {
        guard provider.administration != nil else { return }
        OperationRecorder.current?.update { $0.note(volume: name, resolution: source.rawValue) }
    }

    private func mount(_ name: String, _ provisioned: ProvisionedVolume, at mountPoint: String) throws(EFSHookError) {
        Failpoint.prepareAfterProvision.hit()
        if let subdirectory = provisioned.subdirectory {
            try host.makeExportSubdirectory(subdirectory, scratch: status.planner.scratchMountPoint(for: name))
        }
        try host.mount(provisioned.mount, at: mountPoint)
        if let notice = provisioned.notice { logger.notice("\(notice)", metadata: ["volume": "\(name)"]) }
        Failpoint.prepareAfterHostMount.hit()
        try state.hostMounts.save(
            HostMountRecord(
                name: name, mountPoint: mountPoint, provider: provider.name, source: provisioned.mount.source, facts: provisioned.facts),
            as: name)
        Failpoint.prepareAfterHostMountRecord.hit()
        logger.info("mounted volume on host", metadata: ["volume": "\(name)", "mountPoint": "\(mountPoint)"])
    }

    /// Unmounts the volume's host mount, then removes its record and tells the provider. The
    /// record goes after the mount, so a kill in between leaves a record the next run finishes.
    /// Returns whether it was mounted. A record too new for this binary is refused before
    /// anything is unmounted.
    func releaseHostMount(_ name: String, options: VolumeOptions, deadline: Date? = nil, locks: VolumeLocks)
        async throws(EFSHookError) -> Bool
    {
        assert(locks.covers(name))
        let loaded = Result { () throws(EFSHookError) in try state.hostMounts.load(name) }
        if case .failure(let error) = loaded, error.isCode(.stateTooNew) { throw error }
        let mountPoint = status.mountPoint(of: name)
        Failpoint.cleanupBeforeHostUnmount.hit()
        let stage = try host.unmountAllStaged(mountPoint, within: remaining(until: deadline))
        Failpoint.cleanupAfterHostUnmount.hit()
        host.removeMountPoint(mountPoint)
        if let stage {
            logger.info("unmounted volume from host", metadata: ["volume": "\(name)", "stage": "\(stage.rawValue)"])
            onHostUnmount?(name, stage)
        }
        if let hostRecord = try loaded.get() {
            try state.hostMounts.remove(name)
            // reclaim=delete may take the resources with it: what the cache knows goes first.
            if options[.reclaim] == "delete" { try resolutions.forget(name, locks: locks) }
            try await provider.released(hostRecord, options: options)
        }
        return stage != nil
    }

    /// The one-line refusal for a new user of a mounted volume whose server does not answer
    /// a statfs within the probe timeout; nil when it answers or is not mounted here.
    func unresponsiveProblem(_ name: String) -> EFSHookError? {
        guard !status.answers(name, timeout: deadlines.probeTimeout) else { return nil }
        let server = (try? state.hostMounts.load(name))?.source ?? "unknown"
        return .temporary("volume \(name): not responding (server \(Quoting.safe(server))); the container was not started on it")
    }

    /// Whether every host mount and managed bind the record names is in the mount table.
    func isIntact(_ record: ContainerRecord) throws(EFSHookError) -> Bool {
        for volume in record.volumes {
            guard try host.isMountPoint(status.mountPoint(of: volume.name)) else { return false }
            if volume.bindManaged, try !host.isMountPoint(volume.target) { return false }
        }
        return true
    }

    /// Seconds left until `deadline` (the unmount deadline from now when nil).
    func remaining(until deadline: Date?) -> Double {
        (deadline ?? Date().addingTimeInterval(deadlines.unmountDeadline)).timeIntervalSinceNow
    }

    /// Refuses while anyone on this host uses the volume or it is mounted here: the one
    /// in-use check of `remove`, `gc` and the Docker plugin's Remove.
    func ensureUnused(_ name: String, locks: VolumeLocks) throws(EFSHookError) {
        assert(locks.covers(name))
        let users = try state.userIndex.users(of: name)
        guard users.isEmpty else {
            throw EFSHookError(
                .failure,
                "volume \(name) is in use on this host by \(users.count) user(s) (\(users.prefix(5).joined(separator: ", "))); "
                    + "release them first", code: .volumeInUse)
        }
        let mountPoint = status.mountPoint(of: name)
        guard try !host.isMountPoint(mountPoint) else {
            throw .failure("volume \(name) is mounted on this host at \(mountPoint) with no recorded user; run efs-hook recover first")
        }
    }
}
