import Foundation
import HostLayer
import VolumeModel

/// What one agent learned when it first resolved a volume: its file system, access point and
/// this zone's mount target, kept in `stateDir/resolved/NAME.json` so a later mount of the same
/// volume on this agent makes no API call. Used only for the same options, naming, cluster and
/// provisioning mode it was learned under; a mount from it that fails drops it.
public struct VolumeResolution: StateRecord, Equatable {
    /// Its format on disk (see `StateRecord`).
    public static let schemaVersion = 1

    /// How the volume's file system passed the safe defaults when it was resolved.
    public enum Allowance: String, Codable, Sendable {
        /// It is the volume's own: found (or made) by this volume's creation token, or tagged
        /// as this volume's (efs-hook's or REX-Ray's). A fact of the file system: kept.
        case ownFileSystem
        /// `efs.fileSystemId` or `efs.allowedFileSystemIds`: checked again on every use, so a
        /// file system taken out of the configuration is not reached through the cache.
        case configuration
    }

    public var volume: String
    public var options: VolumeOptions
    public var naming: VolumeNaming
    public var clusterTag: String
    public var provisioning: Provisioning
    public var allowance: Allowance
    /// The provider's facts of the volume (the EFS provider's), kept under the key `efs`.
    public var facts: ProviderFacts
    /// When it was learned, ISO 8601 in UTC.
    public var resolvedAt: String

    public init(
        volume: String, options: VolumeOptions, naming: VolumeNaming, clusterTag: String, provisioning: Provisioning,
        allowance: Allowance, facts: ProviderFacts, resolvedAt: Date = Date()
    ) {
        self.volume = volume
        self.options = options
        self.naming = naming
        self.clusterTag = clusterTag
        self.provisioning = provisioning
        self.allowance = allowance
        self.facts = facts
        self.resolvedAt = ISO8601DateFormatter().string(from: resolvedAt)
    }

    enum CodingKeys: String, CodingKey {
        case volume, options, naming, clusterTag, provisioning, allowance, resolvedAt
        case facts = "efs"
    }
}
