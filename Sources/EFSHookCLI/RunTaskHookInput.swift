import Common
import Foundation
import MesosProto
import SwiftProtobuf
import VolumeModel

/// What criteo's CommandHook hands `hook_slave_run_task_label_decorator_command`
/// (`CommandHook::slaveRunTaskLabelDecorator`): `{task_info, executor_info, framework_info,
/// slave_info}`, each stout's `JSON::protobuf` (proto field names), read as
/// `efshook.RunTaskHookInput`. The module parses the command's OUTPUT as `mesos.Labels`, and
/// the agent replaces the task's labels with them.
struct RunTaskHookInput {
    var task: Mesos_TaskInfo
    var executorId: String?
    /// The task's labels as given, `{"labels": […]}`: handed back unchanged.
    var labelsJSON: String

    init(_ data: Data) throws(EFSHookError) {
        let input = try TaskDecoder.decodeHookInput(data)
        task = input.taskInfo
        if input.hasExecutorInfo, input.executorInfo.hasExecutorID {
            executorId = input.executorInfo.executorID.value
        } else {
            executorId = task.hasExecutor ? task.executor.executorID.value : nil
        }
        labelsJSON = try Self.json(task.labels)
    }

    private static func json(_ labels: Mesos_Labels) throws(EFSHookError) -> String {
        // An empty repeated field has no JSON member; the agent gets the same empty list.
        guard !labels.labels.isEmpty else { return #"{"labels":[]}"# }
        var options = JSONEncodingOptions()
        options.preserveProtoFieldNames = true
        do {
            return try labels.jsonString(options: options)
        } catch {
            throw .invalidTask("hook input cannot be re-encoded: \(EFSHookError.oneLine(error))")
        }
    }
}
