import Foundation
import MesosProto
import SwiftProtobuf

/// The Task the Mesos agent checkpoints for a framework with checkpointing on (Aurora's is),
/// before it launches the task's executor (`Slave::__run`, `Executor::checkpointTask`):
/// `WORK_DIR/meta/slaves/S/frameworks/F/executors/E/runs/C/tasks/T/task.info`, beside the
/// sandbox `WORK_DIR/slaves/S/frameworks/F/executors/E/runs/C` (src/slave/paths.cpp). Prepare
/// reads it only to tell "this task asked for EFS but the hook stored nothing" from "no EFS".
public enum AgentTaskCheckpoint {
    /// Aurora's executor id is `thermos-` + the task id (`MesosTaskFactory.getExecutorId`).
    public static let auroraExecutorPrefix = "thermos-"
    static let maxBytes = 4 << 20

    /// The checkpoint's path for a sandbox `directory` and Aurora executor, or nil when the
    /// directory is not laid out as an agent sandbox of that executor.
    public static func path(directory: String, executorId: String) -> String? {
        guard executorId.hasPrefix(auroraExecutorPrefix) else { return nil }
        let taskId = executorId.dropFirst(auroraExecutorPrefix.count)
        let parts = directory.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count > 8 else { return nil }
        let run = parts.suffix(8)
        let head = parts.dropLast(8)
        guard run[run.startIndex] == "slaves", run[run.startIndex + 2] == "frameworks", run[run.startIndex + 4] == "executors",
            run[run.startIndex + 5] == Substring(executorId), run[run.startIndex + 6] == "runs", !taskId.isEmpty,
            !taskId.contains("/"), taskId != ".", taskId != ".."
        else { return nil }
        return (head + ["meta"] + run + ["tasks", taskId, "task.info"]).joined(separator: "/")
    }

    /// The labels of the checkpointed task, or nil when there is no readable checkpoint.
    public static func labels(at path: String) -> Mesos_Labels? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        guard let data = try? handle.read(upToCount: maxBytes + 4) else { return nil }
        return labels(checkpoint: data)
    }

    /// `state::checkpoint` writes stout's `protobuf::write`: a native-endian uint32 size, then
    /// the `mesos.Task`.
    public static func labels(checkpoint data: Data) -> Mesos_Labels? {
        let bytes = [UInt8](data)
        guard bytes.count >= 4 else { return nil }
        let size = Int(UInt32(bytes[0]) | UInt32(bytes[1]) << 8 | UInt32(bytes[2]) << 16 | UInt32(bytes[3]) << 24)
        guard size <= maxBytes, bytes.count >= 4 + size else { return nil }
        guard let task = try? Mesos_Task(serializedBytes: Data(bytes[4..<(4 + size)]), partial: true) else { return nil }
        return task.labels
    }
}
