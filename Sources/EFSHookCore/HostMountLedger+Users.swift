import Common
import Foundation
import HostLayer
import VolumeModel

/// Users (containers and holders) on the write-ahead path: a user is recorded as `preparing`
/// before anything is mounted for it, and its record goes only after everything it held.
extension HostMountLedger {
    /// Under the user's lock (the caller's) and its volumes' locks (taken here, once the
    /// earlier record says which), records the user as `preparing`, mounts each volume on the
    /// host, lets `attach` bind it (or not), and commits `prepared`. On any failure everything
    /// done for this user is undone. An earlier, different or interrupted run for the same
    /// user is released first, keeping the host mounts the new one needs; with `conflict` a
    /// user already holding other volumes is refused with its error instead.
    func establish(
        _ user: UserLock, volumes: [ContainerVolume], mayCreate: Bool = true, conflict: ((_ held: [String]) -> EFSHookError)? = nil,
        attach: (Int, inout ContainerRecord) throws(EFSHookError) -> Void
    ) async throws(EFSHookError) -> (record: ContainerRecord, reused: Set<String>) {
        let id = user.id
        let existing = try state.containers.load(id)
        let names = volumes.map(\.name)
        if let existing, let conflict, Set(existing.volumes.map(\.name)) != Set(names) {
            throw conflict(existing.volumes.map(\.name))
        }
        let locks = try state.lockVolumes(names + (existing?.volumes.map(\.name) ?? []))
        defer { locks.release() }
        if let existing {
            if existing.phase == .prepared, existing.volumes == volumes, try isIntact(existing) {
                logger.info("already prepared", metadata: ["container": "\(id)"])
                return (existing, Set(names))
            }
            logger.notice("redoing an earlier, different or interrupted prepare", metadata: ["container": "\(id)"])
            _ = try await release(existing, keepingVolumes: Set(names), user: user, locks: locks)
        }
        for name in Set(names) { try state.userIndex.add(id, to: name) }
        var record = ContainerRecord(containerID: id, phase: .preparing, volumes: volumes)
        try state.containers.save(record, as: id)
        Failpoint.prepareAfterRecord.hit()
        let reused = try await mountAndCommit(&record, mayCreate: mayCreate, user: user, locks: locks, attach: attach)
        return (record, reused)
    }

    /// `establish` once the record says `preparing`: each host mount and `attach`, then
    /// `prepared`; on a failure, the undo. Returns the volumes whose host mount was reused.
    private func mountAndCommit(
        _ record: inout ContainerRecord, mayCreate: Bool, user: UserLock, locks: VolumeLocks,
        attach: (Int, inout ContainerRecord) throws(EFSHookError) -> Void
    ) async throws(EFSHookError) -> Set<String> {
        var reused: Set<String> = []
        var unresponsive: Set<String> = []
        do throws(EFSHookError) {
            for (index, volume) in record.volumes.enumerated() {
                if let problem = unresponsiveProblem(volume.name) {
                    unresponsive.insert(volume.name)
                    throw problem
                }
                if try await ensureHostMount(volume.spec, mayCreate: mayCreate, locks: locks) { reused.insert(volume.name) }
                try attach(index, &record)
            }
            Failpoint.prepareBeforeCommit.hit()
            record.phase = .prepared
            try state.containers.save(record, as: user.id)
        } catch {
            logger.info("prepare failed; undoing", metadata: ["container": "\(user.id)", "error": "\(error.message)"])
            do throws(EFSHookError) {
                // A volume that does not answer keeps its host mount: unmounting it could take
                // the whole unmount deadline, and the caller wants a quick answer.
                _ = try await release(record, keepingVolumes: unresponsive, user: user, locks: locks)
                for name in unresponsive { try state.userIndex.remove(user.id, from: name) }
            } catch let undoError {
                logger.error("undo failed; run efs-hook cleanup", metadata: ["error": "\(undoError.message)"])
            }
            throw error
        }
        return reused
    }

