import Common
import Foundation
import HostLayer
import VolumeModel

extension Executor {
    /// Cleanup of a user whose record cannot be read: the record is moved aside (kept for the
    /// operator), and what the mount table shows it held is released: binds of its volumes
    /// (by the user-index markers) whose mount point has the container id as a path component,
    /// then each host mount it was the last user of. Callers hold the user's lock.
    func releaseUnreadable(_ id: String, problem: EFSHookError) async throws(EFSHookError) -> CleanupResult {
        let volumes = state.userIndex.volumes(markedFor: id)
        let volumeLocks = try state.lockVolumes(volumes)
        defer { volumeLocks.forEach { $0.release() } }
        let aside = try state.containers.moveAside(id)
        logger.warning(
            "container record unreadable; moved aside",
            metadata: ["container": "\(id)", "movedTo": "\(aside)", "error": "\(problem.message)"])
        let deadline = Date().addingTimeInterval(deadlines.unmountDeadline)
        var unbound: [String] = []
        var unmounted: [String] = []
        for name in volumes {
            let hostMountPoint = planner.hostMountPoint(for: name)
            for target in try host.binds(of: hostMountPoint) where target.split(separator: "/").contains(Substring(id)) {
                _ = try host.unmountAllStaged(target, within: remaining(until: deadline))
                unbound.append(target)
            }
            try state.userIndex.remove(id, from: name)
            guard try state.userIndex.users(of: name, firstOnly: true).isEmpty else { continue }
            if try await releaseHostMount(name, options: VolumeOptions(), deadline: deadline) { unmounted.append(name) }
        }
        logger.notice(
            "released what the mount table showed for an unreadable record",
            metadata: ["container": "\(id)", "unbound": "\(unbound)", "unmountedHostMounts": "\(unmounted)"])
        return CleanupResult(containerId: id, known: true, unmountedHostMounts: unmounted, movedAside: aside, unboundTargets: unbound)
    }
}
