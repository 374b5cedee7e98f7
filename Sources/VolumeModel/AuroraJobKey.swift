/// An Aurora job key (role, environment, job) and instance, read from what Aurora's
/// scheduler writes into the TaskInfo and the Thermos ExecutorInfo (apache/aurora,
/// `MesosTaskFactory.java`):
/// - `TaskInfo.name` is `role/environment/job` (`JobKeys.canonicalString`);
/// - the executor's `source` label and deprecated `source` field are
///   `role.environment.job.instance` (`getInstanceSourceName`);
/// - `executor_id` is `thermos-` + the task id, `role-environment-job-instance-UUID`
///   (`TaskIdGenerator`, which replaces everything but `[A-Za-z0-9_-]` with `-`).
///
/// Role, environment and job match `^[\w\-\.]+$` (`GOOD_IDENTIFIER_PATTERN`, api.thrift), so
/// `/` splits the task name unambiguously but `.` splits the source only when none of the
/// three contains a dot: a longer source alone is not read, never guessed at.
public struct AuroraJobKey: Sendable, Codable, Equatable {
    public var role: String
    public var environment: String
    public var job: String
    public var instance: Int?

    public init(role: String, environment: String, job: String, instance: Int? = nil) {
        self.role = role
        self.environment = environment
        self.job = job
        self.instance = instance
    }

    /// From `TaskInfo.name` (`role/env/job`) and the executor's source (`role.env.job.N`).
    /// When both are present they must agree, or no job key is read.
    public static func read(taskName: String?, source: String?) -> AuroraJobKey? {
        let fromSource = source.flatMap(parse(source:))
        guard let taskName, let fromName = parse(taskName: taskName) else { return fromSource }
        guard let source else { return fromName }
        let prefix = "\(fromName.role).\(fromName.environment).\(fromName.job)."
        guard source.hasPrefix(prefix), let instance = Int(source.dropFirst(prefix.count)), instance >= 0 else {
            return nil
        }
        var key = fromName
        key.instance = instance
        return key
    }

    static func parse(taskName: String) -> AuroraJobKey? {
        let parts = taskName.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3, parts.allSatisfy(isIdentifier) else { return nil }
        return AuroraJobKey(role: parts[0], environment: parts[1], job: parts[2])
    }

    static func parse(source: String) -> AuroraJobKey? {
        let parts = source.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 4, parts[..<3].allSatisfy(isIdentifier), let instance = Int(parts[3]), instance >= 0,
            parts[3].utf8.allSatisfy(OptionKind.isDigit)
        else { return nil }
        return AuroraJobKey(role: parts[0], environment: parts[1], job: parts[2], instance: instance)
    }

    /// Aurora's `GOOD_IDENTIFIER_PATTERN` (`\w` is ASCII in Java's regex by default).
    static func isIdentifier(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy(OptionKind.isNameByte)
    }
}
