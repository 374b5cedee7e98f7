import Common
import VolumeModel

/// The one record an operation leaves at notice: who asked, what each volume came to, how
/// long it took, which AWS calls it made and how it ended. `StderrLogHandler` prints it; the
/// textfile metrics and the audit trail are folded from it.
public struct OperationSummary: Sendable, Equatable {
    /// What one volume came to.
    public struct Volume: Sendable, Equatable {
        public var name: String
        /// `mounted` (a new host mount), `reused` (the host mount was there), `released`,
        /// `refused`, `failed`.
        public var outcome: String
        /// Where a cold mount learned its resources (`cache`, `dnsName`, `api`), nil when none was needed.
        public var resolution: String?
        /// The policy's `decidedBy`.
        public var rule: String?
        public var target: String?

        public init(name: String, outcome: String, resolution: String? = nil, rule: String? = nil, target: String? = nil) {
            self.name = name
            self.outcome = outcome
            self.resolution = resolution
            self.rule = rule
            self.target = target
        }
    }

    public var operation: String
    public var frontEnd: String
    public var containerID: String?
    public var executorID: String?
    public var taskID: String?
    /// `role/environment/job`, when the task carries Aurora's key.
    public var jobKey: String?
    public var volumes: [Volume] = []
    /// AWS attempts by `Operation/outcome` (outcome `throttled` for a throttled attempt).
    public var awsCalls: [String: Int] = [:]
    public var durationSeconds: Double = 0
    public var exitCode: Int32 = 0
    public var error: EFSHookError?

    public init(operation: String, frontEnd: String) {
        self.operation = operation
        self.frontEnd = frontEnd
    }

    public var succeeded: Bool { exitCode == 0 }

    /// `success`, or the error's kind (`temporary`, `permissionDenied`, …).
    public var outcome: String { error.map(\.kind.rawValue) ?? (succeeded ? "success" : "failure") }

    public mutating func identify(_ identity: TaskIdentity) {
        executorID = identity.executorId ?? executorID
        taskID = identity.taskId ?? taskID
        if let aurora = identity.aurora {
            jobKey = "\(aurora.role)/\(aurora.environment)/\(aurora.job)"
        }
    }

    /// Sets (or adds) the named volume's fields that are given.
    public mutating func note(volume name: String, outcome: String? = nil, resolution: String? = nil, rule: String? = nil) {
        let index =
            volumes.firstIndex { $0.name == name }
            ?? {
                volumes.append(Volume(name: name, outcome: "asked"))
                return volumes.count - 1
            }()
        if let outcome { volumes[index].outcome = outcome }
        if let resolution { volumes[index].resolution = resolution }
        if let rule { volumes[index].rule = rule }
    }
}
