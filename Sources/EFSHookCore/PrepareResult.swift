import VolumeModel

/// What `prepare` did for one volume.
public struct PreparedVolume: VolumeSpecHolder, Sendable, Equatable, Encodable {
    public var spec: VolumeSpec
    public var hostMount: String
    public var target: String
    public var readOnly: Bool
    /// True when the host mount already existed for another container.
    public var reusedHostMount: Bool
    /// False when the bind is left to Mesos (`--launch-info`).
    public var bound: Bool
    /// True when the container reaches the host mount through its own HOST_PATH volume, which
    /// Mesos binds: nothing goes in the launch info for it.
    public var viaHostPath: Bool

    enum CodingKeys: String, CodingKey { case name, hostMount, target, readOnly, reusedHostMount, bound, viaHostPath }

    /// The output names the volume only, as it did before the spec.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(hostMount, forKey: .hostMount)
        try container.encode(target, forKey: .target)
        try container.encode(readOnly, forKey: .readOnly)
        try container.encode(reusedHostMount, forKey: .reusedHostMount)
        try container.encode(bound, forKey: .bound)
        try container.encode(viaHostPath, forKey: .viaHostPath)
    }
}

public struct PrepareResult: Sendable, Equatable, Encodable {
    public var containerID: String
    public var volumes: [PreparedVolume]

    enum CodingKeys: String, CodingKey {
        case containerID = "containerId"
        case volumes
    }
}

public struct CleanupResult: Sendable, Equatable, Encodable {
    public var containerID: String
    public var known: Bool
    /// Host mounts unmounted because this container was their last user.
    public var unmountedHostMounts: [String]
    /// Where an unreadable record was moved (`cleanup` keeps it for the operator).
    public var movedAside: String?
    /// Binds found in the mount table (not in a record) and unmounted.
    public var unboundTargets: [String]?

    enum CodingKeys: String, CodingKey {
        case containerID = "containerId"
        case known, unmountedHostMounts, movedAside, unboundTargets
    }

    public init(
        containerID: String, known: Bool, unmountedHostMounts: [String], movedAside: String? = nil, unboundTargets: [String]? = nil
    ) {
        self.containerID = containerID
        self.known = known
        self.unmountedHostMounts = unmountedHostMounts
        self.movedAside = movedAside
        self.unboundTargets = unboundTargets
    }
}
