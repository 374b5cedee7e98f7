import Common
import MesosProto

/// `ContainerInfo.volumes[]`: `DOCKER_VOLUME` sources are candidates, and so are path volumes
/// whose host path is a volume's mount point `mountRoot/NAME`; other path volumes are Mesos' own.
enum MesosVolumeSource {
    static func read(_ info: Mesos_ContainerInfo, mountRoot: String) throws(EFSHookError) -> [SourceItem] {
        var reading: [SourceItem] = []
        for volume in info.volumes {
            if volume.hasSource, volume.source.type == .dockerVolume {
                let docker = volume.source.dockerVolume
                reading.append(
                    .candidate(
                        RawVolume(
                            origin: .mesosVolume, name: docker.name, driver: docker.driver,
                            containerPath: volume.containerPath, readOnly: volume.mode == .ro,
                            options: .pairs(docker.driverOptions.parameter.map { .init(key: $0.key, value: $0.value) }))))
                continue
            }
            if let hostPath = hostPath(of: volume), let name = try HostPathVolume.name(at: hostPath, mountRoot: mountRoot) {
                // The options cannot ride on a host path: the executor takes them from the
                // volume's stored definition, else the configured defaults.
                reading.append(
                    .candidate(
                        RawVolume(
                            origin: .hostPath, name: name, driver: nil, containerPath: volume.containerPath,
                            readOnly: volume.mode == .ro, options: .pairs([]))))
                continue
            }
            reading.append(
                .ignored(
                    IgnoredVolume(
                        origin: .mesosVolume, name: pathName(of: volume), driver: "",
                        reason: "not a DOCKER_VOLUME; handled by Mesos")))
        }
        return reading
    }

    /// The host path of a HOST_PATH volume, in either spelling Mesos reads (`volume/host_path`).
    static func hostPath(of volume: Mesos_Volume) -> String? {
        if volume.hasSource, volume.source.type == .hostPath { return volume.source.hostPath.path }
        if !volume.hasSource, volume.hasHostPath, volume.hostPath.hasPrefix("/") { return volume.hostPath }
        return nil
    }

    private static func pathName(of volume: Mesos_Volume) -> String {
        if volume.hasSource {
            switch volume.source.type {
            case .hostPath: return volume.source.hostPath.path
            case .sandboxPath: return volume.source.sandboxPath.path
            default: break
            }
        }
        return volume.hasHostPath ? volume.hostPath : volume.containerPath
    }
}
