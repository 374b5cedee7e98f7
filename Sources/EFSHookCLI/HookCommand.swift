import ArgumentParser
import Common
import EFSHookCore
import Foundation
import HostLayer
import VolumeModel

/// The agent hook through criteo's `com_criteo_mesos_CommandHook`: `efs-hook hook METHOD INPUT OUTPUT ERROR`.
struct HookCommand: AsyncParsableCommand {
    enum Method: String, ExpressibleByArgument, CaseIterable {
        case runTaskLabels = "run-task-labels"
    }

    static let configuration = CommandConfiguration(
        commandName: "hook",
        abstract: "Mesos agent hook (criteo CommandHook): keeps Aurora jobs' EFS metadata for the isolator.",
        discussion: """
            Route B for Aurora jobs on the Mesos containerizer. A job declares a volume in its \
            metadata, Metadata(key='efs.NAME', value='CONTAINER_PATH[:ro|rw][:KEY=VALUE,...]'), which \
            reaches the agent as the TaskInfo label org.apache.aurora.metadata.efs.NAME, never the \
            executor's container. The agent runs the hook with the TaskInfo before it launches the \
            executor: run-task-labels reads INPUT ({task_info, executor_info, framework_info, \
            slave_info}, proto field names), validates the labels as task volumes are validated, \
            stores the requests durably in stateDir/requests/EXECUTOR_ID.json and writes the task's \
            labels to OUTPUT unchanged. The isolator's prepare of that executor's container mounts \
            them: a relative path in the task's sandbox, an absolute one inside the image (taskfs) \
            or, without an image, on the host. A bad value is refused (exit 65, ERROR says why) and \
            the launch then fails in prepare with the same line.

            Example:
              efs-hook hook run-task-labels /tmp/criteo-mesos-in /tmp/criteo-mesos-out /tmp/criteo-mesos-err
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "run-task-labels (the slaveRunTaskLabelDecorator hook).")
    var method: Method

    @OptionGroup var files: ModuleFileArguments

    var invocation: HookInvocation {
        HookInvocation(global: global.settings, method: method, input: files.input, output: files.output, error: files.error)
    }

    func run() async throws { try invocation.run() }
}

struct HookInvocation: LaunchCommand, Equatable {
    var global: GlobalSettings
    var method: HookCommand.Method
    var input: String
    var output: String
    var error: String

    func run() throws {
        do {
            try ModuleFile.write(try perform(), to: output)
        } catch {
            try? ModuleFile.write(EFSHookError.oneLine(error) + "\n", to: self.error)
            throw error
        }
    }

    func perform() throws -> String {
        let hookInput = try RunTaskHookInput(Data(try InputReader.read(input, .task)))
        let labels = hookInput.task.hasLabels ? hookInput.task.labels : .init()
        // Every task on the agent passes here: one without EFS metadata costs no more.
        guard AuroraMetadataSource.asksForVolumes(labels) else { return hookInput.labelsJSON }
        let runtime = try global.runtime()
        guard let executorId = hookInput.executorId, TaskRequestStore.isStorable(executorId) else {
            throw EFSHookError.invalidTask(
                "task \(Quoting.safe(hookInput.task.taskID.value)) asks for EFS volumes but its executor id cannot key a request")
        }
        try AtomicFile.makeDirectory(runtime.config.stateDir, mode: 0o700, enforce: true)
        let store = TaskRequestStore(layout: runtime.stateLayout)
        let volumes: [VolumeRequest]
        do {
            volumes = try runtime.extractor.metadataVolumes(in: labels)
        } catch {
            let refusal = EFSHookError.invalidTask("Aurora job metadata \(AuroraMetadataSource.labelPrefix)*: \(error.message)")
            // The agent launches the task anyway; prepare fails it with this line.
            try store.save(TaskRequestRecord(executorId: executorId, volumes: [], refusal: refusal.message))
            throw refusal
        }
        try store.save(TaskRequestRecord(executorId: executorId, volumes: volumes))
        runtime.logger.notice(
            "stored the task's EFS requests",
            metadata: ["executor": "\(executorId)", "volumes": "\(volumes.map(\.name).joined(separator: ","))"])
        return hookInput.labelsJSON
    }
}
