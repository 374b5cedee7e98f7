import Foundation

/// A pid the Mesos agent checkpointed, and when: the file's modification time. The agent
/// writes a pid after forking the process, so the process it names started before then; a
/// process under that pid that started later is another one that got the pid recycled.
public struct CheckpointedProcess: Sendable, Equatable {
    public var pid: Int32
    public var checkpointedAt: Date

    /// The kernel's boot time is kept to the second, so a start time read from /proc may be
    /// up to a second early or late.
    static let clockSlack: TimeInterval = 1

    public init(pid: Int32, checkpointedAt: Date) {
        self.pid = pid
        self.checkpointedAt = checkpointedAt
    }

    /// Whether the checkpointed process still runs: a process has the pid, has not exited
    /// (a zombie has), and started no later than the checkpoint was written.
    public func isAlive(_ facts: ProcessFacts?) -> Bool {
        guard let facts, !facts.exited else { return false }
        return facts.startedAt <= checkpointedAt.addingTimeInterval(Self.clockSlack)
    }
}

/// What the process table says of one pid.
public struct ProcessFacts: Sendable, Equatable {
    public var startedAt: Date
    /// A zombie or dead process: it exited and waits to be reaped.
    public var exited: Bool

    public init(startedAt: Date, exited: Bool = false) {
        self.startedAt = startedAt
        self.exited = exited
    }
}

/// Looks up processes by pid (the host's /proc; a fake in tests).
public protocol ProcessTable: Sendable {
    func facts(of pid: Int32) -> ProcessFacts?
}
