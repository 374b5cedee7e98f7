import AWSClient
import Common
import VolumeModel

extension EFSProvider: VolumeAdministration {
    public func inspect(_ request: VolumeRequest) async throws(EFSHookError) -> VolumeInspection {
        try await EFSCall.run { () throws(EFSHookError) in
            let mode = provisioning(for: ProvisionRequest(name: request.name, options: request.options, naming: request.naming))
            var state = VolumeInspection(volume: request.name, provisioning: mode)
            state.naming = request.naming
            switch mode {
            case .filesystem where request.naming == .rexray:
                let found = try await REXRayLookup(api: api, naming: rexrayNaming).find(volume: request.name)
                state.fileSystemId = found?.fileSystem.fileSystemId
                state.rexrayMatch = found?.match
                if found == nil { state.toCreate.append("file system (REX-Ray's token and Name tag)") }
            case .filesystem:
                state.fileSystemId = try await api.fileSystem(creationToken: naming.creationToken(volume: request.name))?.fileSystemId
                if state.fileSystemId == nil { state.toCreate.append("file system") }
            case .accessPoint:
                let fileSystemId = try requiredFileSystemId(request.name, request.options)
                state.fileSystemId = fileSystemId
                state.accessPointId = try await api.accessPoints(fileSystemId: fileSystemId).first {
                    naming.isOwned($0.tags, volume: request.name)
                }?.accessPointId
                if state.accessPointId == nil { state.toCreate.append("access point") }
            case .static:
                state.fileSystemId = try requiredFileSystemId(request.name, request.options)
                state.accessPointId = request.options[.accessPointId]
            }
            if let fileSystemId = state.fileSystemId {
                let zone = try await placement.availabilityZone()
                state.mountTargetId = try await api.mountTargets(fileSystemId: fileSystemId).first {
                    $0.availabilityZoneName == zone
                }?.mountTargetId
            }
            if state.mountTargetId == nil { state.toCreate.append("mount target") }
            return state
        }
    }

    /// Deletes what efs-hook created for `volume` in this cluster: its file system with the
    /// mount targets, or its access point on `sharedFileSystem` (default `efs.fileSystemId`).
    public func remove(volume: String, sharedFileSystem: String?) async throws(EFSHookError) -> [String] {
        try await EFSCall.run { () throws(EFSHookError) in
            var removed: [String] = []
            let reclaimer = EFSReclaimer(provider: self)
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
