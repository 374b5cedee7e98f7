import Common
import HostLayer
import VolumeModel

/// What `recover` did.
public struct RecoveryReport: Sendable, Equatable, Encodable {
    /// Containers whose records (and binds) were removed: not live, or interrupted prepares.
    public var releasedContainers: [String] = []
    /// Host mounts re-established for live containers (after a reboot or a lost mount).
    public var remounted: [String] = []
    /// Host mounts without a live user, unmounted.
    public var unmountedOrphans: [String] = []
    /// Host mounts found stacked more than once on one mount point, reduced to one.
    public var unstacked: [String] = []
    /// Markers in the user index left by runs killed between writing a marker and its record.
    public var staleUserMarkers = 0
}

extension Executor {
    /// Reconciles records, the kernel's mount table and reality after an agent restart or a
    /// host reboot. `live` is the set of containers the agent still runs; nil means "keep
    /// every fully prepared container". Idempotent, and safe while other efs-hook commands
    /// run: every change is made under the same locks they take.
    public func recover(live: Set<String>?) async throws(EFSHookError) -> RecoveryReport {
        var report = RecoveryReport()
        for id in try state.containers.keys() {
            let containerLock = try state.lockContainer(id)
            defer { containerLock.release() }
            guard let record = try loadForRecovery(id, report: &report) else { continue }
            let sameBoot = record.bootID == nil || record.bootID == BootID.current
            let isLive = record.phase == .prepared && sameBoot && (live?.contains(id) ?? true)
            guard !isLive else { continue }
            let volumeLocks = try state.lockVolumes(record.volumes.map(\.name))
            defer { volumeLocks.forEach { $0.release() } }
            _ = try await release(record, keepingVolumes: [])
            report.releasedContainers.append(id)
            Failpoint.recoverAfterContainerCleanup.hit()
        }

        for name in state.userIndex.volumes() {
            let locks = try state.lockVolumes([name])
            defer { locks.forEach { $0.release() } }
            report.staleUserMarkers += try state.userIndex.removeStale(of: name)
        }

        var needed: [String: ContainerVolume] = [:]
        for entry in try state.containers.all() {
            for volume in entry.record.volumes where needed[volume.name] == nil { needed[volume.name] = volume }
        }
        for (name, volume) in needed.sorted(by: { $0.key < $1.key }) {
            let locks = try state.lockVolumes([name])
            defer { locks.forEach { $0.release() } }
            let mountPoint = planner.hostMountPoint(for: name)
            let table = try MountTable.current()
            if table.mountCount(at: mountPoint) > 1 {
                try mounter.unmountAll(mountPoint)
                report.unstacked.append(name)
            }
            let request = VolumeRequest(
                name: name, driver: "", containerPath: volume.containerPath, readOnly: false, origin: .direct,
                options: volume.options)
            let wasMounted = try await ensureHostMount(for: request)
            if !wasMounted {
                report.remounted.append(name)
                Failpoint.recoverAfterRemount.hit()
            }
        }

        var orphans = Set(try state.hostMounts.keys())
        for entry in try MountTable.current().mounts(under: planner.mountRoot) {
            let relative = entry.mountPoint.dropFirst(planner.mountRoot.count + 1)
            if !relative.contains("/") { orphans.insert(String(relative)) }
        }
        for name in orphans.sorted() where needed[name] == nil {
            let locks = try state.lockVolumes([name])
            defer { locks.forEach { $0.release() } }
            guard try state.userIndex.users(of: name).isEmpty else { continue }
            let recorded = state.hostMounts.contains(name)
            if try await releaseHostMount(name, options: VolumeOptions()) || recorded { report.unmountedOrphans.append(name) }
            Failpoint.recoverAfterOrphanUnmount.hit()
        }
        return report
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
