/// How long the core waits on a volume whose server may have stopped answering.
public struct HostDeadlines: Sendable, Equatable {
    /// The health probe (statfs of the host mount) before a new user is added to a volume.
    public var probeTimeout: Double
    /// Everything one cleanup unmounts, all stages together (see `UnmountStage`).
    public var unmountDeadline: Double

    public init(probeTimeout: Double = 5, unmountDeadline: Double = 30) {
        self.probeTimeout = probeTimeout
        self.unmountDeadline = unmountDeadline
    }
}
