import ArgumentParser
import Common
import EFSHookCore
import Foundation
import VolumeModel

/// A drop-in `dvdcli` for Mesos' stock docker/volume isolator (install efs-hook as `dvdcli`
/// on the agent's PATH, or run `efs-hook dvdcli`).
///
/// Mesos runs `dvdcli mount --volumedriver=D --volumename=N [--volumeopts=K=V]...` once per
/// container and reads stdout as the host path to bind; it runs `unmount` only for the last
/// container. So `mount` holds the volume on this host (one `Holder.dvdcli` per volume) and
/// `unmount` releases it whatever the mount count.
struct DVDCLICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dvdcli",
        abstract: "Drop-in dvdcli for Mesos' docker/volume isolator.",
        discussion: """
            mount prints only the host mount path on stdout (logs go to stderr) and is idempotent; \
            with --explicitcreate it mounts only a volume that already exists, creates nothing, and \
            fails (exit 1) for a missing one. unmount releases the volume on this host. path prints \
            the host mount path of a volume mounted here, without mounting (exit 1 if it is not). \
            --volumeopts values are kept intact, even with ',' or '=' in them (the real dvdcli \
            mangles those). Volumes of drivers efs-hook does not handle go to the real dvdcli named \
            by dvdcli.fallback in the config.

            Examples:
              dvdcli mount --volumedriver=efs --volumename=uploads --volumeopts=encrypted=true
              dvdcli mount --volumedriver=efs --volumename=uploads --explicitcreate
              dvdcli path --volumedriver=efs --volumename=uploads
              dvdcli unmount --volumedriver=efs --volumename=uploads
            """
    )

    @Argument(
        parsing: .captureForPassthrough, help: "mount|unmount|path --volumedriver=D --volumename=N [--volumeopts=K=V]... [--explicitcreate]"
    )
    var arguments: [String] = []

    /// What Mesos asks of dvdcli.
    enum Action: String, CaseIterable, Sendable {
        case mount, unmount, path
    }

    /// dvdcli's flags, matched case-insensitively (the dvdi module passes `--explicitCreate=true`).
    enum Flag: String, CaseIterable, Sendable {
        case volumeDriver = "volumedriver"
        case volumeName = "volumename"
        case volumeOptions = "volumeopts"
        case explicitCreate = "explicitcreate"
    }

    struct Invocation {
        var action: Action
        var driver: String
        var name: String
        var options: [(key: String, value: String)]
        var explicitCreate: Bool
    }

    static let usage = "dvdcli mount|unmount|path --volumedriver=D --volumename=N [--volumeopts=K=V]..."

    /// Accepts both `--flag=value` and `--flag value`.
    static func parse(_ arguments: [String]) throws(EFSHookError) -> Invocation {
        var action: Action?
        var driver: String?
        var name: String?
        var options: [(key: String, value: String)] = []
        var explicitCreate = false
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            guard argument.hasPrefix("--") else {
                guard action == nil, let named = Action(rawValue: argument) else {
                    throw .usage("dvdcli: unexpected argument \"\(Quoting.safe(argument))\"; usage: \(usage)")
                }
                action = named
                continue
            }
            let body = argument.dropFirst(2)
            var flag = body.lowercased()
            var value: String?
            if let equals = body.firstIndex(of: "=") {
                flag = body[..<equals].lowercased()
                value = String(body[body.index(after: equals)...])
            }
            func takeValue() throws(EFSHookError) -> String {
                if let value { return value }
                guard index < arguments.count else { throw .usage("dvdcli: --\(flag) needs a value") }
                index += 1
                return arguments[index - 1]
            }
            switch Flag(rawValue: flag) {
            case .volumeDriver: driver = try takeValue()
            case .volumeName: name = try takeValue()
            case .volumeOptions: options.append(try option(try takeValue()))
            case .explicitCreate: explicitCreate = value.map { $0.lowercased() != "false" } ?? true
            case nil: throw .usage("dvdcli: unknown flag --\(Quoting.safe(flag))")
            }
        }
        guard let action else { throw .usage("dvdcli: say mount, unmount or path") }
        guard let driver, !driver.isEmpty else { throw .usage("dvdcli: --volumedriver is required") }
        guard let name else { throw .usage("dvdcli: --volumename is required") }
        return Invocation(action: action, driver: driver, name: name, options: options, explicitCreate: explicitCreate)
    }

    private static func option(_ item: String) throws(EFSHookError) -> (key: String, value: String) {
        guard let equals = item.firstIndex(of: "=") else {
            throw .invalidTask("dvdcli: --volumeopts \"\(Quoting.safe(item))\" is not KEY=VALUE")
        }
        return (String(item[..<equals]), String(item[item.index(after: equals)...]))
    }

    func run() async throws {
        if arguments.contains("--help") || arguments.contains("-h") || arguments.isEmpty { throw CleanExit.helpRequest(self) }
        let invocation = try Self.parse(arguments)
        let config = try ConfigurationLoader.load()
        guard config.drivers.contains(invocation.driver) else {
            try Self.delegate(arguments, to: config.dvdcli.fallback, driver: invocation.driver)
        }
        let runtime = Runtime(config: config, logger: try Logs.logger(level: nil))
        try VolumeName.validate(invocation.name)
        let name = invocation.name
        let holder = Holder.dvdcli(volume: name)
        let naming = VolumeNaming(driver: invocation.driver)
        switch invocation.action {
        case .mount:
            let options = try VolumeOptions.parse(invocation.options, volume: name)
            let path = try await runtime.withLaunchDeadline {
                try await runtime.withExecutor {
                    try await $0.hold(name, options: options, by: holder, mayCreate: !invocation.explicitCreate, naming: naming)
                }
            }
            Output.write(path)
        case .path:
            let observed = HostObserver.observe(layout: runtime.stateLayout, planner: runtime.planner, host: runtime.host)
            guard observed.hostMounted.contains(name) else {
                throw EFSHookError.failure("dvdcli: volume \(name) is not mounted on this host; run dvdcli mount first")
            }
            Output.write(runtime.planner.hostMountPoint(for: name))
        case .unmount:
            try await runtime.withExecutor { executor in
                _ = try await executor.release(name, by: holder)
                if naming == .rexray { try Self.releaseREXRayMount(name, executor: executor, runtime: runtime, arguments: arguments) }
            }
        }
    }

    /// Mesos unmounts (once, for the last container) what REX-Ray mounted before this agent
    /// switched to efs-hook: that mount goes too. A failure must not fail the container's
    /// cleanup: it goes to dvdcli.fallback when there is one, else it is logged.
    static func releaseREXRayMount(_ name: String, executor: Executor, runtime: Runtime, arguments: [String]) throws {
        let path = "\(runtime.config.efs.rexray.volumesDir)/\(name)"
        do {
            _ = try executor.releaseForeignMount(name, at: path)
        } catch {
            if runtime.config.dvdcli.fallback != nil { try delegate(arguments, to: runtime.config.dvdcli.fallback, driver: "rexray") }
            runtime.logger.warning(
                "could not unmount what REX-Ray mounted; unmount it by hand",
                metadata: ["mountPoint": "\(path)", "error": "\(EFSHookError.oneLine(error))"])
        }
    }

    /// Replaces this process with the real dvdcli, so Mesos sees its stdout and exit code.
    static func delegate(_ arguments: [String], to fallback: String?, driver: String) throws -> Never {
        guard let fallback else {
            throw EFSHookError.usage(
                "dvdcli: driver \"\(Quoting.safe(driver))\" is not handled by efs-hook and dvdcli.fallback names no real dvdcli")
        }
        let argv = [fallback] + arguments
        let cArgs = argv.map { strdup($0) } + [nil]
        execv(fallback, cArgs)
        let code = errno
        throw EFSHookError(.failure, "dvdcli: cannot run \(Quoting.safe(fallback)): \(String(cString: strerror(code)))", errno: code)
    }
}
