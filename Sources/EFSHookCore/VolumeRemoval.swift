import Common
import HostLayer
import VolumeModel

extension Executor {
    /// Deletes a volume's AWS resources on explicit request. Refused while any container on
    /// this host uses the volume or it is mounted here; holds the volume's lock throughout.
    public func removeVolume(_ name: String, accessPointFileSystem: String?) async throws(EFSHookError) -> [String] {
        try VolumeName.validate(name)
        guard let efs = provider as? EFSProvider else {
            throw .usage("remove deletes EFS resources; the \(provider.name) provider never deletes data")
        }
        let locks = try state.lockVolumes([name])
        defer { locks.forEach { $0.release() } }
        let users = try state.userIndex.users(of: name)
        guard users.isEmpty else {
            throw .failure("volume \(name) is in use on this host by \(users.joined(separator: ", ")); clean those containers up first")
        }
        guard try !MountPoint.isMountPoint(planner.hostMountPoint(for: name)) else {
            throw .failure("volume \(name) is mounted on this host at \(planner.hostMountPoint(for: name)); run efs-hook recover first")
        }
        return try await efs.remove(volume: name, accessPointFileSystem: accessPointFileSystem)
    }

    /// efs-hook's resources in this cluster that no record on this host references.
    public func unreferencedResources() async throws(EFSHookError) -> [(volume: String, id: String)] {
        guard let efs = provider as? EFSProvider else { throw .usage("gc applies to the efs provider only") }
        let referenced = Set(try state.hostMounts.keys()).union(try state.containers.all().flatMap { $0.record.volumes.map(\.name) })
        return try await efs.ownedResources().filter { !referenced.contains($0.volume) }
    }
}
