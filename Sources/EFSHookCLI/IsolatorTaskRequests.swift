import Common
import EFSHookCore
import VolumeModel

/// Route B in the isolator: the requests the agent hook stored for this container's executor.
extension IsolatorInvocation {
    /// The executor whose stored requests belong to this container: the executor's own
    /// (top-level) container.
    static func requestExecutor(_ view: MesosContainerView) -> String? {
        guard !view.isNested, let executor = view.containerExecutor else { return nil }
        return executor.executorID.value
    }

    /// One file read by executor id, and for an Aurora executor without one, one more (the
    /// agent's checkpoint of its task) to tell "asked for EFS, but the hook stored nothing".
    static func storedRequests(_ view: MesosContainerView, layout: StateLayout) throws(EFSHookError) -> TaskRequestRecord? {
        // With the task_info (a command task) its labels were read with the task's volumes.
        guard view.task == nil, let executorId = requestExecutor(view) else { return nil }
        if let record = try TaskRequestStore(layout: layout).load(executorId: executorId) {
            if let refusal = record.refusal {
                throw .invalidTask("the agent hook refused this task's EFS metadata: \(refusal)")
            }
            return record
        }
        let directory = view.directory ?? ""
        if let path = AgentTaskCheckpoint.path(directory: directory, executorId: executorId),
            let labels = AgentTaskCheckpoint.labels(at: path), AuroraMetadataSource.asksForVolumes(labels)
        {
            throw .config(
                "the task asks for EFS volumes in its metadata (\(AuroraMetadataSource.labelPrefix)NAME) but the agent hook stored "
                    + "no request for executor \(Quoting.safe(executorId)): install the hook (com_criteo_mesos_CommandHook running "
                    + "efs-hook hook run-task-labels, and --hooks; see deploy/mesos-agent-flags.txt), then relaunch the task")
        }
        return nil
    }

    /// The stored requests, placed where Thermos shows them to the task (`ThermosSandbox`).
    static func placed(_ record: TaskRequestRecord, for view: MesosContainerView) -> [VolumeRequest] {
        let image = ThermosSandbox.hasTaskFilesystem(view.configContainerInfo)
        return record.volumes.map { ThermosSandbox.place($0, taskFilesystem: image) }
    }
}
