import AWSClient
import Common
import EFSHookCore
import VolumeModel

extension EFSProvider: VolumeAdministration {
    public func inspect(_ request: VolumeRequest) async throws(EFSHookError) -> VolumeInspection {
        try await EFSCall.run { () throws(EFSHookError) in
            var state = try await resources.inspect(request, mode: provisioning(request.options, naming: request.naming))
            if let fileSystemId = state.fileSystemId {
                let zone = try await placement.zone()
                state.mountTargetId = try await mountTargets.inZone(zone, fileSystemId: fileSystemId)?.mountTargetId
            }
            if state.mountTargetId == nil { state.toCreate.append("mount target") }
            return state
        }
    }

    /// Deletes what efs-hook created for `volume` in this cluster: its file system with the
    /// mount targets, or its access point on `sharedFileSystem` (default `efs.fileSystemId`).
    public func remove(volume: String, sharedFileSystem: String?) async throws(EFSHookError) -> [String] {
        try await EFSCall.run { () throws(EFSHookError) in
            let naming = resources.naming
            var removed: [String] = []
            if let fileSystem = try await api.fileSystem(creationToken: naming.creationToken(volume: volume)),
                naming.isOwned(fileSystem.tags, volume: volume)
            {
                try await reclaimer.deleteFileSystem(fileSystem.fileSystemId, volume: volume)
                removed.append(fileSystem.fileSystemId)
            }
            if let fileSystemId = sharedFileSystem ?? settings.fileSystemId {
                for accessPoint in try await api.accessPoints(fileSystemId: fileSystemId)
                where naming.isOwned(accessPoint.tags, volume: volume) {
                    try await reclaimer.deleteAccessPoint(accessPoint.accessPointId, volume: volume)
                    removed.append(accessPoint.accessPointId)
                }
            }
            return removed
        }
    }

    /// efs-hook-tagged file systems and access points (on `efs.fileSystemId`) of this cluster.
    public func ownedResources() async throws(EFSHookError) -> [OwnedResource] {
        try await EFSCall.run { () throws(EFSHookError) in
            let naming = resources.naming
            var found: [OwnedResource] = []
            for fileSystem in try await api.fileSystems() where naming.isOwned(fileSystem.tags) {
                if let volume = naming.volume(of: fileSystem.tags) {
                    found.append(OwnedResource(volume: volume, id: fileSystem.fileSystemId))
                }
            }
            if let fileSystemId = settings.fileSystemId {
                for accessPoint in try await api.accessPoints(fileSystemId: fileSystemId) where naming.isOwned(accessPoint.tags) {
                    if let volume = naming.volume(of: accessPoint.tags) {
                        found.append(OwnedResource(volume: volume, id: accessPoint.accessPointId))
                    }
                }
            }
            return found.sorted { ($0.volume, $0.id) < ($1.volume, $1.id) }
        }
    }
}
