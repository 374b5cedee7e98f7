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

    /// The ContainerInfos whose volumes belong to this container, in the order they are read.
    /// Identical copies (the agent duplicates some) are read once.
    var containerInfos: [Mesos_ContainerInfo] {
        var infos: [Mesos_ContainerInfo] = []
        switch self {
        case .taskInfo(let task):
            if task.hasContainer { infos.append(task.container) }
            if task.hasExecutor, task.executor.hasContainer { infos.append(task.executor.container) }
        case .executorInfo(let executor):
            if executor.hasContainer { infos.append(executor.container) }
        case .containerConfig(let config):
            infos = Self.containerInfos(of: config)
        case .isolatorRequest(let request):
            infos = Self.containerInfos(of: request.containerConfig)
        }
        return infos.uniqued()
    }

    /// The TaskInfo's labels, where Aurora puts job metadata; an isolator sees them only when
    /// the agent passes the task (command tasks), never for a custom executor such as Thermos.
    public var taskLabels: Mesos_Labels? {
        switch self {
        case .taskInfo(let task): return task.hasLabels ? task.labels : nil
        case .executorInfo: return nil
        case .containerConfig(let config): return Self.taskLabels(of: config)
        case .isolatorRequest(let request): return Self.taskLabels(of: request.containerConfig)
        }
    }

    private static func taskLabels(of config: Mesos_Slave_ContainerConfig) -> Mesos_Labels? {
        config.hasTaskInfo && config.taskInfo.hasLabels ? config.taskInfo.labels : nil
    }

    /// The environments that may carry `DVDI_VOLUME_*` variables, in reading order.
    var environments: [Mesos_Environment] {
        var environments: [Mesos_Environment] = []
        func add(_ command: Mesos_CommandInfo) {
            if command.hasEnvironment { environments.append(command.environment) }
        }
        switch self {
        case .taskInfo(let task):
            if task.hasCommand { add(task.command) }
            if task.hasExecutor, task.executor.hasCommand { add(task.executor.command) }
        case .executorInfo(let executor):
            if executor.hasCommand { add(executor.command) }
        case .containerConfig(let config):
            environments = Self.environments(of: config)
        case .isolatorRequest(let request):
            environments = Self.environments(of: request.containerConfig)
        }
        return environments.uniqued()
    }

    /// Mesos' own isolators read `container_info` alone; older agents that leave it unset
    /// are read through the task's or executor's ContainerInfo instead.
    private static func containerInfos(of config: Mesos_Slave_ContainerConfig) -> [Mesos_ContainerInfo] {
        if config.hasContainerInfo { return [config.containerInfo] }
        if config.hasTaskInfo, config.taskInfo.hasContainer { return [config.taskInfo.container] }
        if config.hasExecutorInfo, config.executorInfo.hasContainer { return [config.executorInfo.container] }
        return []
    }

    private static func environments(of config: Mesos_Slave_ContainerConfig) -> [Mesos_Environment] {
        var environments: [Mesos_Environment] = []
        if config.hasCommandInfo, config.commandInfo.hasEnvironment { environments.append(config.commandInfo.environment) }
        if config.hasTaskInfo, config.taskInfo.hasCommand, config.taskInfo.command.hasEnvironment {
            environments.append(config.taskInfo.command.environment)
        }
        return environments
    }
}

extension Array where Element: Equatable {
    func uniqued() -> [Element] {
        var result: [Element] = []
        for element in self where !result.contains(element) { result.append(element) }
        return result
    }
}
