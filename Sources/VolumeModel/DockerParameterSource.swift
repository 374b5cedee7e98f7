import Common
import MesosProto

/// `DockerInfo.parameters`: `volume-driver=D` names the driver for every
/// `volume=NAME:PATH[:MODES]` whose NAME is not a host path (as `docker run` does).
enum DockerParameterSource {
    static func read(_ info: Mesos_ContainerInfo) throws(EFSHookError) -> [SourceItem] {
        var reading: [SourceItem] = []
        guard info.hasDocker else { return reading }
        let parameters = info.docker.parameters
        var driver = info.docker.hasVolumeDriver ? info.docker.volumeDriver : ""
        if let explicit = parameters.last(where: { $0.key == "volume-driver" }) {
            driver = explicit.value
        }
        for parameter in parameters where parameter.key == "volume" || parameter.key == "v" {
            let spec = try parse(parameter.value)
            if spec.name.hasPrefix("/") {
                reading.append(
                    .ignored(IgnoredVolume(origin: .dockerParameter, name: spec.name, driver: "", reason: "host path; handled by Docker")))
                continue
            }
            reading.append(
                .candidate(
                    RawVolume(
                        origin: .dockerParameter, name: spec.name, driver: driver, containerPath: spec.path,
                        readOnly: spec.readOnly, options: .pairs([]))))
        }
        return reading
    }

    struct Spec {
        var name: String
        var path: String
        var readOnly: Bool
    }

    static let knownModes: Set<String> = [
        "ro", "rw", "z", "Z", "nocopy", "copy", "shared", "rshared", "slave", "rslave", "private", "rprivate",
        "consistent", "cached", "delegated",
    ]

    static func parse(_ value: String) throws(EFSHookError) -> Spec {
        let parts = value.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        let name = parts.first ?? ""
        func fail(_ problem: String) -> EFSHookError {
            .invalidTask("volume \"\(Quoting.safe(name))\": docker volume parameter \"\(Quoting.safe(value))\": \(problem)")
        }
        guard parts.count == 2 || parts.count == 3 else { throw fail("expected NAME:PATH[:MODES]") }
        guard !parts[1].isEmpty else { throw fail("container path is empty") }
        var readOnly = false
        if parts.count == 3 {
            let modes = parts[2].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            for mode in modes {
                guard knownModes.contains(mode) else { throw fail("unknown mode \"\(Quoting.safe(mode))\"") }
            }
            if modes.contains("ro") && modes.contains("rw") { throw fail("both ro and rw given") }
            readOnly = modes.contains("ro")
        }
        return Spec(name: name, path: parts[1], readOnly: readOnly)
    }
}
