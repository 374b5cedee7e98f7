import Common
import MesosProto

/// Finds the EFS volumes in a task description and validates them.
///
/// Volumes whose driver is not one of `drivers` are reported as ignored, never guessed at;
/// Route A and B volumes name no driver and are always read.
/// Any invalid volume of ours fails the whole task, naming the volume and the problem.
public struct VolumeExtractor: Sendable {
    public var drivers: [String]
    /// HOST_PATH volumes at `mountRoot/NAME` ask for volume NAME.
    public var mountRoot: String

    public init(drivers: [String], mountRoot: String = Configuration().mountRoot) {
        self.drivers = drivers
        self.mountRoot = mountRoot
    }

    public func volumes(in task: TaskDescription) throws(EFSHookError) -> TaskVolumes {
        try volumes(in: MesosContainerView(task))
    }

    public func volumes(in view: MesosContainerView) throws(EFSHookError) -> TaskVolumes {
        var found: [SourceItem] = []
        for info in view.containerInfos {
            found += try MesosVolumeSource.read(info, mountRoot: mountRoot)
            found += try DockerParameterSource.read(info)
        }
        for environment in view.environments {
            found += try DVDIEnvironmentSource.read(environment).map(SourceItem.candidate)
        }
        if let labels = view.taskLabels {
            found += try AuroraMetadataSource.read(labels).map(SourceItem.candidate)
        }
        return try validate(found)
    }

    /// Only the Aurora job metadata volumes of a TaskInfo's labels, validated as every task
    /// volume is (the agent hook, which must not fail on the task's other volumes).
    public func metadataVolumes(in labels: Mesos_Labels) throws(EFSHookError) -> [VolumeRequest] {
        try validate(try AuroraMetadataSource.read(labels).map(SourceItem.candidate)).volumes
    }

    private func validate(_ found: [SourceItem]) throws(EFSHookError) -> TaskVolumes {
        var result = TaskVolumes()
        for item in found {
            switch item {
            case .ignored(let entry):
                result.ignored.append(entry)
            case .candidate(let raw) where raw.driver.map { !drivers.contains($0) } ?? false:
                let driver = raw.driver ?? ""
                result.ignored.append(
                    IgnoredVolume(
                        origin: raw.origin, name: raw.name, driver: driver,
                        reason: driver.isEmpty ? "no volume driver" : "driver \"\(driver)\" is not handled by efs-hook"))
            case .candidate(let raw):
                let request = try raw.validated()
                try Self.checkUnique(request, against: result.volumes)
                result.volumes.append(request)
            }
        }
        return result
    }

    /// `volumes` with `more` added, checked as the task's own volumes are against each other.
    public static func adding(_ more: [VolumeRequest], to volumes: TaskVolumes) throws(EFSHookError) -> TaskVolumes {
        var result = volumes
        for request in more {
            try checkUnique(request, against: result.volumes)
            result.volumes.append(request)
        }
        return result
    }

    /// Mesos refuses the same (driver, name) twice in one container; two volumes on one
    /// target would hide each other.
    static func checkUnique(_ request: VolumeRequest, against earlier: [VolumeRequest]) throws(EFSHookError) {
        if earlier.contains(where: { $0.name == request.name && $0.driver == request.driver }) {
            throw .invalidTask("volume \"\(request.name)\" appears twice in one container")
        }
        if let clash = earlier.first(where: { $0.containerPath == request.containerPath }) {
            throw .invalidTask(
                "volume \"\(request.name)\": container path \"\(Quoting.safe(request.containerPath))\" is already used by volume \"\(clash.name)\""
            )
        }
    }
}

/// A volume as written in the task, before validation.
struct RawVolume: Sendable {
    var origin: VolumeOrigin
    var name: String
    /// Nil for Route A and B volumes, which name no driver: where they are written (a host
    /// path under mountRoot, an Aurora `efs.` metadata key) makes them efs-hook's, whatever
    /// the agent's `drivers` are.
    var driver: String?
    var containerPath: String
    var readOnly: Bool
    var options: RawOptions

    enum RawOptions: Sendable {
        case pairs([Pair])
        /// `k=v,k=v`, split only for volumes of ours so other drivers' syntax never fails a task.
        case list(String)
    }

    struct Pair: Sendable {
        var key: String
        var value: String
    }

    func validated() throws(EFSHookError) -> VolumeRequest {
        try VolumeName.validate(name)
        if containerPath.isEmpty, origin == .dvdiEnvironment {
            throw .invalidTask("volume \"\(name)\": DVDI_VOLUME_CONTAINERPATH is required (efs-hook binds the volume there)")
        }
        let path = try ContainerPath.normalize(containerPath, volume: name)
        let pairs: [(key: String, value: String)]
        switch options {
        case .pairs(let list): pairs = list.map { ($0.key, $0.value) }
        case .list(let text): pairs = try VolumeOptions.splitList(text, volume: name)
        }
        let parsed = try VolumeOptions.parse(pairs, volume: name)
        return VolumeRequest(
            name: name, driver: driver ?? VolumeRequest.routeDriver, containerPath: path, readOnly: readOnly, origin: origin,
            options: parsed)
    }
}

/// What a source found, in task order: a volume to validate, or one left to others.
enum SourceItem: Sendable {
    case candidate(RawVolume)
    case ignored(IgnoredVolume)
}
