import MesosProto

/// What efs-hook reads of a task description, whichever Mesos message carried it: taken out
/// of the message tree once, here, and read by volume extraction (`VolumeExtractor`), the
/// requester's identity (`TaskIdentity`) and the isolator.
public struct MesosContainerView: Sendable {
    public var kind: MessageKind
    /// The TaskInfo: the message itself, or the one the agent passes with a command task's
    /// container config.
    public var task: Mesos_TaskInfo?
    /// `ContainerConfig.executor_info` (or the ExecutorInfo given), else the task's executor.
    public var executor: Mesos_ExecutorInfo?
    /// The executor launched in this container as the agent names it: an ExecutorInfo given,
    /// or `ContainerConfig.executor_info`; never one taken from a TaskInfo.
    public var containerExecutor: Mesos_ExecutorInfo?
    /// `ContainerConfig.command_info`.
    public var command: Mesos_CommandInfo?
    /// `ContainerConfig.user`, when set and not empty.
    public var configUser: String?
    /// `ContainerConfig.container_info`.
    public var configContainerInfo: Mesos_ContainerInfo?
    /// `ContainerConfig.rootfs`, when set and not empty.
    public var rootfs: String?
    /// `ContainerConfig.directory` (the sandbox), when set.
    public var directory: String?
    /// The isolator request's container id.
    public var containerID: Mesos_ContainerID?
    /// The ContainerInfos whose volumes belong to this container, in reading order; identical
    /// copies (the agent duplicates some) are read once.
    public var containerInfos: [Mesos_ContainerInfo] = []
    /// The environments that may carry `DVDI_VOLUME_*` variables, in reading order.
    public var environments: [Mesos_Environment] = []

    public init(_ description: TaskDescription) {
        kind = description.kind
        switch description {
        case .taskInfo(let task):
            self.task = task
            if task.hasContainer { containerInfos.append(task.container) }
            if task.hasExecutor, task.executor.hasContainer { containerInfos.append(task.executor.container) }
            if task.hasCommand { add(task.command) }
            if task.hasExecutor, task.executor.hasCommand { add(task.executor.command) }
        case .executorInfo(let executor):
            self.containerExecutor = executor
            if executor.hasContainer { containerInfos.append(executor.container) }
            if executor.hasCommand { add(executor.command) }
        case .containerConfig(let config):
            read(config)
        case .isolatorRequest(let request):
            read(request.containerConfig)
            if request.hasContainerID { containerID = request.containerID }
        }
        executor = containerExecutor ?? task.flatMap { $0.hasExecutor ? $0.executor : nil }
        containerInfos = containerInfos.uniqued()
        environments = environments.uniqued()
    }

    /// The TaskInfo's labels, where Aurora puts job metadata; an isolator sees them only when
    /// the agent passes the task (command tasks), never for a custom executor such as Thermos.
    public var taskLabels: Mesos_Labels? { task.flatMap { $0.hasLabels ? $0.labels : nil } }

    /// Whether the isolator's container is nested in another (`parent.child`).
    public var isNested: Bool { containerID?.hasParent ?? false }

    private mutating func add(_ command: Mesos_CommandInfo) {
        if command.hasEnvironment { environments.append(command.environment) }
    }

    /// Mesos' own isolators read `container_info` alone; older agents that leave it unset
    /// are read through the task's or executor's ContainerInfo instead.
    private mutating func read(_ config: Mesos_Slave_ContainerConfig) {
        if config.hasTaskInfo { task = config.taskInfo }
        if config.hasExecutorInfo { containerExecutor = config.executorInfo }
        if config.hasCommandInfo { command = config.commandInfo }
        if config.hasUser, !config.user.isEmpty { configUser = config.user }
        if config.hasRootfs, !config.rootfs.isEmpty { rootfs = config.rootfs }
        if config.hasDirectory { directory = config.directory }
        if config.hasContainerInfo {
            configContainerInfo = config.containerInfo
            containerInfos = [config.containerInfo]
        } else if config.hasTaskInfo, config.taskInfo.hasContainer {
            containerInfos = [config.taskInfo.container]
        } else if config.hasExecutorInfo, config.executorInfo.hasContainer {
            containerInfos = [config.executorInfo.container]
        }
        if config.hasCommandInfo { add(config.commandInfo) }
        if config.hasTaskInfo, config.taskInfo.hasCommand { add(config.taskInfo.command) }
    }
}

extension Array where Element: Equatable {
    func uniqued() -> [Element] {
        var result: [Element] = []
        for element in self where !result.contains(element) { result.append(element) }
        return result
    }
}
