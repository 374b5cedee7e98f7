import Common
import VolumeModel

extension Executor {
    /// A HOST_PATH volume carries no options: it gets its stored definition's (what the Docker
    /// plugin's create stored for the name), else none, which means the configured defaults.
    func withDefinedOptions(_ requests: [VolumeRequest]) throws(EFSHookError) -> [VolumeRequest] {
        var resolved = requests
        for index in resolved.indices where resolved[index].origin == .hostPath && resolved[index].options.isEmpty {
            if let definition = try state.definitions.load(resolved[index].name) {
                resolved[index].options = try definition.mountOptions()
            }
        }
        return resolved
    }
}
