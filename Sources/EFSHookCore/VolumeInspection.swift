import VolumeModel

/// What already exists in the provider for a volume, found with read-only calls
/// (`plan --online`).
public struct VolumeInspection: Sendable, Equatable, Encodable {
    public var volume: String
    public var provisioning: Provisioning
    public var fileSystemId: String?
    public var mountTargetId: String?
    public var accessPointId: String?
    /// What prepare would still create (or, for static volumes, what is missing).
    public var toCreate: [String]
    public var naming: VolumeNaming = .efsHook
    /// For REX-Ray volumes: which of libStorage's names found the file system
    /// (`rexray-token`, `rexray-0.5-token`, `rexray-name-tag`).
    public var rexrayMatch: String?

    public init(volume: String, provisioning: Provisioning, toCreate: [String] = []) {
        self.volume = volume
        self.provisioning = provisioning
        self.toCreate = toCreate
    }
}
