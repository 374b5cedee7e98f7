import AWSClient
import Common
import EFSHookCore

/// Whose naming finds and creates a `provisioning=filesystem` volume's own file system, and
/// what else that naming changes: efs-hook's (`EFSHookFileSystems`) or REX-Ray's
/// (`REXRayFileSystems`), chosen by the volume's `VolumeNaming`.
protocol FileSystemNamingScheme: Sendable {
    /// The volume's file system, found or (when the request may create) created, and
    /// available. `createFirst`: a launch, which may find it with CreateFileSystem.
    func ensureFileSystem(_ request: ProvisionRequest, createFirst: Bool) async throws(EFSHookError) -> (
        id: String, origin: FileSystemOrigin
    )
    /// The volume's file system if it exists, found with read-only calls; `match` says which
    /// of the naming's names found it, when it has several.
    func findFileSystem(volume: String) async throws(EFSHookError) -> (id: String, match: String?)?
    /// What `plan --online` lists as to be created when there is none.
    var missingFileSystem: String { get }
    /// Whether the safe defaults admit a file system that is neither configured nor efs-hook's
    /// for the volume (a volume with access points or a static one naming it).
    func admits(_ fileSystem: FileSystemDescription) -> Bool
    /// Appended to the safe defaults' refusal, saying what `admits` would have taken.
    var refusalNote: String { get }
    /// The directory of a `provisioning=filesystem` volume's export its host mount shows
    /// (no leading slash); nil: the root.
    var exportSubdirectory: String? { get }
}