    /// Releases the user whose lock the caller holds, taking its volumes' locks; with
    /// `volume`, only if that is what it uses (else `mismatch`'s error). A record that cannot
    /// be read is moved aside and what the mount table shows it held is released; one newer
    /// than this binary reads is refused, and it and its mounts stay for the binary that wrote it.
    func releaseUser(_ user: UserLock, expecting volume: String? = nil, mismatch: ((_ held: [String]) -> EFSHookError)? = nil)
        async throws(EFSHookError) -> CleanupResult
    {
        let loaded: ContainerRecord?
        do {
            loaded = try state.containers.load(user.id)
        } catch {
            if error.isCode(.stateTooNew) { throw error }
            return try await releaseUnreadable(user, problem: error)
        }
        guard let record = loaded else {
            return CleanupResult(containerID: user.id, known: false, unmountedHostMounts: [])
        }
        if let volume, !record.volumes.contains(where: { $0.name == volume }) {
            throw mismatch?(record.volumes.map(\.name)) ?? .invalidTask("\(user.id) does not use volume \(volume)")
        }
        let locks = try state.lockVolumes(record.volumes.map(\.name))
        defer { locks.release() }
        let unmounted = try await release(record, keepingVolumes: [], user: user, locks: locks)
        return CleanupResult(containerID: user.id, known: true, unmountedHostMounts: unmounted)
    }

    /// Unbinds the user's volumes, unmounts host mounts it was the last user of (unless in
    /// `keepingVolumes`), and removes its record.
    func release(_ record: ContainerRecord, keepingVolumes: Set<String>, user: UserLock, locks: VolumeLocks)
        async throws(EFSHookError) -> [String]
    {
        assert(user.id == record.containerID)
        let deadline = Date().addingTimeInterval(deadlines.unmountDeadline)
        for volume in record.volumes.reversed() where volume.bindManaged {
            guard try host.isMountPoint(volume.target) else { continue }
            // While the host mount stands, a bind is never the file system's last mount, so
            // unmounting it never reaches the server; without it, it may, and gets the stages.
            if try host.isMountPoint(status.mountPoint(of: volume.name)) {
                try host.unmountAll(volume.target)
            } else {
                _ = try host.unmountAllStaged(volume.target, within: remaining(until: deadline))
            }
            logger.info("unbound volume", metadata: ["volume": "\(volume.name)", "target": "\(volume.target)"])
        }
        Failpoint.cleanupAfterUnbind.hit()
        var unmounted: [String] = []
        var seen: Set<String> = []
        for volume in record.volumes where seen.insert(volume.name).inserted && !keepingVolumes.contains(volume.name) {
            try state.userIndex.remove(record.containerID, from: volume.name)
            guard try state.userIndex.users(of: volume.name, except: record.containerID, firstOnly: true).isEmpty else { continue }
            if try await releaseHostMount(volume.name, options: volume.options, deadline: deadline, locks: locks) {
                unmounted.append(volume.name)
            }
        }
        Failpoint.cleanupBeforeRecordRemoval.hit()
        try state.containers.remove(record.containerID)
        return unmounted
    }

    /// Cleanup of a user whose record cannot be read: the record is moved aside (kept for the
    /// operator), and what the mount table shows it held is released: binds of its volumes
    /// (by the user-index markers) whose mount point has the user's id as a path component,
    /// then each host mount it was the last user of.
    func releaseUnreadable(_ user: UserLock, problem: EFSHookError) async throws(EFSHookError) -> CleanupResult {
        let id = user.id
        let volumes = state.userIndex.volumes(markedFor: id)
        let locks = try state.lockVolumes(volumes)
        defer { locks.release() }
        let aside = try state.containers.moveAside(id)
        logger.warning(
            "container record unreadable; moved aside",
            metadata: ["container": "\(id)", "movedTo": "\(aside)", "error": "\(problem.message)"])
        let deadline = Date().addingTimeInterval(deadlines.unmountDeadline)
        var unbound: [String] = []
        var unmounted: [String] = []
        for name in volumes {
            for target in try host.binds(of: status.mountPoint(of: name)) where target.split(separator: "/").contains(Substring(id)) {
                _ = try host.unmountAllStaged(target, within: remaining(until: deadline))
                unbound.append(target)
            }
            try state.userIndex.remove(id, from: name)
            guard try state.userIndex.users(of: name, firstOnly: true).isEmpty else { continue }
            if try await releaseHostMount(name, options: VolumeOptions(), deadline: deadline, locks: locks) { unmounted.append(name) }
        }
        logger.notice(
            "released what the mount table showed for an unreadable record",
            metadata: ["container": "\(id)", "unbound": "\(unbound)", "unmountedHostMounts": "\(unmounted)"])
        return CleanupResult(containerID: id, known: true, unmountedHostMounts: unmounted, movedAside: aside, unboundTargets: unbound)
    }
}
