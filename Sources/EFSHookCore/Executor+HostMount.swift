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
        let cached = cachedResolution(name)
        if let known = provider.resolveWithoutCalls(request, cached: cached) {
            do throws(EFSHookError) {
                try mount(name, known, at: mountPoint)
                remember(provider.resolution(of: request, provisioned: known), replacing: cached)
                return false
            } catch {
                logger.notice(
                    "mounting what was known of the volume failed; resolving it afresh",
                    metadata: ["volume": "\(name)", "error": "\(error.message)"])
                try? forgetResolution(name)
            }
        }
        let provisioned = try await provider.provision(request)
        try mount(name, provisioned, at: mountPoint)
        remember(provider.resolution(of: request, provisioned: provisioned), replacing: nil)
        return false
    }

    private func mount(_ name: String, _ provisioned: ProvisionedVolume, at mountPoint: String) throws(EFSHookError) {
        Failpoint.prepareAfterProvision.hit()
        if let subdirectory = provisioned.subdirectory {
            try host.makeExportSubdirectory(subdirectory, scratch: planner.scratchMountPoint(for: name))
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

    /// The resolution cache's entry for the volume: one small file read. An unreadable one is
    /// as good as none (the next resolution replaces it).
    func cachedResolution(_ name: String) -> VolumeResolution? {
        do {
            return try state.resolutions.load(name)
        } catch {
            logger.notice("ignoring an unreadable resolution cache entry", metadata: ["volume": "\(name)", "error": "\(error.message)"])
            return nil
        }
    }

    /// Drops the volume's resolution cache entry, if it has one.
    func forgetResolution(_ name: String) throws(EFSHookError) {
        if state.resolutions.contains(name) { try state.resolutions.remove(name) }
    }

    /// Saves what was learned unless the cache says it already. A cache that cannot be written
    /// costs the next mount its calls, never this one its volume.
    func remember(_ resolution: VolumeResolution?, replacing cached: VolumeResolution?) {
        guard let resolution, resolution.facts != cached?.facts || resolution.allowance != cached?.allowance else { return }
        do {
            try state.resolutions.save(resolution, as: resolution.volume)
        } catch {
            logger.warning("cannot write the resolution cache", metadata: ["volume": "\(resolution.volume)", "error": "\(error.message)"])
        }
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
            // reclaim=delete may take the resources with it: what the cache knows goes first.
            if options[.reclaim] == "delete" { try forgetResolution(name) }
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
