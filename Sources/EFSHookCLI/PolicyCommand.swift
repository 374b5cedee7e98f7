import ArgumentParser
import Common
import EFSHookCore
import VolumeModel

struct PolicyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy",
        abstract: "Explain the tenant policy's decisions.",
        subcommands: [PolicyCheckCommand.self]
    )
}

struct PolicyCheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Show the identity a task carries and the policy's decision on each of its volumes.",
        discussion: """
            Reads the task as prepare would, prints the identity efs-hook found in it (Mesos user, \
            framework id, labels, Aurora role, environment and job) and, per volume, whether the \
            policy allows it and which rule decided. Changes nothing and calls no AWS; the EFS \
            checks of the safe defaults (whose file system, whose access point) happen when a \
            volume is first mounted. Exits 77 when any volume is refused.

            Examples:
              efs-hook policy check examples/aurora-thermos-task.json
              efs-hook policy check --config examples/two-team-policy.yaml --front-end isolator request.json
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var input: TaskInputOptions

    @Option(name: .long, help: ArgumentHelp("isolator, prepare, dvdcli or docker: the front end to decide for.", valueName: "name"))
    var frontEnd: FrontEnd = .prepare

    @Flag(name: .long, help: "Print JSON: {identity, decisions}.")
    var json = false

    func run() async throws {
        let runtime = try global.runtime()
        let task = try input.read()
        let volumes = try runtime.policy.defined(try runtime.extractor.volumes(in: task).volumes)
        let review = PolicyReview(task: task, volumes: volumes, frontEnd: frontEnd, policy: runtime.policy)
        if json {
            Output.write(try Output.json(review))
        } else {
            var lines = ["Identity:"] + review.identityLines + ["", "Decisions:"]
            lines += volumes.isEmpty ? ["  no EFS volumes in this \(task.kind.rawValue)"] : review.decisionLines
            Output.write(lines.joined(separator: "\n"))
        }
        if let refusal = review.refusal { throw refusal }
    }
}
