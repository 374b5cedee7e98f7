import ArgumentParser
import Common
import EFSHookCore
import Logging
import VolumeModel

/// Options every command shares: where the configuration is, and the keys most often
/// overridden on the command line.
struct GlobalOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp("Configuration file (default: $EFS_HOOK_CONFIG, else /etc/efs-hook/config.yaml).", valueName: "path"))
    var config: String?

    @Option(name: .long, help: ArgumentHelp("Override the provider: efs or local.", valueName: "provider"))
    var provider: Configuration.Provider?

    @Option(name: .long, help: ArgumentHelp("Override stateDir.", valueName: "dir"))
    var stateDir: String?

    @Option(name: .long, help: ArgumentHelp("Override mountRoot.", valueName: "dir"))
    var mountRoot: String?

    @Option(name: .long, help: ArgumentHelp("Override local.root.", valueName: "dir"))
    var localRoot: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Override launchDeadlineSeconds: all the waiting of one launch (default 100; keep it under the caller's own timeout).",
            valueName: "seconds"))
    var launchDeadlineSeconds: Double?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "trace, debug, info, notice, warning, error or critical (default: $EFS_HOOK_LOG_LEVEL, else notice).", valueName: "level"))
    var logLevel: String?

    var settings: GlobalSettings {
        GlobalSettings(
            config: config, provider: provider, stateDir: stateDir, mountRoot: mountRoot, localRoot: localRoot,
            launchDeadlineSeconds: launchDeadlineSeconds, logLevel: logLevel)
    }

    func configuration() throws(EFSHookError) -> Configuration { try settings.configuration() }

    func logger() throws -> Logger { try settings.logger() }
}

/// The global options' values, apart from ArgumentParser, which the launch path skips
/// (see LaunchArguments).
struct GlobalSettings: Equatable {
    var config: String?
    var provider: Configuration.Provider?
    var stateDir: String?
    var mountRoot: String?
    var localRoot: String?
    var launchDeadlineSeconds: Double?
    var logLevel: String?

    func configuration() throws(EFSHookError) -> Configuration {
        var config = try ConfigurationLoader.load(explicitPath: config)
        if let provider { config.provider = provider }
        for (value, flag) in [(stateDir, "--state-dir"), (mountRoot, "--mount-root"), (localRoot, "--local-root")] {
            if let value, !value.hasPrefix("/") { throw .usage("\(flag) must be an absolute path") }
        }
        if let stateDir { config.stateDir = stateDir }
        if let mountRoot { config.mountRoot = mountRoot }
        if let localRoot { config.local.root = localRoot }
        if let seconds = launchDeadlineSeconds {
            guard seconds > 0, seconds <= 3600 else { throw .usage("--launch-deadline-seconds must be in (0, 3600]") }
            config.launchDeadlineSeconds = seconds
        }
        return config
    }

    func logger() throws -> Logger { try Logs.logger(level: logLevel) }

    /// The options again, as a command line that parses back to these values (what `csi`
    /// hands efs-hook-csi), by the names `LaunchOption` gives them.
    var arguments: [String] {
        let values: [(LaunchOption, String?)] = [
            (.config, config), (.provider, provider?.rawValue), (.stateDir, stateDir), (.mountRoot, mountRoot),
            (.localRoot, localRoot), (.launchDeadlineSeconds, launchDeadlineSeconds.map { "\($0)" }), (.logLevel, logLevel),
        ]
        return values.flatMap { option, value in value.map { [option.rawValue, $0] } ?? [] }
    }

    /// Also tells the operation being recorded its logger and configuration.
    func runtime() throws -> Runtime {
        let logger = try logger()
        OperationRecorder.current?.logger = logger
        let runtime = Runtime(config: try configuration(), logger: logger)
        OperationRecorder.current?.configuration = runtime.config
        return runtime
    }
}

extension Configuration.Provider: ExpressibleByArgument {}
extension MessageKind: ExpressibleByArgument {}
extension InputFormat: ExpressibleByArgument {}
extension FrontEnd: ExpressibleByArgument {}

/// A usage problem found after parsing, reported like ArgumentParser's own (exit 64).
struct ValidationErrorMessage: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
