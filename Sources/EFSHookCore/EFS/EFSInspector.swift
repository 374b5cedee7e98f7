import AWSClient
import Common
import VolumeModel

/// What already exists in AWS for a volume, found with read-only describe calls.
public struct EFSVolumeState: Sendable, Equatable, Encodable {
    public var volume: String
    public var provisioning: String
    public var fileSystemId: String?
    public var mountTargetId: String?
    public var accessPointId: String?
    /// What prepare would still create (or, for static volumes, what is missing).
    public var toCreate: [String]
}

extension EFSProvider {
    public func inspect(_ request: VolumeRequest) async throws(EFSHookError) -> EFSVolumeState {
        try await EFSCall.run {
            let mode = request.options[.provisioning] ?? settings.provisioning
            var state = EFSVolumeState(volume: request.name, provisioning: mode, toCreate: [])
            switch mode {
            case "filesystem":
                state.fileSystemId = try await client.fileSystem(creationToken: naming.creationToken(volume: request.name))?.fileSystemId
                if state.fileSystemId == nil { state.toCreate.append("file system") }
            default:
                state.fileSystemId = try requiredFileSystemId(request)
                if mode == "accessPoint" {
                    state.accessPointId = try await client.accessPoints(fileSystemId: state.fileSystemId!).first {
                        naming.isOwned($0.tags, volume: request.name)
                    }?.accessPointId
                    if state.accessPointId == nil { state.toCreate.append("access point") }
                } else {
                    state.accessPointId = request.options[.accessPointId]
                }
            }
            if let fileSystemId = state.fileSystemId {
                let zone = try await placement.availabilityZone()
                state.mountTargetId = try await client.mountTargets(fileSystemId: fileSystemId).first {
                    $0.availabilityZoneName == zone
                }?.mountTargetId
            }
            if state.mountTargetId == nil { state.toCreate.append("mount target") }
            return state
        }
    }

    /// Deletes what efs-hook created for `volume` in this cluster (file system with its mount
    /// targets, or its access point in `accessPointFileSystem`). Returns what was deleted.
    public func remove(volume: String, accessPointFileSystem: String?) async throws(EFSHookError) -> [String] {
        try await EFSCall.run {
            var removed: [String] = []
            let reclaimer = EFSReclaimer(provider: self)
            if let fileSystem = try await client.fileSystem(creationToken: naming.creationToken(volume: volume)),
                naming.isOwned(fileSystem.tags, volume: volume)
            {
                try await reclaimer.deleteFileSystem(fileSystem.fileSystemId, volume: volume)
                removed.append(fileSystem.fileSystemId)
            }
            if let fileSystemId = accessPointFileSystem ?? settings.fileSystemId {
                for accessPoint in try await client.accessPoints(fileSystemId: fileSystemId)
                where naming.isOwned(accessPoint.tags, volume: volume) {
                    try await reclaimer.deleteAccessPoint(accessPoint.accessPointId, volume: volume)
                    removed.append(accessPoint.accessPointId)
                }
            }
            return removed
        }
    }

    /// efs-hook-tagged file systems and access points of this cluster, by volume.
    public func ownedResources() async throws(EFSHookError) -> [(volume: String, id: String)] {
        try await EFSCall.run {
            var found: [(volume: String, id: String)] = []
            for fileSystem in try await client.fileSystems() where naming.isOwned(fileSystem.tags) {
                if let volume = naming.volume(of: fileSystem.tags) { found.append((volume, fileSystem.fileSystemId)) }
            }
            if let fileSystemId = settings.fileSystemId {
                for accessPoint in try await client.accessPoints(fileSystemId: fileSystemId) where naming.isOwned(accessPoint.tags) {
                    if let volume = naming.volume(of: accessPoint.tags) { found.append((volume, accessPoint.accessPointId)) }
                }
            }
            return found.sorted { ($0.volume, $0.id) < ($1.volume, $1.id) }
        }
    }
}
