import AWSClient
import Common
import EFSHookCore
import Logging

/// efs-hook's naming of a volume's own file system: its deterministic creation token and
/// efs-hook's tags (`EFSNaming`), so concurrent agents converge on one.
struct EFSHookFileSystems: FileSystemNamingScheme {
    let api: any EFSAPI
    let naming: EFSNaming
    let waiter: AvailabilityWaiter
    let logger: Logger
    /// The file systems a volume's access point may be on (`efs.fileSystemId`,
    /// `efs.allowedFileSystemIds`): where another agent may have made the name an access point.
    var sharedFileSystems: [String] = []

    var missingFileSystem: String { "file system" }
    var refusalNote: String { "" }
    var exportSubdirectory: String? { nil }
    func admits(_ fileSystem: FileSystemDescription) -> Bool { false }

    func findFileSystem(volume: String) async throws(EFSHookError) -> (id: String, match: String?)? {
        try await api.fileSystem(creationToken: naming.creationToken(volume: volume)).map { ($0.fileSystemId, nil) }
    }

    /// The file system of the volume's creation token. `createFirst` (a launch that may
    /// create) with no shared file systems configured: CreateFileSystem under that token, which
    /// answers for an existing one with FileSystemAlreadyExists and its id, so one call finds
    /// or creates it. Otherwise a describe, and a create only when it is missing and no shared
    /// file system has an access point of the name (`refuseAccessPointShape`): one call still
    /// finds an existing file system, and the check costs calls only before a create.
    func ensureFileSystem(_ request: ProvisionRequest, createFirst: Bool) async throws(EFSHookError) -> (
        id: String, origin: FileSystemOrigin
    ) {
        let token = naming.creationToken(volume: request.name)
        let create = CreateFileSystemRequest(
            options: request.options, token: token, tags: naming.tags(volume: request.name, shape: EFSNaming.fileSystemShape))
        var denied: EFSHookError?
        if createFirst, request.mayCreate, sharedFileSystems.isEmpty {
            let ensured: EnsuredFileSystem?
            do {
                ensured = try await api.ensureFileSystem(create)
            } catch  where error.isCode(in: ErrorCode.accessDeniedCodes) {
                // A role that may only describe (its volumes provisioned ahead) still mounts them.
                logger.info("CreateFileSystem is denied; describing instead", metadata: ["volume": "\(request.name)"])
                (ensured, denied) = (nil, error)
            }
            if let ensured { return try await settle(ensured, request, token: token) }
        }
        if let existing = try await api.fileSystem(creationToken: token) {
            return try await settle(
                EnsuredFileSystem(fileSystemId: existing.fileSystemId, description: existing, created: false), request, token: token)
        }
        if let denied { throw denied }
        guard request.mayCreate else { throw EFSResources.missing(request.name, "no EFS file system (creation token \(token))") }
        try await refuseAccessPointShape(request)
        return try await settle(try await api.ensureFileSystem(create), request, token: token)
    }

    /// One name, one volume cluster-wide, the other way round from `EFSResources.refuseOtherShape`:
    /// before a volume's own file system is created, no shared file system may hold an access
    /// point efs-hook made for the name in this cluster. One DescribeAccessPoints per shared
    /// file system, on the create path only.
    func refuseAccessPointShape(_ request: ProvisionRequest) async throws(EFSHookError) {
        for fileSystem in sharedFileSystems {
            guard
                let existing = try await api.accessPoints(fileSystemId: fileSystem).first(where: {
                    naming.isOwned($0.tags, volume: request.name)
                })
            else { continue }
            throw .config(
                "volume \"\(request.name)\" already exists in cluster \(naming.clusterTag) as "
                    + "\(EFSNaming.accessPointShape(fileSystemId: fileSystem)) (access point \(existing.accessPointId)); "
                    + "this request asks for \(EFSNaming.fileSystemShape): refused, nothing created; every agent must ask for it with the same options"
            )
        }
    }

    /// Waits for a described file system and configures a new one.
    private func settle(_ ensured: EnsuredFileSystem, _ request: ProvisionRequest, token: String) async throws(EFSHookError)
        -> (id: String, origin: FileSystemOrigin)
    {
        let id = ensured.fileSystemId
        if ensured.created {
            logger.notice(
                "created EFS file system", metadata: ["volume": "\(request.name)", "fileSystemId": "\(id)", "creationToken": "\(token)"])
        }
        // Named by FileSystemAlreadyExists alone: its mount target, when there is one, shows it
        // available; when there is none, creating one waits for it (`MountTargets.create`).
        guard let description = ensured.description else { return (id, .described(nil)) }
        let fileSystem = try await waiter.wait(
            "file system \(id)", state: { $0.lifeCycleState }, current: description,
            poll: { [api] () throws(EFSHookError) in try await api.fileSystem(id: id) })
        guard ensured.created else { return (id, .described(fileSystem)) }
        if let transition = request.options[.transitionToIA] {
            _ = try await api.putLifecycleConfiguration(fileSystemId: id, policies: [LifecyclePolicy(transitionToIA: transition)])
        }
        return (id, .createdNow)
    }
}
