/// What the EFS provider knows of a volume it provisioned on this host, kept in the
/// host-mount record: the resources it mounts, and which of them this agent created (only
/// those may go with `reclaim=delete`).
public struct EFSVolumeFacts: Codable, Sendable, Equatable {
    public var fileSystemId: String
    public var accessPointId: String?
    public var mountTargetId: String?
    public var mountTargetIp: String?
    public var availabilityZone: String?
    /// The zone's ID (`use1-az4`), the same in every account: what the resolution cache keys by.
    public var availabilityZoneId: String?
    public var createdFileSystem: Bool
    public var createdAccessPoint: Bool

    public init(
        fileSystemId: String, accessPointId: String? = nil, mountTargetId: String? = nil, mountTargetIp: String? = nil,
        availabilityZone: String? = nil, availabilityZoneId: String? = nil, createdFileSystem: Bool = false,
        createdAccessPoint: Bool = false
    ) {
        self.availabilityZoneId = availabilityZoneId
        self.fileSystemId = fileSystemId
        self.accessPointId = accessPointId
        self.mountTargetId = mountTargetId
        self.mountTargetIp = mountTargetIp
        self.availabilityZone = availabilityZone
        self.createdFileSystem = createdFileSystem
        self.createdAccessPoint = createdAccessPoint
    }

    /// The string map records held before this type; nil when it names no file system (the
    /// local provider's records had an empty map).
    init?(legacyDetails details: [String: String]) {
        guard let fileSystemId = details["fileSystemId"] else { return nil }
        self.init(
            fileSystemId: fileSystemId, accessPointId: details["accessPointId"], mountTargetId: details["mountTargetId"],
            mountTargetIp: details["mountTargetIp"], availabilityZone: details["availabilityZone"],
            createdFileSystem: details["createdFileSystem"] == "true", createdAccessPoint: details["createdAccessPoint"] == "true")
    }

    /// Keeps the "created" facts of an earlier mount of the same resources: a remount must not
    /// forget that this agent created them, or `reclaim=delete` would never delete them.
    func carryingOver(_ previous: EFSVolumeFacts?) -> EFSVolumeFacts {
        guard let previous else { return self }
        var facts = self
        if previous.fileSystemId == fileSystemId { facts.createdFileSystem = facts.createdFileSystem || previous.createdFileSystem }
        if let accessPoint = accessPointId, previous.accessPointId == accessPoint {
            facts.createdAccessPoint = facts.createdAccessPoint || previous.createdAccessPoint
        }
        return facts
    }
}
