import Common

/// The EFS calls the provider makes. `EFSClient` makes them over HTTP; tests use an in-memory
/// fake that answers the way EFS does (creation-token races, lifecycle states, throttling).
/// Failures are `EFSHookError`s whose `code` is the EFS error code (`ErrorCode.fileSystemInUse`, …).
public protocol EFSAPI: Sendable {
    /// Every page; all file systems of the account and region when `creationToken` is nil.
    func fileSystems(creationToken: String?, pageSize: Int?) async throws(EFSHookError) -> [FileSystemDescription]
    /// nil when EFS says FileSystemNotFound.
    func fileSystem(id: String) async throws(EFSHookError) -> FileSystemDescription?
    /// Idempotent through `creationToken`: a repeat answers `.alreadyExists`.
    func createFileSystem(_ request: CreateFileSystemRequest) async throws(EFSHookError) -> FileSystemCreation
    func putLifecycleConfiguration(fileSystemId: String, policies: [LifecyclePolicy]) async throws(EFSHookError) -> LifecycleConfiguration
    /// Fails with `FileSystemInUse` while mount targets exist.
    func deleteFileSystem(id: String) async throws(EFSHookError)

    func mountTargets(fileSystemId: String, pageSize: Int?) async throws(EFSHookError) -> [MountTargetDescription]
    /// nil when EFS says MountTargetNotFound.
    func mountTarget(id: String) async throws(EFSHookError) -> MountTargetDescription?
    /// A second one in the same zone fails with `MountTargetConflict`.
    func createMountTarget(_ request: CreateMountTargetRequest) async throws(EFSHookError) -> MountTargetDescription
    func deleteMountTarget(id: String) async throws(EFSHookError)

    func accessPoints(fileSystemId: String, pageSize: Int?) async throws(EFSHookError) -> [AccessPointDescription]
    /// nil when EFS says AccessPointNotFound.
    func accessPoint(id: String) async throws(EFSHookError) -> AccessPointDescription?
    /// Idempotent through `clientToken`.
    func createAccessPoint(_ request: CreateAccessPointRequest) async throws(EFSHookError) -> AccessPointDescription
    func deleteAccessPoint(id: String) async throws(EFSHookError)

    /// Releases connections; called once before the process exits.
    func shutdown() async

    /// The region the calls go to (told to mount.efs, so it need not ask instance metadata).
    func region() async throws(EFSHookError) -> String?
}

extension EFSAPI {
    public func region() async throws(EFSHookError) -> String? { nil }

    public func fileSystems(pageSize: Int? = nil) async throws(EFSHookError) -> [FileSystemDescription] {
        try await fileSystems(creationToken: nil, pageSize: pageSize)
    }

    public func fileSystem(creationToken: String) async throws(EFSHookError) -> FileSystemDescription? {
        try await fileSystems(creationToken: creationToken, pageSize: nil).first
    }

    public func mountTargets(fileSystemId: String) async throws(EFSHookError) -> [MountTargetDescription] {
        try await mountTargets(fileSystemId: fileSystemId, pageSize: nil)
    }

    public func accessPoints(fileSystemId: String) async throws(EFSHookError) -> [AccessPointDescription] {
        try await accessPoints(fileSystemId: fileSystemId, pageSize: nil)
    }

    /// Creates the file system, or finds the one that already has this creation token: the
    /// loser of a race between agents gets `FileSystemAlreadyExists` and adopts the winner's.
    /// One call either way when EFS names the existing one (real EFS does); the result then
    /// has the id alone (no description), its state unknown.
    public func ensureFileSystem(_ request: CreateFileSystemRequest) async throws(EFSHookError) -> EnsuredFileSystem {
        switch try await createFileSystem(request) {
        case .created(let fileSystem):
            return EnsuredFileSystem(fileSystemId: fileSystem.fileSystemId, description: fileSystem, created: true)
        case .alreadyExists(let id?):
            return EnsuredFileSystem(fileSystemId: id, description: nil, created: false)
        case .alreadyExists(nil):
            if let existing = try await fileSystem(creationToken: request.creationToken) {
                return EnsuredFileSystem(fileSystemId: existing.fileSystemId, description: existing, created: false)
            }
            throw EFSHookError(
                .temporary,
                "EFS reports a file system with creation token \(Quoting.safe(request.creationToken)) "
                    + "but does not list it yet", code: .fileSystemAlreadyExists)
        }
    }
}

/// A file system `ensureFileSystem` created or found by its creation token.
public struct EnsuredFileSystem: Sendable, Equatable {
    public var fileSystemId: String
    /// nil when EFS answered with the id alone (FileSystemAlreadyExists).
    public var description: FileSystemDescription?
    public var created: Bool

    public init(fileSystemId: String, description: FileSystemDescription?, created: Bool) {
        self.fileSystemId = fileSystemId
        self.description = description
        self.created = created
    }
}
