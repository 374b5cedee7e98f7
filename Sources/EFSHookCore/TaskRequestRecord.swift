import Foundation
import HostLayer
import VolumeModel

/// Route B: the EFS volumes an Aurora task's metadata asks for, written by the agent hook
/// (`efs-hook hook run-task-labels`) under the executor id, for the isolator's prepare of that
/// executor's container, which never sees the TaskInfo (the agent passes a custom executor's
/// container no task_info).
public struct TaskRequestRecord: StateRecord, Equatable {
    /// Its format on disk (see `StateRecord`).
    public static let schemaVersion = 1

    public var executorId: String
    public var volumes: [VolumeRequest]
    /// Why the hook refused the metadata; prepare fails the launch with it (the agent launches
    /// a task whose hook failed as if there were no hook).
    public var refusal: String?
    public var written: Date
    /// No executor outlives a reboot: `recover` drops requests of earlier boots.
    public var bootID: String?
    /// The container whose prepare used the requests; `recover` drops them once it is gone.
    public var containerID: String?

    enum CodingKeys: String, CodingKey {
        case executorId, volumes, refusal, written, bootID
        case containerID = "containerId"
    }

    public init(executorId: String, volumes: [VolumeRequest], refusal: String? = nil, written: Date = Date()) {
        self.executorId = executorId
        self.volumes = volumes
        self.refusal = refusal
        self.written = written
        bootID = BootID.current
    }
}
