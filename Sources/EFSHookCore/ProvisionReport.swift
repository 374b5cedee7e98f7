import VolumeModel

/// What `efs-hook provision` reports of one volume: what exists (or, with `--dry-run`, what
/// it would create).
public struct ProvisionReport: Sendable, Equatable, Encodable {
    public struct MountTarget: Sendable, Equatable, Encodable {
        public var availabilityZone: String?
        public var subnetId: String
        public var mountTargetId: String
        public var ipAddress: String?
        public var state: String

        public init(availabilityZone: String?, subnetId: String, mountTargetId: String, ipAddress: String?, state: String) {
            self.availabilityZone = availabilityZone
            self.subnetId = subnetId
            self.mountTargetId = mountTargetId
            self.ipAddress = ipAddress
            self.state = state
        }
    }

    public var volume: String
    public var provisioning: Provisioning
    public var naming: VolumeNaming
    public var fileSystemId: String?
    public var accessPointId: String?
    /// One per zone the file system has a mount target in.
    public var mountTargets: [MountTarget] = []
    /// Ids this run created.
    public var created: [String] = []
    /// With `--dry-run`: what a real run would create.
    public var toCreate: [String]?
    /// This agent's resolution of the volume, when its zone is known: provision seeds the cache.
    public var resolution: VolumeResolution?

    public init(volume: String, provisioning: Provisioning, naming: VolumeNaming) {
        self.volume = volume
        self.provisioning = provisioning
        self.naming = naming
    }

    enum CodingKeys: String, CodingKey {
        case volume, provisioning, naming, fileSystemId, accessPointId, mountTargets, created, toCreate
    }
}
