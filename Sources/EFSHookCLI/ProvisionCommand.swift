import ArgumentParser
import Common
import EFSHookCore
import Foundation
import VolumeModel

struct ProvisionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "provision",
        abstract: "Create a volume's EFS resources ahead of any launch, in every configured zone, and wait for them.",
        discussion: """
            For deploy pipelines and operators: takes the volumes of a task (as plan does) or one \
            --volume with its --option values, passes each through the tenant policy, creates its \
            file system (or access point) and a mount target in every subnet of \
            efs.mountTargetSubnets (unset: this agent's zone), waits until all are available \
            (progress on stderr: resource, state, elapsed seconds) and prints JSON of what exists: \
            fileSystemId, accessPointId and one mount target per zone with its IP. Idempotent: a \
            second run only describes. It also stores each volume's definition and seeds this \
            agent's resolution cache, so a launch here afterwards makes no API call. Launches on \
            other agents create and wait for nothing; with efs.mountTarget: dns and the file \
            system in efs.fileSystemId or efs.allowedFileSystemIds, a static volume needs no call.

            Examples:
              efs-hook provision examples/aurora-thermos-task.json
              efs-hook provision --volume uploads --option encrypted=true --option throughputMode=elastic
              efs-hook provision --dry-run --volume team-home --option provisioning=accessPoint --option uid=1000
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(
        name: .long,
        help: ArgumentHelp(
            "task-info, executor-info, container-config or isolator-request (default: inferred, as for plan).", valueName: "kind"))
    var message: MessageKind?

    @Option(name: .long, help: ArgumentHelp("auto, binary or json.", valueName: "format"))
    var format: InputFormat = .auto

    @Option(name: .long, help: ArgumentHelp("A volume to provision instead of a task's.", valueName: "name"))
    var volume: String?

    @Option(name: .customLong("option"), help: ArgumentHelp("A volume option for --volume (repeatable).", valueName: "key=value"))
    var options: [String] = []

    @Option(name: .long, help: ArgumentHelp("The --volume's driver: efs, or rexray for REX-Ray's naming.", valueName: "driver"))
    var driver = "efs"

    @Option(name: .long, help: ArgumentHelp("The front end whose policy decides (isolator, prepare, dvdcli, docker).", valueName: "name"))
    var frontEnd: FrontEnd = .prepare

    @Flag(name: .long, help: "Describe only: print what exists and what a real run would create (toCreate).")
    var dryRun = false

    @Argument(help: ArgumentHelp("The task description: a file, or - for stdin.", valueName: "task"))
    var task: String?

    func validate() throws {
        guard (task == nil) != (volume == nil) else {
            throw ValidationError("give exactly one of a task file (- for stdin) and --volume NAME")
        }
        if volume == nil, !options.isEmpty { throw ValidationError("--option needs --volume") }
    }

    func run() async throws {
        let runtime = try global.runtime()
        guard runtime.config.provider == .efs else {
            throw EFSHookError.usage("provision creates EFS resources; the \(runtime.config.provider.rawValue) provider has none")
        }
        let (requests, identity) = try volumes(runtime)
        guard !requests.isEmpty else {
            throw EFSHookError.invalidTask("no volumes of driver \(runtime.config.drivers.joined(separator: ", ")) to provision")
        }
        let reports =
            dryRun
            ? try await planned(requests, identity: identity, runtime)
            : try await runtime.withServices { services in
                try await services.administrator.provisionAhead(requests, identity: identity) { line in
                    FileHandle.standardError.write(Data("efs-hook: provision: \(line)\n".utf8))
                }
            }
        Output.write(try Output.json(ProvisionOutput(dryRun: dryRun, volumes: reports), pretty: true))
    }

    /// `--dry-run`: the policy's decisions and describe calls only; no state directory is
    /// opened or created (a deploy host may have none).
    private func planned(_ requests: [VolumeRequest], identity: TaskIdentity, _ runtime: Runtime) async throws -> [ProvisionReport] {
        let allowed = try runtime.policy.authorize(requests, identity: identity)
        let provider = try runtime.provider()
        return try await runtime.closing(provider) {
            guard let administration = provider.administration else { throw EFSHookError.usage("--dry-run needs provider efs") }
            var reports: [ProvisionReport] = []
            for request in allowed { reports.append(try await administration.provisionAhead(request, dryRun: true) { _ in }) }
            return reports
        }
    }

    private func volumes(_ runtime: Runtime) throws(EFSHookError) -> ([VolumeRequest], TaskIdentity) {
        guard let volume else {
            let task = try TaskInput(message: message, format: format, task: task ?? "-").read()
            return (try runtime.extractor.volumes(in: task).volumes, TaskIdentity(task: task, frontEnd: frontEnd))
        }
        try VolumeName.validate(volume)
        var pairs: [(key: String, value: String)] = []
        for option in options {
            guard let equals = option.firstIndex(of: "=") else { throw .usage("--option \(Quoting.safe(option)): expected key=value") }
            pairs.append((String(option[..<equals]), String(option[option.index(after: equals)...])))
        }
        let spec = VolumeSpec(name: volume, options: try VolumeOptions.parse(pairs, volume: volume), naming: VolumeNaming(driver: driver))
        let request = VolumeRequest.direct(spec, driver: driver)
        return ([request], TaskIdentity(frontEnd: frontEnd))
    }
}

struct ProvisionOutput: Encodable {
    var dryRun: Bool
    var volumes: [ProvisionReport]
}
