/// Where in the task description a volume was found.
public enum VolumeOrigin: String, Sendable, Codable, Equatable {
    /// `ContainerInfo.volumes[]` with `source.type == DOCKER_VOLUME`.
    case mesosVolume = "mesos-volume"
    /// `ContainerInfo.docker.parameters` `volume-driver` + `volume`.
    case dockerParameter = "docker-parameter"
    /// `DVDI_VOLUME_*` environment variables (mesos-module-dvdi style).
    case dvdiEnvironment = "dvdi-env"
    /// A front end that names the volume directly (dvdcli, Docker plugin).
    case direct = "direct"
    /// A path volume whose host path is `mountRoot/NAME` (Aurora's `Volume(host_path=…)`):
    /// Mesos binds the host path; efs-hook mounts the volume there and holds it.
    case hostPath = "host-path"
    /// An Aurora job's `Metadata(key='efs.NAME', value='PATH[:ro|rw][:K=V,…]')`, which reaches
    /// the agent as the TaskInfo label `org.apache.aurora.metadata.efs.NAME`.
    case auroraMetadata = "aurora-metadata"
}

/// One validated request for an EFS volume in one container.
public struct VolumeRequest: Sendable, Codable, Equatable {
    public var name: String
    public var driver: String
    /// Normalised; absolute (inside the container's rootfs) or relative (to the sandbox).
    public var containerPath: String
    public var readOnly: Bool
    public var origin: VolumeOrigin
    public var options: VolumeOptions
    /// Follows the driver: `rexray` volumes are REX-Ray's (libStorage's naming and root path).
    public var naming: VolumeNaming

    /// What plans and records show as the driver of a Route A or B volume, which names none:
    /// the default configuration's driver, as they always have. Never matched against the
    /// agent's `drivers`.
    public static let routeDriver = Configuration.defaultDriver

    public init(
        name: String, driver: String, containerPath: String, readOnly: Bool,
        origin: VolumeOrigin, options: VolumeOptions = VolumeOptions()
    ) {
        self.name = name
        self.driver = driver
        self.naming = VolumeNaming(driver: driver)
        self.containerPath = containerPath
        self.readOnly = readOnly
        self.origin = origin
        self.options = options
    }
}

/// A volume in the task that efs-hook leaves to someone else, reported in the plan.
public struct IgnoredVolume: Sendable, Codable, Equatable {
    public var origin: VolumeOrigin
    /// The volume name, or the host/sandbox path for path volumes.
    public var name: String
    /// Empty for path volumes.
    public var driver: String
    public var reason: String

    public init(origin: VolumeOrigin, name: String, driver: String, reason: String) {
        self.origin = origin
        self.name = name
        self.driver = driver
        self.reason = reason
    }
}

/// Everything a task description says about volumes.
public struct TaskVolumes: Sendable, Codable, Equatable {
    public var volumes: [VolumeRequest]
    public var ignored: [IgnoredVolume]

    public init(volumes: [VolumeRequest] = [], ignored: [IgnoredVolume] = []) {
        self.volumes = volumes
        self.ignored = ignored
    }
}

extension VolumeRequest {
    enum CodingKeys: String, CodingKey { case name, driver, containerPath, readOnly, origin, options, naming }

    /// Plans written before `naming` have none: it follows the driver.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            name: try container.decode(String.self, forKey: .name), driver: try container.decode(String.self, forKey: .driver),
            containerPath: try container.decode(String.self, forKey: .containerPath),
            readOnly: try container.decode(Bool.self, forKey: .readOnly), origin: try container.decode(VolumeOrigin.self, forKey: .origin),
            options: try container.decode(VolumeOptions.self, forKey: .options))
        naming = try container.decodeIfPresent(VolumeNaming.self, forKey: .naming) ?? naming
    }
}
