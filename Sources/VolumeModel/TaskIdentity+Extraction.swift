import MesosProto

extension TaskIdentity {
    /// The identity a decoded task description carries, for requests through `frontEnd`.
    public init(task: TaskDescription, frontEnd: FrontEnd) {
        self.init(frontEnd: frontEnd)
        var taskInfo: Mesos_TaskInfo?
        var executor: Mesos_ExecutorInfo?
        var command: Mesos_CommandInfo?
        switch task {
        case .taskInfo(let info):
            taskInfo = info
        case .executorInfo(let info):
            executor = info
        case .containerConfig(let config):
            read(config, &taskInfo, &executor, &command)
        case .isolatorRequest(let request):
            read(request.containerConfig, &taskInfo, &executor, &command)
        }
        if let info = taskInfo {
            if executor == nil, info.hasExecutor { executor = info.executor }
            taskId = info.taskID.value
            taskName = info.name
            taskLabels = Self.labels(info.hasLabels ? info.labels : nil)
            if user == nil, info.hasCommand, info.command.hasUser { user = info.command.user }
        }
        if let executor {
            executorId = executor.executorID.value
            if executor.hasFrameworkID { frameworkId = executor.frameworkID.value }
            executorLabels = Self.labels(executor.hasLabels ? executor.labels : nil)
            if user == nil, executor.hasCommand, executor.command.hasUser { user = executor.command.user }
        }
        if user == nil, let command, command.hasUser { user = command.user }
        let source = executorLabels["source"] ?? executor.flatMap { $0.hasSource ? $0.source : nil }
        aurora = AuroraJobKey.read(taskName: taskName, source: source)
    }

    private mutating func read(
        _ config: Mesos_Slave_ContainerConfig, _ taskInfo: inout Mesos_TaskInfo?, _ executor: inout Mesos_ExecutorInfo?,
        _ command: inout Mesos_CommandInfo?
    ) {
        if config.hasUser, !config.user.isEmpty { user = config.user }
        if config.hasTaskInfo { taskInfo = config.taskInfo }
        if config.hasExecutorInfo { executor = config.executorInfo }
        if config.hasCommandInfo { command = config.commandInfo }
    }

    /// Later duplicates of a key are ignored: the first one is what Mesos shows first.
    private static func labels(_ labels: Mesos_Labels?) -> [String: String] {
        var map: [String: String] = [:]
        for label in labels?.labels ?? [] where map[label.key] == nil { map[label.key] = label.value }
        return map
    }
}
