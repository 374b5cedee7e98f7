import MesosProto

extension TaskIdentity {
    /// The identity a decoded task description carries, for requests through `frontEnd`.
    public init(task: TaskDescription, frontEnd: FrontEnd) {
        self.init(view: MesosContainerView(task), frontEnd: frontEnd)
    }

    /// The identity of the task the view shows, for requests through `frontEnd`.
    public init(view: MesosContainerView, frontEnd: FrontEnd) {
        self.init(frontEnd: frontEnd)
        user = view.configUser
        if let info = view.task {
            taskId = info.taskID.value
            taskName = info.name
            taskLabels = Self.labels(view.taskLabels)
            if user == nil, info.hasCommand, info.command.hasUser { user = info.command.user }
        }
        let executor = view.executor
        if let executor {
            executorId = executor.executorID.value
            if executor.hasFrameworkID { frameworkId = executor.frameworkID.value }
            executorLabels = Self.labels(executor.hasLabels ? executor.labels : nil)
            if user == nil, executor.hasCommand, executor.command.hasUser { user = executor.command.user }
        }
        if user == nil, let command = view.command, command.hasUser { user = command.user }
        let source = executorLabels["source"] ?? executor.flatMap { $0.hasSource ? $0.source : nil }
        aurora = AuroraJobKey.read(taskName: taskName, source: source)
    }

    /// Later duplicates of a key are ignored: the first one is what Mesos shows first.
    private static func labels(_ labels: Mesos_Labels?) -> [String: String] {
        var map: [String: String] = [:]
        for label in labels?.labels ?? [] where map[label.key] == nil { map[label.key] = label.value }
        return map
    }
}
