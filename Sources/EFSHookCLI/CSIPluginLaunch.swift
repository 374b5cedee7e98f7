import EFSHookCore
import Logging

/// What efs-hook-csi's server is given: the parsed `csi` command and the core services of
/// its configuration.
public struct CSIPluginLaunch: Sendable {
    public let endpoint: CSIEndpoint
    public let settings: CSISettings
    public let publications: PublicationService
    public let holders: HolderService
    public let administrator: VolumeAdministrator
    /// Whether the provider creates and deletes cloud resources (EFS: CreateVolume provisions).
    public let hasResources: Bool
    public let logger: Logger
}
