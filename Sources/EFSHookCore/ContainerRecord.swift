import VolumeModel

/// What efs-hook knows about one container, written before anything is mounted for it so
/// that a killed run can always be finished or undone.
public struct ContainerRecord: Codable, Sendable, Equatable {
    public enum Phase: String, Codable, Sendable {
        /// Mounting may be half done; `cleanup` or `recover` undoes it.
        case preparing
        case prepared
    }

    public var containerID: String
    public var phase: Phase
    public var volumes: [ContainerVolume]
    /// The kernel's boot id when the record was written: no container outlives a reboot, so
    /// `recover` releases records of earlier boots without being told.
    public var bootID: String?

    public init(containerID: String, phase: Phase, volumes: [ContainerVolume], bootID: String? = BootID.current) {
        self.containerID = containerID
        self.phase = phase
        self.volumes = volumes
        self.bootID = bootID
    }
}

/// One volume of one container.
public struct ContainerVolume: Codable, Sendable, Equatable {
    public var name: String
    public var containerPath: String
    public var readOnly: Bool
    /// The host path the volume is (to be) bound on.
    public var target: String
    /// False when Mesos performs the bind itself (`--launch-info`, the isolator).
    public var bindManaged: Bool
    public var options: VolumeOptions
    /// Records written before REX-Ray naming existed have none: efs-hook's own.
    public var naming: VolumeNaming
    /// A HOST_PATH volume at the host mount (`target`): Mesos binds it, efs-hook only holds it.
    public var viaHostPath: Bool

    public init(
        name: String, containerPath: String, readOnly: Bool, target: String, bindManaged: Bool, options: VolumeOptions,
        naming: VolumeNaming = .efsHook, viaHostPath: Bool = false
    ) {
        self.name = name
        self.containerPath = containerPath
        self.readOnly = readOnly
        self.target = target
        self.bindManaged = bindManaged
        self.options = options
        self.naming = naming
        self.viaHostPath = viaHostPath
    }

    enum CodingKeys: String, CodingKey { case name, containerPath, readOnly, target, bindManaged, options, naming, viaHostPath }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        containerPath = try container.decode(String.self, forKey: .containerPath)
        readOnly = try container.decode(Bool.self, forKey: .readOnly)
        target = try container.decode(String.self, forKey: .target)
        bindManaged = try container.decode(Bool.self, forKey: .bindManaged)
        options = try container.decode(VolumeOptions.self, forKey: .options)
        naming = try container.decodeIfPresent(VolumeNaming.self, forKey: .naming) ?? .efsHook
        viaHostPath = try container.decodeIfPresent(Bool.self, forKey: .viaHostPath) ?? false
    }
}
