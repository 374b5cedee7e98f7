import ArgumentParser
import Common
import EFSHookCore

struct GCCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gc",
        abstract: "List, and with --yes delete, this cluster's efs-hook resources that nothing uses.",
        discussion: """
            Lists the file systems (and access points in efs.fileSystemId) tagged as efs-hook's for \
            this cluster, each with why it may or may not be deleted. One is deletable only when no \
            container or host mount on this host uses its volume and CloudWatch shows no client \
            connection to its file system (for an access point: to the file system it is on) over \
            the last gc.idleDays days (default 7). No datapoints means unknown, never idle: such a \
            resource is kept. Nothing is deleted without --yes; each deletion is logged at notice \
            with its evidence. Needs the admin role (deploy/iam-policy-admin.json).

            Examples:
              efs-hook gc
              efs-hook gc --json
              efs-hook gc --yes
            """
    )

    @OptionGroup var global: GlobalOptions

    @Flag(name: .long, help: "Only list (the default without --yes).")
    var dryRun = false

    @Flag(name: .long, help: "Delete what is listed as deletable.")
    var yes = false

    @Flag(name: .long, help: "Print the candidates, their evidence and what was deleted as JSON.")
    var json = false

    func run() async throws {
        let runtime = try global.runtime()
        let idleDays = runtime.config.gc.idleDays
        try await runtime.withServices { services in
            let candidates = try await services.administrator.collectionCandidates(idleDays: idleDays)
            var output = RemovalOutput(command: "gc", idleDays: idleDays, acted: false, candidates: candidates, deleted: [])
            if yes, !dryRun {
                output.deleted = try await services.administrator.delete(candidates).map(\.resource.id)
                output.acted = true
            }
            if json { return Output.write(try Output.json(output, pretty: true)) }
            if !candidates.isEmpty { Output.write(output.text) }
            if !output.acted, output.deletableCount > 0 {
                Output.write("(\(output.deletableCount) deletable; re-run with --yes to delete)")
            }
        }
    }
}
