import Common

/// How a volume's EFS resources come to exist (the `provisioning` option, default
/// `efs.provisioning`).
public enum Provisioning: String, Sendable, Codable, CaseIterable, Equatable {
    /// One file system per volume, created on first use under a deterministic creation token.
    case filesystem
    /// One access point per volume on a shared file system (`fileSystemId`), created on first use.
    case accessPoint
    /// The operator made everything; efs-hook only mounts (`fileSystemId`, optional `accessPointId`).
    case `static`

    /// Whether efs-hook may create a mount target for the volume's file system.
    public var createsMountTargets: Bool { self != .static }
}

extension VolumeOptions {
    /// The volume's provisioning mode: its option, else the configured default.
    public func provisioning(default fallback: Provisioning) -> Provisioning {
        self[.provisioning].flatMap(Provisioning.init(rawValue:)) ?? fallback
    }

    /// The file system an `accessPoint` or `static` volume mounts: its `fileSystemId` option,
    /// else `fallback` (`efs.fileSystemId`). Invalid task when neither names one.
    public func requiredFileSystemId(volume: String, mode: Provisioning, default fallback: String?) throws(EFSHookError)
        -> String
    {
        guard let id = self[.fileSystemId] ?? fallback else {
            throw EFSHookError.invalidTask(
                "volume \"\(volume)\": provisioning=\(mode.rawValue) needs fileSystemId (option or efs.fileSystemId)")
        }
        return id
    }
}
