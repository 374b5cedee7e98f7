import Common
import HostLayer
import VolumeModel

extension Executor {
    /// Reconciles records, the kernel's mount table and reality after an agent restart or a
    /// host reboot. `live` is the set of containers the agent still runs; nil means "keep
    /// every fully prepared container". Holders (dvdcli, Docker) are not Mesos containers:
    /// they stay until released, unless they are interrupted or from an earlier boot.
    /// Idempotent, and safe while other efs-hook commands run: every change is made under
    /// the same locks they take.
    public func recover(live: Set<String>?) async throws(EFSHookError) -> RecoveryReport {
        var report = RecoveryReport()
        try await releaseDeadUsers(live: live, report: &report)
        try removeStaleTaskRequests(report: &report)
        try removeStaleUserMarkers(report: &report)
        let needed = try await remountNeededVolumes(report: &report)
        try await unmountOrphans(keeping: needed, report: &report)
        return report
    }

    /// Phase 1: releases every user that is not live: interrupted prepares, records of an
    /// earlier boot, and containers the agent no longer runs.
    func releaseDeadUsers(live: Set<String>?, report: inout RecoveryReport) async throws(EFSHookError) {
        for id in try state.containers.keys() {
            let userLock = try state.lockContainer(id)
            defer { userLock.release() }
            let loaded: ContainerRecord?
            do {
                loaded = try loadForRecovery(id, report: &report)
            } catch {
                // Reported, and everything else is still reconciled; `cleanup` moves it aside.
                logger.error("unreadable container record; carrying on", metadata: ["container": "\(id)", "error": "\(error.message)"])
                report.unreadableRecords.append(id)
                continue
            }
            guard let record = loaded else { continue }
            guard !isLive(record, live: live) else { continue }
            let volumeLocks = try state.lockVolumes(record.volumes.map(\.name))
            defer { volumeLocks.forEach { $0.release() } }
            _ = try await release(record, keepingVolumes: [])
            report.releasedContainers.append(id)
            Failpoint.recoverAfterContainerCleanup.hit()
        }
    }

    func isLive(_ record: ContainerRecord, live: Set<String>?) -> Bool {
        let sameBoot = record.bootID == nil || record.bootID == BootID.current
        guard record.phase == .prepared, sameBoot else { return false }
        return Holder.isHolder(record.containerID) || (live?.contains(record.containerID) ?? true)
    }

    /// Phase 2: drops user-index markers whose record is gone.
    func removeStaleUserMarkers(report: inout RecoveryReport) throws(EFSHookError) {
        for name in state.userIndex.volumes() {
            let locks = try state.lockVolumes([name])
            defer { locks.forEach { $0.release() } }
            report.staleUserMarkers += try state.userIndex.removeStale(of: name)
        }
    }

    /// Phase 3: every volume a remaining user needs is mounted exactly once. Returns them.
    func remountNeededVolumes(report: inout RecoveryReport) async throws(EFSHookError) -> Set<String> {
        var needed: [String: ContainerVolume] = [:]
        for entry in try state.containers.readable().records {
            for volume in entry.record.volumes where needed[volume.name] == nil { needed[volume.name] = volume }
        }
        for (name, volume) in needed.sorted(by: { $0.key < $1.key }) {
            let locks = try state.lockVolumes([name])
            defer { locks.forEach { $0.release() } }
            let mountPoint = planner.hostMountPoint(for: name)
            if try host.isMountPoint(mountPoint), host.probe([mountPoint], timeout: deadlines.probeTimeout) == [false] {
                // A mount that does not answer (or answers "stale file handle") is cured only by
                // a fresh mount; the next prepare or recover makes it once the server answers.
                let stage = try host.unmountAllStaged(mountPoint, within: deadlines.unmountDeadline)
                logger.warning(
                    "detached a host mount that does not answer", metadata: ["volume": "\(name)", "stage": "\(stage?.rawValue ?? "none")"])
                report.detachedUnresponsive.append(name)
                continue
            }
            if try host.mountCount(at: mountPoint) > 1 {
                try host.unmountAll(mountPoint)
                report.unstacked.append(name)
            }
            if try await !ensureHostMount(name, options: volume.options, naming: volume.naming) {
                report.remounted.append(name)
                Failpoint.recoverAfterRemount.hit()
            }
        }
        return Set(needed.keys)
    }

    /// Phase 4: unmounts host mounts (recorded, or found under the mount root) nobody needs.
    func unmountOrphans(keeping needed: Set<String>, report: inout RecoveryReport) async throws(EFSHookError) {
        var orphans = Set(try state.hostMounts.keys())
        for mountPoint in try host.mountPoints(under: planner.mountRoot) {
            let relative = mountPoint.dropFirst(planner.mountRoot.count + 1)
            if !relative.isEmpty, !relative.contains("/") { orphans.insert(String(relative)) }
        }
        for name in orphans.sorted() where !needed.contains(name) {
            let locks = try state.lockVolumes([name])
            defer { locks.forEach { $0.release() } }
            guard try state.userIndex.users(of: name).isEmpty else { continue }
            let recorded = state.hostMounts.contains(name)
            if try await releaseHostMount(name, options: VolumeOptions()) || recorded { report.unmountedOrphans.append(name) }
            Failpoint.recoverAfterOrphanUnmount.hit()
        }
    }

    /// A container record, or nil if there is none or it was written before this boot and a
    /// power loss left it unreadable (container records are not fsynced); that one is removed,
    /// since nothing it described survived the reboot.
    private func loadForRecovery(_ id: String, report: inout RecoveryReport) throws(EFSHookError) -> ContainerRecord? {
        do {
            return try state.containers.load(id)
        } catch {
            guard let written = state.containers.modificationTime(id), let boot = BootTime.current, written < boot else { throw error }
            logger.notice("removing an unreadable container record from an earlier boot", metadata: ["container": "\(id)"])
            try state.containers.remove(id)
            report.releasedContainers.append(id)
            return nil
        }
    }
}
