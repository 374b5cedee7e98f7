import Common

/// The front end a request came through. dvdcli, the Docker plugin and the CSI plugin carry
/// no task, so for them the front end is the whole identity.
public enum FrontEnd: String, Sendable, Codable, CaseIterable, Equatable {
    case isolator
    case prepare
    case dvdcli
    case docker
    case csi
}

/// Who asks for a volume, as far as the task description tells: what policy rules match on.
///
/// Every field is what the framework wrote into the task (the Mesos master checks only the
/// framework id), so a rule that trusts Aurora's fields should also pin the framework id.
public struct TaskIdentity: Sendable, Codable, Equatable {
    public var frontEnd: FrontEnd
    /// `ContainerConfig.user`, else the task's or executor's `CommandInfo.user`.
    public var user: String?
    /// `ExecutorInfo.framework_id`.
    public var frameworkId: String?
    public var taskId: String?
    public var taskName: String?
    public var executorId: String?
    public var taskLabels: [String: String]
    public var executorLabels: [String: String]
    /// Set when the task carries Aurora's job key (see `AuroraJobKey`).
    public var aurora: AuroraJobKey?

    public init(
        frontEnd: FrontEnd, user: String? = nil, frameworkId: String? = nil, taskId: String? = nil, taskName: String? = nil,
        executorId: String? = nil, taskLabels: [String: String] = [:], executorLabels: [String: String] = [:],
        aurora: AuroraJobKey? = nil
    ) {
        self.frontEnd = frontEnd
        self.user = user
        self.frameworkId = frameworkId
        self.taskId = taskId
        self.taskName = taskName
        self.executorId = executorId
        self.taskLabels = taskLabels
        self.executorLabels = executorLabels
        self.aurora = aurora
    }

    /// One line for logs and `policy check`; label values are the task's, quoted safely.
    public var summary: String {
        var parts = ["frontEnd=\(frontEnd.rawValue)"]
        func add(_ key: String, _ value: String?) { if let value { parts.append("\(key)=\(Quoting.safe(value))") } }
        add("user", user)
        add("frameworkId", frameworkId)
        if let aurora {
            add("auroraRole", aurora.role)
            add("auroraEnvironment", aurora.environment)
            add("auroraJob", aurora.job)
            add("auroraInstance", aurora.instance.map(String.init))
        }
        return parts.joined(separator: " ")
    }
}
