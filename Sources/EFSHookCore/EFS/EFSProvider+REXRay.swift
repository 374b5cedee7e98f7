import AWSClient
import Common
import HostLayer
import VolumeModel

/// Volumes of driver `rexray`: found and created with libStorage's naming, and mounted at
/// `efs.rexray.rootPath` of the file system, which is what REX-Ray handed containers.
extension EFSProvider {
    var rexrayNaming: REXRayNaming { REXRayNaming(tag: settings.rexray.tag) }

    /// REX-Ray volumes are one file system each unless the volume itself says otherwise.
    func provisioning(for request: ProvisionRequest) -> Provisioning {
        request.options.provisioning(default: request.naming == .rexray ? .filesystem : settings.provisioning)
    }

    /// The existing file system (see `REXRayLookup`), else a new one under libStorage's token
    /// and `Name` tag, so REX-Ray agents still running converge on the same one. Never counted
    /// as created here: without efs-hook's tags it is never deleted.
    func ensureREXRayFileSystem(_ request: ProvisionRequest) async throws(EFSHookError) -> String {
        let naming = rexrayNaming
        var fileSystem: FileSystemDescription
        if let found = try await REXRayLookup(api: api, naming: naming).find(volume: request.name) {
            logger.info(
                "adopting REX-Ray file system",
                metadata: [
                    "volume": "\(request.name)", "fileSystemId": "\(found.fileSystem.fileSystemId)", "match": "\(found.match.rawValue)",
                ])
            fileSystem = found.fileSystem
        } else {
            let token = naming.creationToken(volume: request.name)
            guard request.mayCreate else { throw Self.missing(request.name, "no REX-Ray file system (creation token \(token))") }
            logger.notice(
                "creating EFS file system for a REX-Ray volume", metadata: ["volume": "\(request.name)", "creationToken": "\(token)"])
            var create = createRequest(request, token: token)
            create.tags = naming.tags(volume: request.name)
            let ensured = try await api.ensureFileSystem(create)
            let found = if let known = ensured.description { known } else { try await api.fileSystem(id: ensured.fileSystemId) }
            guard let described = found else {
                throw EFSHookError.temporary("EFS reports file system \(ensured.fileSystemId) but does not list it yet; retry the launch")
            }
            fileSystem = described
        }
        let id = fileSystem.fileSystemId
        _ = try await waiter.wait(
            "file system \(id)", state: { $0.lifeCycleState }, current: fileSystem,
            poll: { () throws(EFSHookError) in try await api.fileSystem(id: id) })
        return id
    }

    /// The directory of the export the host mount shows, and how to create it: only REX-Ray
    /// file systems have one (nil when `rootPath` is `/`).
    func subdirectory(_ request: ProvisionRequest, mode: Provisioning, facts: EFSVolumeFacts) throws(EFSHookError) -> (
        String, ExportSubdirectory
    )? {
        guard request.naming == .rexray, mode == .filesystem, let path = settings.rexray.subdirectory else { return nil }
        let root = try EFSMountSpec(volume: request.name, options: request.options, facts: facts, settings: settings)
        return ("/" + path, ExportSubdirectory(root: root.hostMount, path: path))
    }
}
