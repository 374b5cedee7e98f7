import ArgumentParser
import Common
import EFSHookCore
import Foundation
import HostLayer
import MesosProto
import VolumeModel

/// The criteo mesos-command-modules contract: `efs-hook isolator METHOD INPUT OUTPUT ERROR`.
struct IsolatorCommand: AsyncParsableCommand {
    enum Method: String, ExpressibleByArgument, CaseIterable {
        case prepare, isolate, cleanup, watch, usage
    }

    static let configuration = CommandConfiguration(
        commandName: "isolator",
        abstract: "Mesos isolator through the external-command module (criteo/mesos-command-modules).",
        discussion: """
            The module runs `efs-hook isolator METHOD INPUT OUTPUT ERROR` with INPUT (also on stdin) \
            holding {container_id, container_config} as JSON with proto field names. prepare mounts \
            each volume once on the host and writes a ContainerLaunchInfo to OUTPUT whose mounts \
            Mesos binds into the container (rootfs + container_path; a relative path in the sandbox, \
            at mesos.sandboxDirectory inside a rootfs, as Mesos' own docker/volume isolator); \
            cleanup releases the container. isolate, watch and usage write an empty OUTPUT. Errors \
            go to ERROR, with a non-zero exit. deploy/mesos-modules.json shows the agent setup.

            Example:
              efs-hook isolator prepare /tmp/criteo-mesos-in /tmp/criteo-mesos-out /tmp/criteo-mesos-err
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "prepare, isolate, cleanup, watch or usage.")
    var method: Method

    @OptionGroup var files: ModuleFileArguments

    var invocation: IsolatorInvocation {
        IsolatorInvocation(global: global.settings, method: method, input: files.input, output: files.output, error: files.error)
    }

    func run() async throws { try await invocation.run() }
}

struct IsolatorInvocation: LaunchCommand, Equatable {
    typealias Method = IsolatorCommand.Method

    var global: GlobalSettings
    var method: Method
    var input: String
    var output: String
    var error: String

    func run() async throws {
        do {
            let result = try await perform()
            try write(result, to: output)
        } catch {
            try? write(EFSHookError.oneLine(error) + "\n", to: self.error)
            throw error
        }
    }

    func perform() async throws -> String {
        switch method {
        case .isolate, .watch, .usage:
            return ""
        case .prepare, .cleanup:
            break
        }
        let data = Data(try InputReader.read(input, .task))
        guard case .isolatorRequest(let request) = try TaskDecoder.decode(data, message: .isolatorRequest, format: .json) else {
            throw EFSHookError.invalidTask("isolator input is not {container_id, container_config}")
        }
        let view = MesosContainerView(.isolatorRequest(request))
        let containerID = try Self.identifier(request.containerID)
        let runtime = try global.runtime()
        if method == .cleanup {
            _ = try await runtime.withServices { services in
                let result = try await services.containers.cleanup(containerID: containerID)
                if let executorId = Self.requestExecutor(view) { try services.reconciler.taskRequests.remove(executorId: executorId) }
                return result
            }
            return ""
        }
        var volumes = try runtime.extractor.volumes(in: view)
        let stored = try Self.storedRequests(view, layout: runtime.stateLayout)
        if let stored { volumes = try VolumeExtractor.adding(Self.placed(stored, for: view), to: volumes) }
        guard !volumes.volumes.isEmpty else { return "" }
        let layout = runtime.containerLayout(rootfs: view.rootfs, sandbox: view.directory)
        let identity = TaskIdentity(view: view, frontEnd: .isolator)
        let result = try await runtime.withLaunchDeadline {
            try await runtime.withServices { services in
                let result = try await services.containers.prepare(
                    containerID: containerID, requests: volumes.volumes, identity: identity, layout: layout, launchInfo: true)
                if let stored { try services.reconciler.markTaskRequests(stored, usedBy: containerID) }
                return result
            }
        }
        let info = LaunchInfoBuilder.launchInfo(for: result)
        // Only HOST_PATH volumes: Mesos binds them all itself, and an empty output means None.
        return info.mounts.isEmpty ? "" : try LaunchInfoBuilder.json(info)
    }

    /// Nested containers are named `parent.child` (outermost first), so each has its own record.
    static func identifier(_ id: Mesos_ContainerID) throws(EFSHookError) -> String {
        var parts: [String] = []
        var current: Mesos_ContainerID? = id
        while let node = current, parts.count < 16 {
            parts.insert(node.value, at: 0)
            current = node.hasParent ? node.parent : nil
        }
        let joined = parts.joined(separator: ".")
        guard !joined.isEmpty else { throw .invalidTask("isolator input has no container_id") }
        do {
            try ContainerIdentifier.validate(joined)
        } catch {
            throw .invalidTask(error.message)
        }
        return joined
    }

    func write(_ text: String, to path: String) throws { try ModuleFile.write(text, to: path) }
}

/// INPUT OUTPUT ERROR, as criteo's command modules run every command.
struct ModuleFileArguments: ParsableArguments {
    @Argument(help: "The module's input file (JSON).")
    var input: String

    @Argument(help: "Where to write the result.")
    var output: String

    @Argument(help: "Where to write an error message.")
    var error: String
}

/// The OUTPUT and ERROR files of criteo's command modules.
enum ModuleFile {
    /// Writes in place, never replacing what is at `path`: the command module hands us files it
    /// made, and a path that names a device (an operator's `/dev/null`) must stay a device.
    static func write(_ text: String, to path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard fd >= 0 else { throw EFSHookError.system("open", path) }
        defer { close(fd) }
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if written < 0, errno == EINTR { continue }
            guard written > 0 else { throw EFSHookError.system("write", path) }
            offset += written
        }
    }
}
