import Common
import HostLayer
import VolumeModel

extension Executor {
    /// Deletes a volume's provider resources on explicit request. Refused while anyone on this
    /// host uses the volume or it is mounted here; holds the volume's lock throughout.
    public func removeVolume(_ name: String, sharedFileSystem: String?) async throws(EFSHookError) -> [String] {
        try VolumeName.validate(name)
        let administration = try requireAdministration("remove")
        let locks = try state.lockVolumes([name])
        defer { locks.forEach { $0.release() } }
        try ensureUnused(name)
        try forgetResolution(name)
        return try await administration.remove(volume: name, sharedFileSystem: sharedFileSystem)
    }

    /// The provider's resources in this cluster that no record on this host references.
    public func unreferencedResources() async throws(EFSHookError) -> [OwnedResource] {
        let administration = try requireAdministration("gc")
        let referenced = Set(try state.hostMounts.keys()).union(try state.containers.all().flatMap { $0.record.volumes.map(\.name) })
        return try await administration.ownedResources().filter { !referenced.contains($0.volume) }
    }

    private func requireAdministration(_ command: String) throws(EFSHookError) -> any VolumeAdministration {
        guard let administration = provider.administration else {
            throw .usage("\(command) deletes provider resources; the \(provider.name) provider has none and never deletes data")
        }
        return administration
    }
}
