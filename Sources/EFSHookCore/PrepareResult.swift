/// What `prepare` did for one volume.
public struct PreparedVolume: Sendable, Equatable, Encodable {
    public var name: String
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
}

public struct PrepareResult: Sendable, Equatable, Encodable {
    public var containerId: String
    public var volumes: [PreparedVolume]
}

public struct CleanupResult: Sendable, Equatable, Encodable {
    public var containerId: String
    public var known: Bool
    /// Host mounts unmounted because this container was their last user.
    public var unmountedHostMounts: [String]
    /// Where an unreadable record was moved (`cleanup` keeps it for the operator).
    public var movedAside: String?
    /// Binds found in the mount table (not in a record) and unmounted.
    public var unboundTargets: [String]?

    public init(
        containerId: String, known: Bool, unmountedHostMounts: [String], movedAside: String? = nil, unboundTargets: [String]? = nil
    ) {
        self.containerId = containerId
        self.known = known
        self.unmountedHostMounts = unmountedHostMounts
        self.movedAside = movedAside
        self.unboundTargets = unboundTargets
    }
}
