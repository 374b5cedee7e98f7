import MesosProto

/// Which Mesos message a task description is.
public enum MessageKind: String, CaseIterable, Sendable, Codable {
    case taskInfo = "task-info"
    case executorInfo = "executor-info"
    case containerConfig = "container-config"
    /// The criteo mesos-command-modules isolator input: `{container_id, container_config}`.
    case isolatorRequest = "isolator-request"
}

public enum InputFormat: String, CaseIterable, Sendable {
    case auto, binary, json
}

/// A decoded task description, whichever Mesos message carried it.
public enum TaskDescription: Sendable {
    case taskInfo(Mesos_TaskInfo)
    case executorInfo(Mesos_ExecutorInfo)
    case containerConfig(Mesos_Slave_ContainerConfig)
    case isolatorRequest(Efshook_IsolatorRequest)

    public var kind: MessageKind {
        switch self {
        case .taskInfo: return .taskInfo
        case .executorInfo: return .executorInfo
        case .containerConfig: return .containerConfig
        case .isolatorRequest: return .isolatorRequest
        }
    }
}
