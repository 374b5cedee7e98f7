import AWSClient
import Common
import EFSHookCore
import Logging
import VolumeModel

/// A volume's file system and access point, by provisioning mode: its own file system (found
/// or created under its naming scheme), an access point on a shared one, or what the options
/// name. Every file system and access point a request names passes the safe defaults.
struct EFSResources: Sendable {
    let api: any EFSAPI
    let settings: Configuration.EFS
    let naming: EFSNaming
    let safeDefaults: EFSSafeDefaults
    let efsHook: EFSHookFileSystems
    let rexray: REXRayFileSystems

    init(api: any EFSAPI, settings: Configuration.EFS, waiter: AvailabilityWaiter, logger: Logger) {
        self.api = api
        self.settings = settings
        naming = EFSNaming(clusterTag: settings.clusterTag)
        safeDefaults = EFSSafeDefaults(api: api, settings: settings, naming: naming)
        efsHook = EFSHookFileSystems(
            api: api, naming: naming, waiter: waiter, logger: logger,
            sharedFileSystems: Array(Set([settings.fileSystemId].compactMap { $0 } + settings.allowedFileSystemIds)).sorted())
        rexray = REXRayFileSystems(
            api: api, naming: REXRayNaming(tag: settings.rexray.tag), exportSubdirectory: settings.rexray.subdirectory, waiter: waiter,
            logger: logger)
    }

    func scheme(_ naming: VolumeNaming) -> any FileSystemNamingScheme { naming == .rexray ? rexray : efsHook }

    /// `createFirst`: a launch, which may find a file system with CreateFileSystem.
    func ensure(_ request: ProvisionRequest, mode: Provisioning, createFirst: Bool = false) async throws(EFSHookError)
        -> (EFSVolumeFacts, FileSystemOrigin)
    {
        let given = FileSystemOrigin.existing(mountTargets: nil, young: false)
        let scheme = scheme(request.naming)
        let previous = request.previous?.efs
        switch mode {
        case .filesystem:
            let (fileSystem, origin) = try await scheme.ensureFileSystem(request, createFirst: createFirst)
            return (EFSVolumeFacts(fileSystemId: fileSystem, createdFileSystem: origin == .createdNow), origin)
        case .accessPoint:
            let fileSystem = try requiredFileSystemId(request.name, request.options, mode: mode)
            try await safeDefaults.checkFileSystemAllowed(fileSystem, volume: request.name, scheme: scheme, previous: previous)
            let (accessPoint, created) = try await ensureAccessPoint(request, fileSystemId: fileSystem)
            return (EFSVolumeFacts(fileSystemId: fileSystem, accessPointId: accessPoint, createdAccessPoint: created), given)
        case .static:
            let fileSystem = try requiredFileSystemId(request.name, request.options, mode: mode)
            try await safeDefaults.checkFileSystemAllowed(fileSystem, volume: request.name, scheme: scheme, previous: previous)
            if let accessPoint = request.options[.accessPointId] {
                try await safeDefaults.checkAccessPoint(accessPoint, fileSystemId: fileSystem, volume: request.name, previous: previous)
            }
            return (EFSVolumeFacts(fileSystemId: fileSystem, accessPointId: request.options[.accessPointId]), given)
        }
    }

    /// What exists of the same resources, found with read-only calls; the mount target is the
    /// caller's to look for.
    func inspect(_ volume: VolumeRequest, mode: Provisioning) async throws(EFSHookError) -> VolumeInspection {
        var state = VolumeInspection(volume: volume.name, provisioning: mode)
        state.naming = volume.naming
        switch mode {
        case .filesystem:
            let scheme = scheme(volume.naming)
            let found = try await scheme.findFileSystem(volume: volume.name)
            state.fileSystemId = found?.id
            state.rexrayMatch = found?.match
            if found == nil { state.toCreate.append(scheme.missingFileSystem) }
        case .accessPoint:
            let fileSystemId = try requiredFileSystemId(volume.name, volume.options, mode: mode)
            state.fileSystemId = fileSystemId
            state.accessPointId = try await ownAccessPoint(volume.name, fileSystemId: fileSystemId)?.accessPointId
            if state.accessPointId == nil { state.toCreate.append("access point") }
        case .static:
            state.fileSystemId = try requiredFileSystemId(volume.name, volume.options, mode: mode)
            state.accessPointId = volume.options[.accessPointId]
        }
        return state
    }

    func requiredFileSystemId(_ volume: String, _ options: VolumeOptions, mode: Provisioning) throws(EFSHookError) -> String {
        try options.requiredFileSystemId(volume: volume, mode: mode, default: settings.fileSystemId)
    }

    /// The access point efs-hook tagged for this volume on `fileSystemId`.
    func ownAccessPoint(_ volume: String, fileSystemId: String) async throws(EFSHookError) -> AccessPointDescription? {
        try await api.accessPoints(fileSystemId: fileSystemId).first { naming.isOwned($0.tags, volume: volume) }
    }

    /// Reuses an access point efs-hook tagged for this volume; otherwise creates one under a
    /// deterministic client token.
    func ensureAccessPoint(_ request: ProvisionRequest, fileSystemId: String) async throws(EFSHookError) -> (String, Bool) {
        if let existing = try await ownAccessPoint(request.name, fileSystemId: fileSystemId) { return (existing.accessPointId, false) }
        guard request.mayCreate else { throw Self.missing(request.name, "no access point for it on \(fileSystemId)") }
        try await refuseOtherShape(request, asked: EFSNaming.accessPointShape(fileSystemId: fileSystemId))
        let options = request.options
        let uid = options[.uid].flatMap(UInt32.init)
        let gid = options[.gid].flatMap(UInt32.init)
        let creation = CreationInfo(ownerUid: uid ?? 0, ownerGid: gid ?? 0, permissions: options[.directoryPerms] ?? "0755")
        let accessPoint = try await api.createAccessPoint(
            CreateAccessPointRequest(
                clientToken: naming.accessPointToken(volume: request.name, fileSystemId: fileSystemId),
                fileSystemId: fileSystemId,
                posixUser: (uid != nil || gid != nil) ? PosixUser(uid: uid ?? 0, gid: gid ?? 0) : nil,
                rootDirectory: RootDirectory(
                    path: options[.path] ?? settings.accessPointRoot(volume: request.name), creationInfo: creation),
                tags: naming.tags(volume: request.name)))
        return (accessPoint.accessPointId, true)
    }

    /// One name, one volume cluster-wide: before an access point is created for a volume,
    /// the volume's own file system (its creation token) must not exist in this cluster. One
    /// DescribeFileSystems, on the create path only.
    func refuseOtherShape(_ request: ProvisionRequest, asked: String) async throws(EFSHookError) {
        guard request.naming == .efsHook,
            let existing = try await api.fileSystem(creationToken: naming.creationToken(volume: request.name)),
            naming.isOwned(existing.tags, volume: request.name)
        else { return }
        let shape = naming.shape(of: existing.tags) ?? EFSNaming.fileSystemShape
        throw .config(
            "volume \"\(request.name)\" already exists in cluster \(naming.clusterTag) as \(shape) (file system \(existing.fileSystemId)); "
                + "this request asks for \(asked): refused, nothing created; every agent must ask for it with the same options")
    }

    static func missing(_ volume: String, _ what: String) -> EFSHookError {
        .failure("volume \"\(volume)\" does not exist: \(what); it is not created because explicit create is set")
    }
}
