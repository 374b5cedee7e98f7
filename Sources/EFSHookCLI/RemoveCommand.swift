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
            volume are touched, and only with the proof gc asks for: nothing on this host uses the \
            volume and CloudWatch shows no client connection over the last gc.idleDays days. \
            Anything short of that refuses the whole removal. Asks before deleting; pass --yes when \
            stdin is not a terminal. Needs the admin role (deploy/iam-policy-admin.json).

            Example:
              efs-hook remove --dry-run uploads
              efs-hook remove --yes uploads
              efs-hook remove --yes --file-system-id fs-0123456789abcdef0 team-home   # an access-point volume
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(
        name: .long,
        help: ArgumentHelp("The file system holding the volume's access point (default: efs.fileSystemId).", valueName: "fs-id"))
    var fileSystemId: String?

    @Flag(name: .long, help: "Only say what would be deleted and why.")
    var dryRun = false

    @Flag(name: .long, help: "Delete without asking.")
    var yes = false

    @Flag(name: .long, help: "Print the candidates, their evidence and what was deleted as JSON.")
    var json = false

    @Argument(help: "The volume name.")
    var volume: String

    func run() async throws {
        let runtime = try global.runtime()
        let idleDays = runtime.config.gc.idleDays
        try await runtime.withServices { services in
            let candidates = try await services.administrator.removalCandidates(
                volume, sharedFileSystem: fileSystemId, idleDays: idleDays)
            var output = RemovalOutput(command: "remove", idleDays: idleDays, acted: false, candidates: candidates, deleted: [])
            let blocked = candidates.filter { !$0.deletable }
            if dryRun || !blocked.isEmpty || candidates.isEmpty {
                report(output)
                guard blocked.isEmpty || dryRun else { throw refusal(blocked) }
                return
            }
            try confirm(output)
            output.deleted = try await services.administrator.delete(candidates).map(\.resource.id)
            output.acted = true
            report(output)
        }
    }

    private func report(_ output: RemovalOutput) {
        if json {
            if let text = try? Output.json(output, pretty: true) { Output.write(text) }
        } else if output.candidates.isEmpty {
            Output.write("volume \(volume): nothing to remove")
        } else if output.acted {
            Output.write("volume \(volume): removed \(output.deleted.joined(separator: ", "))")
        } else {
            Output.write(output.text)
        }
    }

    private func refusal(_ blocked: [RemovalCandidate]) -> EFSHookError {
        .failure(
            "not removing volume \(volume): "
                + blocked.map { "\($0.resource.id): \($0.blocker ?? "")" }.joined(separator: "; "))
    }

    /// --yes, or a "yes" typed on the terminal.
    private func confirm(_ output: RemovalOutput) throws(EFSHookError) {
        guard !yes else { return }
        guard isatty(STDIN_FILENO) == 1 else {
            throw .usage("remove deletes volume \(volume)'s data for good; pass --yes to confirm (stdin is not a terminal)")
        }
        Output.write(output.text)
        FileHandle.standardError.write(Data("delete these and their data for good? type yes: ".utf8))
        guard readLine()?.trimmingCharacters(in: .whitespaces) == "yes" else { throw .usage("remove cancelled; nothing deleted") }
    }
}
