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

    var missingFileSystem: String { "file system" }
    var refusalNote: String { "" }
    var exportSubdirectory: String? { nil }
    func admits(_ fileSystem: FileSystemDescription) -> Bool { false }

    func findFileSystem(volume: String) async throws(EFSHookError) -> (id: String, match: String?)? {
        try await api.fileSystem(creationToken: naming.creationToken(volume: volume)).map { ($0.fileSystemId, nil) }
    }

    /// The file system of the volume's creation token. `createFirst` (a launch that may
    /// create): CreateFileSystem under that token, which answers for an existing one with
    /// FileSystemAlreadyExists and its id, so one call finds or creates it and agents starting
    /// together never race to create it. Otherwise (provision, explicit create) a describe,
    /// and a create only when it is missing.
    func ensureFileSystem(_ request: ProvisionRequest, createFirst: Bool) async throws(EFSHookError) -> (
        id: String, origin: FileSystemOrigin
    ) {
        let token = naming.creationToken(volume: request.name)
        let create = CreateFileSystemRequest(
            options: request.options, token: token, tags: naming.tags(volume: request.name, shape: EFSNaming.fileSystemShape))
        var denied: EFSHookError?
        if createFirst, request.mayCreate {
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
        return try await settle(try await api.ensureFileSystem(create), request, token: token)
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
