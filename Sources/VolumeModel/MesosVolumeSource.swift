import MesosProto

/// `ContainerInfo.volumes[]`: `DOCKER_VOLUME` sources are candidates; path volumes are Mesos' own.
enum MesosVolumeSource {
    static func read(_ info: Mesos_ContainerInfo) -> [SourceItem] {
        var reading: [SourceItem] = []
        for volume in info.volumes {
            if volume.hasSource, volume.source.type == .dockerVolume {
                let docker = volume.source.dockerVolume
                reading.append(
                    .candidate(RawVolume(
                        origin: .mesosVolume, name: docker.name, driver: docker.driver,
                        containerPath: volume.containerPath, readOnly: volume.mode == .ro,
                        options: .pairs(docker.driverOptions.parameter.map { .init(key: $0.key, value: $0.value) }))))
                continue
            }
            reading.append(
                .ignored(IgnoredVolume(
                    origin: .mesosVolume, name: pathName(of: volume), driver: "",
                    reason: "not a DOCKER_VOLUME; handled by Mesos")))
        }
        return reading
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
