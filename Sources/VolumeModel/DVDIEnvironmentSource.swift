import Common
import MesosProto

/// mesos-module-dvdi's `DVDI_VOLUME_*` variables. The suffix is empty or one digit, as in
/// the module; a longer suffix fails the task there and here.
enum DVDIEnvironmentSource {
    static let prefix = "DVDI_VOLUME_"
    static let defaultDriver = "rexray"
    static let fields = ["NAME", "DRIVER", "OPTS", "CONTAINERPATH", "DVDCLI", "EXPLICITCREATE"]

    static func read(_ environment: Mesos_Environment) throws(EFSHookError) -> [RawVolume] {
        var bySuffix: [String: [String: String]] = [:]
        for variable in environment.variables where variable.name.hasPrefix(prefix) {
            let rest = variable.name.dropFirst(prefix.count)
            guard let field = fields.first(where: { rest.hasPrefix($0) }) else { continue }
            let suffix = String(rest.dropFirst(field.count))
            guard suffix.isEmpty || (suffix.count == 1 && suffix.allSatisfy { $0.isASCII && $0.isNumber }) else {
                throw .invalidTask("environment variable \(Quoting.safe(variable.name)): the DVDI suffix must be empty or one digit")
            }
            bySuffix[suffix, default: [:]][field] = variable.value
        }
        var volumes: [RawVolume] = []
        for suffix in [""] + (0...9).map(String.init) {
            guard let set = bySuffix[suffix] else { continue }
            guard let name = set["NAME"] else {
                if set.keys.contains(where: { $0 != "DVDCLI" && $0 != "EXPLICITCREATE" }) {
                    throw .invalidTask("DVDI_VOLUME_*\(suffix) variables are set without DVDI_VOLUME_NAME\(suffix)")
                }
                continue
            }
            volumes.append(
                RawVolume(
                    origin: .dvdiEnvironment, name: name, driver: set["DRIVER"] ?? defaultDriver,
                    containerPath: set["CONTAINERPATH"] ?? "", readOnly: false, options: .list(set["OPTS"] ?? "")))
        }
        return volumes
    }
}
