import Common
import Foundation
import HostLayer
import Logging
import VolumeModel

/// Reconciles records, the kernel's mount table and reality after an agent restart or a host
/// reboot (`recover`), and keeps the agent hook's task requests (Route B) for the isolator.
/// Each phase takes, per user or volume, the same locks the other services take, so it is
/// safe while other efs-hook commands run.
public struct Reconciler: Sendable {
    let ledger: HostMountLedger
    var host: any HostOperations { ledger.host }
    var state: StateDirectory { ledger.state }
    var logger: Logger { ledger.logger }

    public init(ledger: HostMountLedger) {
        self.ledger = ledger
    }

    /// `live` is the set of containers the agent still runs; nil means "keep every fully
    /// prepared container". Holders (dvdcli, Docker) are not Mesos containers: they stay until
    /// released, unless they are interrupted or from an earlier boot. Idempotent.
    public func recover(live: Set<String>?) async throws(EFSHookError) -> RecoveryReport {
        var report = RecoveryReport()
        try await releaseDeadUsers(live: live, report: &report)
        try removeStaleTaskRequests(report: &report)
        try removeStaleUserMarkers(report: &report)
        let needed = try await remountNeededVolumes(report: &report)
        try await unmountOrphans(keeping: needed, report: &report)
        return report
    }

    /// The agent hook's stored requests (Route B), for the isolator's prepare.
    public var taskRequests: TaskRequestStore { TaskRequestStore(layout: state.layout) }

    /// Notes that `containerID`'s prepare used the requests (see `TaskRequestStore.markUsed`).
    public func markTaskRequests(_ record: TaskRequestRecord, usedBy containerID: String) throws(EFSHookError) {
        try taskRequests.markUsed(record, by: containerID)
    }

    /// Recovery: drops the task requests no container needs any longer.
    func removeStaleTaskRequests(report: inout RecoveryReport, now: Date = Date()) throws(EFSHookError) {
        let containers = state.containers
        report.removedTaskRequests += try taskRequests.removeStale(
            now: now, isGone: { !containers.contains($0) },
            unreadable: { logger.warning("removing an unreadable task request", metadata: ["executor": "\($0)"]) },
            tooNew: { report.tooNewRecords.append($0.message) })
    }

    /// Phase 1: releases every user that is not live: interrupted prepares, records of an
    /// earlier boot, and containers the agent no longer runs. An unreadable record is
    /// reported, and everything else is still reconciled; `cleanup` moves it aside. One newer
    /// than this binary reads is refused the same way, and nothing moves it.
    func releaseDeadUsers(live: Set<String>?, report: inout RecoveryReport) async throws(EFSHookError) {
        for id in try state.containers.keys() {
            let user = try state.lockUser(id)
            defer { user.release() }
            let loaded: ContainerRecord?
            do {
                loaded = try loadForRecovery(id, report: &report)
            } catch {
                logger.error("unreadable container record; carrying on", metadata: ["container": "\(id)", "error": "\(error.message)"])
                report.note(unreadable: id, error)
                continue
            }
            guard let record = loaded, !isLive(record, live: live) else { continue }
            let locks = try state.lockVolumes(record.volumes.map(\.name))
            defer { locks.release() }
            do {
                _ = try await ledger.release(record, keepingVolumes: [], user: user, locks: locks)
            } catch  where error.isCode(.stateTooNew) {
                // A host-mount record too new to read: its volume, and this record, stay; the rest goes on.
                report.tooNewRecords.append(error.message)
                continue
            }
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
            defer { locks.release() }
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
            defer { locks.release() }
            let mountPoint = ledger.status.mountPoint(of: name)
            if try host.isMountPoint(mountPoint), !ledger.status.answers(name, timeout: ledger.deadlines.probeTimeout) {
                // A mount that does not answer (or answers "stale file handle") is cured only by
                // a fresh mount; the next prepare or recover makes it once the server answers.
                let stage = try host.unmountAllStaged(mountPoint, within: ledger.deadlines.unmountDeadline)
                logger.warning(
                    "detached a host mount that does not answer", metadata: ["volume": "\(name)", "stage": "\(stage?.rawValue ?? "none")"])
                report.detachedUnresponsive.append(name)
                continue
            }
            if try host.mountCount(at: mountPoint) > 1 {
                try host.unmountAll(mountPoint)
                report.unstacked.append(name)
            }
            do {
                if try await !ledger.ensureHostMount(volume.spec, locks: locks) {
                    report.remounted.append(name)
                    Failpoint.recoverAfterRemount.hit()
                }
            } catch  where error.isCode(.stateTooNew) {
                report.tooNewRecords.append(error.message)
            }
        }
        return Set(needed.keys)
    }

    /// Phase 4: unmounts host mounts (recorded, or found under the mount root) nobody needs.
    func unmountOrphans(keeping needed: Set<String>, report: inout RecoveryReport) async throws(EFSHookError) {
        var orphans = Set(try state.hostMounts.keys())
        let mountRoot = ledger.status.mountRoot
        for mountPoint in try host.mountPoints(under: mountRoot) {
            let relative = mountPoint.dropFirst(mountRoot.count + 1)
            if !relative.isEmpty, !relative.contains("/") { orphans.insert(String(relative)) }
        }
        for name in orphans.sorted() where !needed.contains(name) {
            let locks = try state.lockVolumes([name])
            defer { locks.release() }
            guard try state.userIndex.users(of: name).isEmpty else { continue }
            let recorded = state.hostMounts.contains(name)
            do {
                if try await ledger.releaseHostMount(name, options: VolumeOptions(), locks: locks) || recorded {
                    report.unmountedOrphans.append(name)
                }
            } catch  where error.isCode(.stateTooNew) {
                report.tooNewRecords.append(error.message)
            }
            Failpoint.recoverAfterOrphanUnmount.hit()
        }
    }

    /// A container record, or nil if there is none or it was written before this boot and a
    /// power loss left it unreadable (container records are not fsynced); that one is removed,
    /// since nothing it described survived the reboot. One too new for this binary is never removed.
    private func loadForRecovery(_ id: String, report: inout RecoveryReport) throws(EFSHookError) -> ContainerRecord? {
        do {
            return try state.containers.load(id)
        } catch {
            guard !error.isCode(.stateTooNew), let written = state.containers.modificationTime(id), let boot = BootTime.current,
                written < boot
            else { throw error }
            logger.notice("removing an unreadable container record from an earlier boot", metadata: ["container": "\(id)"])
            try state.containers.remove(id)
            report.releasedContainers.append(id)
            return nil
        }
    }
}
