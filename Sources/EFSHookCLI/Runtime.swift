import Common
import EFSHookCore
import Logging
import VolumeModel

/// Builds the core objects a command needs, and only those: `plan` never touches the
/// state directory or a provider, so nothing is set up on its start-up path.
struct Runtime {
    let config: Configuration
    let logger: Logger

    var planner: Planner { Planner(providerName: config.provider.rawValue, mountRoot: config.mountRoot) }

    var extractor: VolumeExtractor { VolumeExtractor(drivers: config.drivers) }

    func provider() throws(EFSHookError) -> any VolumeProvider {
        switch config.provider {
        case .local:
            return LocalProvider(root: config.local.root)
        case .efs:
            throw .config("provider efs is not available in this build of efs-hook; set provider: local to use local directories")
        }
    }

    func executor() throws(EFSHookError) -> Executor {
        let state = try StateDirectory(root: config.stateDir, lockTimeout: config.lockTimeoutSeconds)
        return Executor(provider: try provider(), planner: planner, state: state, logger: logger)
    }
}

extension GlobalOptions {
    func runtime() throws -> Runtime {
        Runtime(config: try configuration(), logger: try logger())
    }
}
