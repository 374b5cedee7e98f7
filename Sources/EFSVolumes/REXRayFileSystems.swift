import AWSClient
import Common
import EFSHookCore
import Logging

/// REX-Ray's naming of a volume's file system (driver `rexray`): found as libStorage named
/// it (`REXRayLookup`), created under libStorage's token and `Name` tag, and mounted at
/// `efs.rexray.rootPath`, which is what REX-Ray handed containers.
struct REXRayFileSystems: FileSystemNamingScheme {
    let api: any EFSAPI
    let naming: REXRayNaming
    /// `efs.rexray.rootPath` without its leading slash; nil for `/`.
    let exportSubdirectory: String?
    let waiter: AvailabilityWaiter
    let logger: Logger

    var missingFileSystem: String { "file system (REX-Ray's token and Name tag)" }
    var refusalNote: String { " and not REX-Ray's for tag \"\(naming.tag)\"" }

    /// REX-Ray's file systems of the configured tag, whichever volume's.
    func admits(_ fileSystem: FileSystemDescription) -> Bool { naming.isREXRayFileSystem(fileSystem) }

    func findFileSystem(volume: String) async throws(EFSHookError) -> (id: String, match: String?)? {
        try await REXRayLookup(api: api, naming: naming).find(volume: volume).map { ($0.fileSystem.fileSystemId, $0.match.rawValue) }
    }

    /// The existing file system (see `REXRayLookup`), else a new one under libStorage's token
    /// and `Name` tag, so REX-Ray agents still running converge on the same one. Never counted
    /// as created here: without efs-hook's tags it is never deleted.
    func ensureFileSystem(_ request: ProvisionRequest, createFirst: Bool) async throws(EFSHookError) -> (
        id: String, origin: FileSystemOrigin
    ) {
        var fileSystem: FileSystemDescription
        if let found = try await REXRayLookup(api: api, naming: naming).find(volume: request.name) {
            logger.info(
                "adopting REX-Ray file system",
                metadata: [
                    "volume": "\(request.name)", "fileSystemId": "\(found.fileSystem.fileSystemId)", "match": "\(found.match.rawValue)",
                ])
            fileSystem = found.fileSystem
        } else {
            fileSystem = try await create(request)
        }
        let id = fileSystem.fileSystemId
        _ = try await waiter.wait(
            "file system \(id)", state: { $0.lifeCycleState }, current: fileSystem,
            poll: { [api] () throws(EFSHookError) in try await api.fileSystem(id: id) })
        return (id, .existing(mountTargets: nil, young: false))
    }

    private func create(_ request: ProvisionRequest) async throws(EFSHookError) -> FileSystemDescription {
        let token = naming.creationToken(volume: request.name)
        guard request.mayCreate else { throw EFSResources.missing(request.name, "no REX-Ray file system (creation token \(token))") }
        logger.notice(
            "creating EFS file system for a REX-Ray volume", metadata: ["volume": "\(request.name)", "creationToken": "\(token)"])
        let ensured = try await api.ensureFileSystem(
            CreateFileSystemRequest(options: request.options, token: token, tags: naming.tags(volume: request.name)))
        let found = if let known = ensured.description { known } else { try await api.fileSystem(id: ensured.fileSystemId) }
        guard let described = found else {
            throw EFSHookError.temporary("EFS reports file system \(ensured.fileSystemId) but does not list it yet; retry the launch")
        }
        return described
    }
}
