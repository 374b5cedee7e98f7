import Common
import Foundation
import HostLayer
import VolumeModel

extension Executor {
    /// Makes sure the volume is mounted once on this host. Returns true if it already was.
    /// Callers hold the volume's lock.
    func ensureHostMount(_ name: String, options: VolumeOptions, naming: VolumeNaming, mayCreate: Bool = true)
        async throws(EFSHookError) -> Bool
    {
        let mountPoint = planner.hostMountPoint(for: name)
        let mounted = try host.isMountPoint(mountPoint)
        if mounted, state.hostMounts.contains(name) {
            return true
        }
        if mounted {
            logger.notice("removing a host mount left by an interrupted run", metadata: ["mountPoint": "\(mountPoint)"])
            try host.unmountAll(mountPoint)
        }
        let request = ProvisionRequest(
            name: name, options: options, previous: try state.hostMounts.load(name), mayCreate: mayCreate, naming: naming)
        let provisioned = try await provider.provision(request)
        Failpoint.prepareAfterProvision.hit()
        if let subdirectory = provisioned.subdirectory {
            try host.makeExportSubdirectory(subdirectory, scratch: planner.scratchMountPoint(for: name))
        }
        try host.mount(provisioned.mount, at: mountPoint)
        Failpoint.prepareAfterHostMount.hit()
        try state.hostMounts.save(
            HostMountRecord(
                name: name, mountPoint: mountPoint, provider: provider.name, source: provisioned.mount.source, efs: provisioned.efs),
            as: name)
        Failpoint.prepareAfterHostMountRecord.hit()
        logger.info("mounted volume on host", metadata: ["volume": "\(name)", "mountPoint": "\(mountPoint)"])
        return false
    }

    /// Unmounts the volume's host mount, then removes its record and tells the provider. The
    /// record goes after the mount, so a kill in between leaves a record the next run finishes.
    /// Returns whether it was mounted. Callers hold the volume's lock.
    func releaseHostMount(_ name: String, options: VolumeOptions, deadline: Date? = nil) async throws(EFSHookError) -> Bool {
        let mountPoint = planner.hostMountPoint(for: name)
        Failpoint.cleanupBeforeHostUnmount.hit()
        let stage = try host.unmountAllStaged(mountPoint, within: remaining(until: deadline))
        Failpoint.cleanupAfterHostUnmount.hit()
        host.removeMountPoint(mountPoint)
        if let stage {
            logger.info("unmounted volume from host", metadata: ["volume": "\(name)", "stage": "\(stage.rawValue)"])
            onHostUnmount?(name, stage)
        }
        if let hostRecord = try state.hostMounts.load(name) {
            try state.hostMounts.remove(name)
            try await provider.released(hostRecord, options: options)
        }
        return stage != nil
    }

    /// The one-line refusal for a new user of a mounted volume whose server does not answer
    /// a statfs within the probe timeout; nil when it answers or is not mounted here.
    func unresponsiveProblem(_ name: String) -> EFSHookError? {
        // Not mounted: the probe asks the state directory's file system, which answers.
        guard host.probe([planner.hostMountPoint(for: name)], timeout: deadlines.probeTimeout) == [false] else { return nil }
        let server = (try? state.hostMounts.load(name))?.source ?? "unknown"
        return .temporary("volume \(name): not responding (server \(Quoting.safe(server))); the container was not started on it")
    }

    /// Seconds left until `deadline` (the unmount deadline from now when nil).
    func remaining(until deadline: Date?) -> Double {
        (deadline ?? Date().addingTimeInterval(deadlines.unmountDeadline)).timeIntervalSinceNow
    }

    /// Refuses while anyone on this host uses the volume or it is mounted here: the one
    /// in-use check of `remove`, `gc` and the Docker plugin's Remove. Callers hold the lock.
    func ensureUnused(_ name: String) throws(EFSHookError) {
        let users = try state.userIndex.users(of: name)
        guard users.isEmpty else {
            throw .failure(
                "volume \(name) is in use on this host by \(users.count) user(s) (\(users.prefix(5).joined(separator: ", "))); "
                    + "release them first")
        }
        let mountPoint = planner.hostMountPoint(for: name)
        guard try !host.isMountPoint(mountPoint) else {
            throw .failure("volume \(name) is mounted on this host at \(mountPoint) with no recorded user; run efs-hook recover first")
        }
    }
}
