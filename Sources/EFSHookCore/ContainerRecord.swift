import HostLayer
import VolumeModel

/// What efs-hook knows about one container, written before anything is mounted for it so
/// that a killed run can always be finished or undone.
public struct ContainerRecord: StateRecord, Equatable {
    /// Its format on disk (see `StateRecord`).
    public static let schemaVersion = 1

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
public struct ContainerVolume: VolumeSpecHolder, Codable, Sendable, Equatable {
    public var spec: VolumeSpec
    public var containerPath: String
    public var readOnly: Bool
    /// The host path the volume is (to be) bound on.
    public var target: String
    /// False when Mesos performs the bind itself (`--launch-info`, the isolator).
    public var bindManaged: Bool
    /// A HOST_PATH volume at the host mount (`target`): Mesos binds it, efs-hook only holds it.
    public var viaHostPath: Bool

    public init(spec: VolumeSpec, containerPath: String, readOnly: Bool, target: String, bindManaged: Bool, viaHostPath: Bool = false) {
        self.spec = spec
        self.containerPath = containerPath
        self.readOnly = readOnly
        self.target = target
        self.bindManaged = bindManaged
        self.viaHostPath = viaHostPath
    }

    enum CodingKeys: String, CodingKey { case name, containerPath, readOnly, target, bindManaged, options, naming, viaHostPath }

    /// Records written before REX-Ray naming existed have no `naming` (efs-hook's own), and
    /// ones before HOST_PATH volumes no `viaHostPath`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        spec = VolumeSpec(
            name: try container.decode(String.self, forKey: .name), options: try container.decode(VolumeOptions.self, forKey: .options),
            naming: try container.decodeIfPresent(VolumeNaming.self, forKey: .naming) ?? .efsHook)
        containerPath = try container.decode(String.self, forKey: .containerPath)
        readOnly = try container.decode(Bool.self, forKey: .readOnly)
        target = try container.decode(String.self, forKey: .target)
        bindManaged = try container.decode(Bool.self, forKey: .bindManaged)
        viaHostPath = try container.decodeIfPresent(Bool.self, forKey: .viaHostPath) ?? false
    }

    /// The record on disk keeps the spec's fields flat, as it always had them.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(containerPath, forKey: .containerPath)
        try container.encode(readOnly, forKey: .readOnly)
        try container.encode(target, forKey: .target)
        try container.encode(bindManaged, forKey: .bindManaged)
        try container.encode(options, forKey: .options)
        try container.encode(naming, forKey: .naming)
        try container.encode(viaHostPath, forKey: .viaHostPath)
    }
}
