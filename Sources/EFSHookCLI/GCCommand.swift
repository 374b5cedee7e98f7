import ArgumentParser
import Common
import EFSHookCore

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
        try await runtime.withServices { services in
            let candidates = try await services.administrator.unreferencedResources()
            for candidate in candidates { Output.write("\(candidate.volume)\t\(candidate.id)") }
            guard yes, !dryRun else {
                if !candidates.isEmpty { Output.write("(\(candidates.count) unreferenced; re-run with --yes to delete)") }
                return
            }
            for volume in Set(candidates.map(\.volume)).sorted() {
                _ = try await services.administrator.removeVolume(volume, sharedFileSystem: nil)
            }
        }
    }
}
