import ArgumentParser
import Common
import EFSHookCore
import Foundation

struct RemoveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove",
        abstract: "Delete a volume's EFS resources (its data is gone for good).",
        discussion: """
            Deletes what efs-hook created for VOLUME in this cluster: the file system and its mount \
            targets, or its access point. Only resources tagged as efs-hook's for this cluster and \
            volume are touched. Refused while the volume is mounted on this host; other agents \
            using it lose their data too, so stop every job that uses it first.

            Example:
              efs-hook remove uploads
              efs-hook remove --file-system-id fs-0123456789abcdef0 team-home   # an access-point volume
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: ArgumentHelp("The file system holding the volume's access point (default: efs.fileSystemId).", valueName: "fs-id"))
    var fileSystemId: String?

    @Argument(help: "The volume name.")
    var volume: String

    func run() async throws {
        let runtime = try global.runtime()
        let removed = try await runtime.withExecutor { try await $0.removeVolume(volume, accessPointFileSystem: fileSystemId) }
        Output.write(removed.isEmpty ? "volume \(volume): nothing to remove" : "volume \(volume): removed \(removed.joined(separator: ", "))")
    }
}

struct GCCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gc",
        abstract: "List, and with --yes delete, efs-hook resources of this cluster no record here references.",
        discussion: """
            Finds file systems (and access points in efs.fileSystemId) tagged as efs-hook's for this \
            cluster whose volume no container or host mount on this host references. A volume used \
            only by other agents looks unreferenced here: run gc where the cluster's volumes are \
            known, and read the list first. Nothing is deleted without --yes.

            Examples:
              efs-hook gc --dry-run
              efs-hook gc --yes
            """
    )

    @OptionGroup var global: GlobalOptions

    @Flag(name: .long, help: "Only list (the default without --yes).")
    var dryRun = false

    @Flag(name: .long, help: "Delete what is listed.")
    var yes = false

    func run() async throws {
        let runtime = try global.runtime()
        try await runtime.withExecutor { executor in
            let candidates = try await executor.unreferencedResources()
            for candidate in candidates { Output.write("\(candidate.volume)\t\(candidate.id)") }
            guard yes, !dryRun else {
                if !candidates.isEmpty { Output.write("(\(candidates.count) unreferenced; re-run with --yes to delete)") }
                return
            }
            for volume in Set(candidates.map(\.volume)).sorted() {
                _ = try await executor.removeVolume(volume, accessPointFileSystem: nil)
            }
        }
    }
}
