import ArgumentParser
import Common
import EFSHookCore
import VolumeModel

struct PrepareCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prepare",
        abstract: "Provision, mount and bind a container's EFS volumes before it starts.",
        discussion: """
            Each volume is provisioned if missing, mounted once on this host under mountRoot, and \
            bound at its container path: under --rootfs for absolute paths (or on the host when the \
            container has no rootfs), under --sandbox for relative ones (with --launch-info and \
            --rootfs, Mesos binds those where the container sees the sandbox, mesos.sandboxDirectory). \
            All or nothing: if one \
            volume fails, the container's earlier volumes are undone. Running it again for the same \
            container is harmless.

            Examples:
              efs-hook prepare --container-id c1 --rootfs /var/lib/mesos/provisioner/.../rootfs task.json
              efs-hook prepare --container-id c1 --sandbox /var/lib/mesos/slaves/.../runs/c1 --launch-info task.bin
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var input: TaskInputOptions

    @Option(name: .long, help: ArgumentHelp("The Mesos container id.", valueName: "id"))
    var containerId: String

    @Option(name: .long, help: ArgumentHelp("The container's root file system on the host.", valueName: "dir"))
    var rootfs: String?

    @Option(name: .long, help: ArgumentHelp("The container's sandbox on the host (for relative container paths).", valueName: "dir"))
    var sandbox: String?

    @Flag(name: .long, help: "Do not bind; print a Mesos ContainerLaunchInfo (JSON) whose mounts Mesos performs.")
    var launchInfo = false

    var invocation: PrepareInvocation {
        PrepareInvocation(
            global: global.settings, input: input.settings, containerId: containerId, rootfs: rootfs, sandbox: sandbox,
            launchInfo: launchInfo)
    }

    func run() async throws { try await invocation.run() }
}

struct PrepareInvocation: LaunchCommand, Equatable {
    var global: GlobalSettings
    var input: TaskInput
    var containerId: String
    var rootfs: String?
    var sandbox: String?
    var launchInfo: Bool

    func run() async throws {
        for (value, flag) in [(rootfs, "--rootfs"), (sandbox, "--sandbox")] {
            if let value, !value.hasPrefix("/") { throw EFSHookError.usage("\(flag) must be an absolute path") }
        }
        let runtime = try global.runtime()
        let view = MesosContainerView(try input.read())
        let volumes = try runtime.extractor.volumes(in: view)
        let identity = TaskIdentity(view: view, frontEnd: .prepare)
        let result = try await runtime.withLaunchDeadline {
            try await runtime.withExecutor { executor in
                try await executor.prepare(
                    containerID: containerId, requests: volumes.volumes, identity: identity,
                    layout: runtime.containerLayout(rootfs: rootfs, sandbox: sandbox), launchInfo: launchInfo)
            }
        }
        if launchInfo {
            Output.write(try LaunchInfoBuilder.json(LaunchInfoBuilder.launchInfo(for: result)))
        } else {
            Output.write(try Output.json(result))
        }
    }
}

struct CleanupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cleanup",
        abstract: "Release a container's volumes after it exits.",
        discussion: """
            Removes the container's binds and its record, and unmounts each host mount it was the \
            last user of. Never deletes data unless a volume asked for reclaim=delete. An unknown or \
            already cleaned container is not an error.

            Example:
              efs-hook cleanup --container-id c1
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: ArgumentHelp("The Mesos container id.", valueName: "id"))
    var containerId: String

    @Flag(name: .long, help: "Print JSON.")
    var json = false

    var invocation: CleanupInvocation { CleanupInvocation(global: global.settings, containerId: containerId, json: json) }

    func run() async throws { try await invocation.run() }
}

struct CleanupInvocation: LaunchCommand, Equatable {
    var global: GlobalSettings
    var containerId: String
    var json: Bool

    func run() async throws {
        let runtime = try global.runtime()
        let result = try await runtime.withExecutor { try await $0.cleanup(containerID: containerId) }
        if json {
            Output.write(try Output.json(result))
        } else if !result.known {
            Output.write("container \(containerId): nothing to clean up")
        } else {
            let unmounted = result.unmountedHostMounts.isEmpty ? "none" : result.unmountedHostMounts.joined(separator: ", ")
            Output.write("container \(containerId): cleaned up; host mounts released: \(unmounted)")
        }
        if !json, let aside = result.movedAside {
            let unbound = result.unboundTargets ?? []
            Output.write(
                "container \(containerId): its record was unreadable and is kept at \(aside); "
                    + "binds released from the mount table: \(unbound.isEmpty ? "none" : unbound.joined(separator: ", "))")
        }
    }
}
