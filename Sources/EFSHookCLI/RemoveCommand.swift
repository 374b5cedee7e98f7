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

    @Option(
        name: .long,
        help: ArgumentHelp("The file system holding the volume's access point (default: efs.fileSystemId).", valueName: "fs-id"))
    var fileSystemId: String?

    @Argument(help: "The volume name.")
    var volume: String

    func run() async throws {
        let runtime = try global.runtime()
        let removed = try await runtime.withServices { try await $0.administrator.removeVolume(volume, sharedFileSystem: fileSystemId) }
        Output.write(
            removed.isEmpty ? "volume \(volume): nothing to remove" : "volume \(volume): removed \(removed.joined(separator: ", "))")
    }
}
