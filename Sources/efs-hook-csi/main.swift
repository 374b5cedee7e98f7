import CSIPlugin
import Dispatch
import EFSHookCLI
import Foundation

// `efs-hook csi` in a binary of its own: the gRPC daemon. efs-hook's `csi` execs this with
// the command's arguments; run directly, it takes the same ones (`efs-hook-csi --help`).
// CommandLineRunner parses them as the `csi` command, which finds the server installed here.
CSIPluginBinary.install { launch in
    let daemon = CSIDaemon(
        settings: launch.settings, publications: launch.publications, holders: launch.holders,
        administrator: launch.administrator, hasResources: launch.hasResources, logger: launch.logger)
    try await daemon.run(endpoint: launch.endpoint)
}

// Started as efs-hook's main is (Sources/efs-hook/main.swift), not as an async main.
nonisolated func start() {
    Task.immediate {
        let arguments = Array(CommandLine.arguments.dropFirst())
        exit(await CommandLineRunner.main(arguments == ["--version"] ? arguments : ["csi"] + arguments))
    }
}

start()
DispatchSemaphore(value: 0).wait()
