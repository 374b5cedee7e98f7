import ArgumentParser
import Common
import EFSHookCore
import VolumeModel

struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Show the volumes in a task and the steps prepare would take. Changes nothing.",
        discussion: """
            plan reads the task, validates its volumes, shows the tenant policy's decision on each \
            (and the rule that made it) and prints what prepare would do on this host, and for \
            each volume not mounted here whether its mount needs the EFS API or this agent's \
            resolution cache (or the file system's DNS name) spares it every call. It never \
            mounts, writes or calls AWS. It prints the plan, then exits as prepare would before \
            any call: 77 when the policy refuses a volume, 65 when an accessPoint or static \
            volume names no file system (and --online then makes no calls).

            Examples:
              efs-hook plan examples/aurora-thermos-task.json
              efs-hook plan --json --message executor-info executor.bin
              mesos-execute ... | efs-hook plan -
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var input: TaskInputOptions

    @Flag(name: .long, help: "Print JSON: {volumes, ignored, policy, steps, resolution}.")
    var json = false

    @Flag(name: .long, help: "Also make read-only EFS describe calls and say what already exists.")
    var online = false

    @Option(
        name: .long,
        help: ArgumentHelp("The front end whose policy decisions to show (isolator, prepare, dvdcli, docker).", valueName: "name"))
    var frontEnd: FrontEnd = .prepare

    @Option(name: .long, help: ArgumentHelp("Plan binds under this rootfs.", valueName: "dir"))
    var rootfs: String?

    @Option(name: .long, help: ArgumentHelp("Plan relative container paths under this sandbox.", valueName: "dir"))
    var sandbox: String?

    func run() async throws {
        let runtime = try global.runtime()
        let task = try input.read()
        let volumes = try runtime.extractor.volumes(in: task)
        let layout = runtime.containerLayout(rootfs: rootfs, sandbox: sandbox ?? "$SANDBOX")
        let observed = runtime.status.mountedVolumes()
        let defined = try runtime.policy.defined(volumes.volumes)
        let review = PolicyReview(task: task, volumes: defined, frontEnd: frontEnd, policy: runtime.policy)
        let allowed = review.allowed(defined, policy: runtime.policy)
        let problem = review.refusal ?? Self.missingFileSystem(allowed, config: runtime.config)
        let online = online && problem == nil
        let steps = try runtime.planner.prepareSteps(for: allowed, layout: layout, observed: observed, launchInfo: false)
        var report = PlanReport(
            message: task.kind, volumes: defined, ignored: volumes.ignored, policy: review.decisions, steps: steps)
        if volumes.volumes.contains(where: { $0.naming == .rexray }) { report.rexray = runtime.config.efs.rexray }
        let cold = allowed.filter { !observed.hostMounted.contains($0.name) }
        // Offline, a configuration the provider cannot be built from only costs the resolution lines.
        if let provider = online ? try runtime.provider() : cold.isEmpty ? nil : try? runtime.provider() {
            try await runtime.closing(provider) {
                report.resolution = Dictionary(
                    uniqueKeysWithValues: cold.compactMap { volume in
                        ResolutionSource.of(volume, provider: provider, layout: runtime.stateLayout).map { (volume.name, $0) }
                    })
                guard online else { return }
                guard let administration = provider.administration else { throw EFSHookError.usage("--online needs provider efs") }
                var states: [VolumeInspection] = []
                for request in cold { states.append(try await administration.inspect(request)) }
                report.online = states
            }
        }
        Output.write(json ? try Output.json(report) : report.text)
        if let problem { throw problem }
    }

    /// The error prepare would give an allowed `accessPoint` or `static` volume of the EFS
    /// provider that names no file system, before any call.
    static func missingFileSystem(_ allowed: [VolumeRequest], config: Configuration) -> EFSHookError? {
        guard config.provider == .efs else { return nil }
        for volume in allowed {
            let mode = volume.options.provisioning(default: config.efs.provisioning)
            guard mode != .filesystem else { continue }
            do {
                _ = try volume.options.requiredFileSystemId(volume: volume.name, mode: mode, default: config.efs.fileSystemId)
            } catch {
                return error
            }
        }
        return nil
    }
}

struct PlanReport: Encodable {
    var message: MessageKind
    var volumes: [VolumeRequest]
    var ignored: [IgnoredVolume]
    /// The tenant policy's decision on each volume; refused ones have no steps.
    var policy: [PolicyDecision]
    var steps: [PlanStep]
    /// With --online: what exists in AWS for each volume not yet mounted here.
    var online: [VolumeInspection]?
    /// For each volume not mounted here, where its mount learns its resources.
    var resolution: [String: ResolutionSource]?
    /// The REX-Ray naming in force, when a volume uses it.
    var rexray: Configuration.EFS.REXRay?

    var text: String {
        var lines: [String] = []
        if volumes.isEmpty {
            lines.append("No EFS volumes in this \(message.rawValue).")
        } else {
            let header = ["VOLUME", "DRIVER", "NAMING", "CONTAINER PATH", "MODE", "ORIGIN", "OPTIONS"]
            let rows = volumes.map { volume in
                [
                    volume.name, volume.driver, volume.naming.rawValue, volume.containerPath, volume.readOnly ? "ro" : "rw",
                    volume.origin.rawValue,
                    volume.options.values.isEmpty
                        ? "-" : volume.options.values.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ","),
                ]
            }
            lines += Table.render([header] + rows)
        }
        if let rexray {
            lines.append("")
            lines.append(
                "REX-Ray naming (libStorage's): creation token md5(\"\(rexray.tag)/NAME\"), else the bare name, else Name tag "
                    + "\"\(rexray.tag)/NAME\"; containers see \(rexray.rootPath) of the file system")
        }
        if !ignored.isEmpty {
            lines.append("")
            lines.append("Ignored:")
            for entry in ignored {
                lines.append("  \(Quoting.safe(entry.name)) (\(entry.origin.rawValue)): \(entry.reason)")
            }
        }
        if !policy.isEmpty {
            lines.append("")
            lines.append("Policy:")
            lines += policy.map { "  " + $0.line }
        }
        if !steps.isEmpty {
            lines.append("")
            lines.append("Steps:")
            for (index, step) in steps.enumerated() {
                lines.append("  \(index + 1). \(step.volume): \(step.summary)")
            }
        }
        if let resolution, !resolution.isEmpty {
            lines.append("")
            lines.append("Resolution on this agent:")
            lines += resolution.sorted { $0.key < $1.key }.map { "  \($0.key): \($0.value.summary)" }
        }
        if let online {
            lines.append("")
            lines.append("In AWS:")
            for state in online {
                let found = [state.fileSystemId, state.accessPointId, state.mountTargetId].compactMap { $0 }
                lines.append(
                    "  \(state.volume): \(found.isEmpty ? "nothing yet" : "exists: " + found.joined(separator: ", "))"
                        + (state.rexrayMatch.map { " (found by \($0))" } ?? "")
                        + (state.toCreate.isEmpty ? "" : "; to create: " + state.toCreate.joined(separator: ", ")))
            }
        }
        return lines.joined(separator: "\n")
    }
}

enum Table {
    static func render(_ rows: [[String]]) -> [String] {
        var widths: [Int] = []
        for row in rows {
            for (column, cell) in row.enumerated() {
                if widths.count <= column { widths.append(0) }
                widths[column] = max(widths[column], cell.count)
            }
        }
        return rows.map { row in
            row.enumerated().map { column, cell in
                column == row.count - 1 ? cell : cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }
    }
}
