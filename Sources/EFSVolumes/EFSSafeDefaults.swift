import AWSClient
import Common
import VolumeModel

/// The EFS half of the safe defaults, checked on the cold path before anything is created or
/// mounted: a volume reaches only the configured file systems or one efs-hook made for it,
/// and only access points of the file system it uses. The host-mount record keeps the
/// result, so a volume mounted here is never checked (or described) again.
struct EFSSafeDefaults: Sendable {
    let api: any EFSAPI
    let settings: Configuration.EFS
    let naming: EFSNaming

    /// `efs.fileSystemId`, `efs.allowedFileSystemIds`, or a file system this cluster's efs-hook
    /// tagged for this very volume (one `provisioning=filesystem` made). Anything else,
    /// whether another tenant's or one that does not exist, is refused. The volume's naming
    /// scheme may admit more (REX-Ray's file systems of the configured `efs.rexray.tag`).
    func checkFileSystemAllowed(_ id: String, volume: String, scheme: any FileSystemNamingScheme, previous: EFSVolumeFacts?)
        async throws(EFSHookError)
    {
        if configurationAllows(id) || previous?.fileSystemId == id { return }
        if let fileSystem = try await api.fileSystem(id: id) {
            if naming.isOwned(fileSystem.tags, volume: volume) { return }
            if scheme.admits(fileSystem) { return }
        }
        throw EFSHookError.permissionDenied(
            "volume \"\(volume)\": refused by the safe defaults: file system \(id) is not efs.fileSystemId, not in "
                + "efs.allowedFileSystemIds, not one efs-hook made for this volume in cluster \(settings.clusterTag)"
                + scheme.refusalNote)
    }

    /// `efs.fileSystemId` or one of `efs.allowedFileSystemIds`: decided without a call.
    func configurationAllows(_ id: String) -> Bool { id == settings.fileSystemId || settings.allowedFileSystemIds.contains(id) }

    /// The access point must exist and belong to `fileSystemId`: asked of EFS once.
    func checkAccessPoint(_ id: String, fileSystemId: String, volume: String, previous: EFSVolumeFacts?) async throws(EFSHookError) {
        if let previous, previous.accessPointId == id, previous.fileSystemId == fileSystemId { return }
        let accessPoint = try await api.accessPoint(id: id)
        guard let accessPoint, accessPoint.fileSystemId == fileSystemId else {
            throw EFSHookError.permissionDenied(
                "volume \"\(volume)\": refused by the safe defaults: access point \(id) "
                    + (accessPoint == nil ? "does not exist" : "belongs to another file system, not \(fileSystemId)"))
        }
    }
}
