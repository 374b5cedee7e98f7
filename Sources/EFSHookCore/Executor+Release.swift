import Common
import Foundation
import HostLayer
import VolumeModel

extension Executor {
    /// Releases the container. An unknown or already-cleaned container is not an error.
    public func cleanup(containerID: String) async throws(EFSHookError) -> CleanupResult {
        try ContainerIdentifier.validate(containerID)
        return try await releaseUser(containerID)
    }

    /// Releases one user (container or holder) under its locks; with `volume`, only if that is
    /// what it uses (else `mismatch`'s error).
    func releaseUser(_ id: String, expecting volume: String? = nil, mismatch: ((_ held: [String]) -> EFSHookError)? = nil)
        async throws(EFSHookError) -> CleanupResult
    {
        let userLock = try state.lockContainer(id)
        defer { userLock.release() }
        let loaded: ContainerRecord?
        do {
            loaded = try state.containers.load(id)
        } catch {
            return try await releaseUnreadable(id, problem: error)
        }
        guard let record = loaded else {
            return CleanupResult(containerId: id, known: false, unmountedHostMounts: [])
        }
        if let volume, !record.volumes.contains(where: { $0.name == volume }) {
            throw mismatch?(record.volumes.map(\.name)) ?? .invalidTask("\(id) does not use volume \(volume)")
        }
        let volumeLocks = try state.lockVolumes(record.volumes.map(\.name))
        defer { volumeLocks.forEach { $0.release() } }
        let unmounted = try await release(record, keepingVolumes: [])
        return CleanupResult(containerId: id, known: true, unmountedHostMounts: unmounted)
    }

    /// Unbinds the user's volumes, unmounts host mounts it was the last user of (unless in
    /// `keepingVolumes`), and removes its record. Callers hold the locks.
    func release(_ record: ContainerRecord, keepingVolumes: Set<String>) async throws(EFSHookError) -> [String] {
        let deadline = Date().addingTimeInterval(deadlines.unmountDeadline)
        for volume in record.volumes.reversed() where volume.bindManaged {
            guard try host.isMountPoint(volume.target) else { continue }
            // While the host mount stands, a bind is never the file system's last mount, so
            // unmounting it never reaches the server; without it, it may, and gets the stages.
            if try host.isMountPoint(planner.hostMountPoint(for: volume.name)) {
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
            if try await releaseHostMount(volume.name, options: volume.options, deadline: deadline) { unmounted.append(volume.name) }
        }
        Failpoint.cleanupBeforeRecordRemoval.hit()
        try state.containers.remove(record.containerID)
        return unmounted
    }
}
