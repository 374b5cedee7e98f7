import Common
import Foundation
import MesosProto
import VolumeModel

/// What criteo's CommandHook hands `hook_slave_run_task_label_decorator_command`
/// (`CommandHook::slaveRunTaskLabelDecorator`): `{task_info, executor_info, framework_info,
/// slave_info}`, each stout's `JSON::protobuf` (proto field names). The module parses the
/// command's OUTPUT as `mesos.Labels`, and the agent replaces the task's labels with them.
struct RunTaskHookInput {
    var task: Mesos_TaskInfo
    var executorId: String?
    /// The task's labels as given, `{"labels": […]}`: handed back unchanged.
    var labelsJSON: String

    init(_ data: Data) throws(EFSHookError) {
        let document: [String: Any]
        do {
            guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                throw EFSHookError.invalidTask("hook input must be a JSON object")
            }
            document = object
        } catch let error as EFSHookError {
            throw error
        } catch {
            throw .invalidTask("hook input is not valid JSON: \(EFSHookError.oneLine(error))")
        }
        guard let taskObject = document["task_info"] as? [String: Any] else {
            throw .invalidTask("hook input has no task_info object (expected {task_info, executor_info, framework_info, slave_info})")
        }
        guard case .taskInfo(let task) = try TaskDecoder.decode(try Self.encode(taskObject), message: .taskInfo, format: .json) else {
            throw .invalidTask("hook input's task_info is not a TaskInfo")
        }
        self.task = task
        let executor = (document["executor_info"] as? [String: Any])?["executor_id"] as? [String: Any]
        executorId = executor?["value"] as? String ?? (task.hasExecutor ? task.executor.executorID.value : nil)
        let labels = (taskObject["labels"] as? [String: Any])?["labels"] as? [Any] ?? []
        labelsJSON = String(decoding: try Self.encode(["labels": labels]), as: UTF8.self)
    }

    private static func encode(_ object: [String: Any]) throws(EFSHookError) -> Data {
        do {
            return try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        } catch {
            throw .invalidTask("hook input cannot be re-encoded: \(EFSHookError.oneLine(error))")
        }
    }
}
