import Logging

/// One line of the audit trail: a decision that changed what a container can reach.
public struct AuditEntry: Sendable, Codable, Equatable {
    public enum Decision: String, Sendable, Codable, CaseIterable {
        /// A volume was mounted on the host.
        case mount
        /// A container was given a volume (bound by efs-hook, or by Mesos from the launch info).
        case bind
        /// The policy refused a volume.
        case refusal
        /// A container's hold on a volume was released.
        case release
        /// A volume's data or file system was deleted.
        case deletion
    }

    /// ISO 8601, UTC.
    public var ts: String
    public var decision: Decision
    public var volume: String
    public var operation: String
    public var frontEnd: String
    public var containerId: String?
    public var taskId: String?
    public var executorId: String?
    public var jobKey: String?
    /// The policy's `decidedBy`.
    public var rule: String?
    public var target: String?

    /// The line's fields, as `Codable` would write them (without its cost on a launch).
    var fields: [String: Logger.Metadata.Value] {
        var fields: [String: Logger.Metadata.Value] = [
            "ts": .string(ts), "decision": .string(decision.rawValue), "volume": .string(volume), "operation": .string(operation),
            "frontEnd": .string(frontEnd),
        ]
        let optional = [
            ("containerId", containerId), ("taskId", taskId), ("executorId", executorId), ("jobKey", jobKey), ("rule", rule),
            ("target", target),
        ]
        for (key, value) in optional { if let value { fields[key] = .string(value) } }
        return fields
    }

    /// The decisions a volume's outcome stands for.
    static func decisions(for outcome: String) -> [Decision] {
        switch outcome {
        case "mounted": return [.mount, .bind]
        case "reused": return [.bind]
        case "refused": return [.refusal]
        case "released": return [.release]
        case "deleted": return [.deletion]
        default: return []
        }
    }

    /// Every decision of a finished operation. A failed prepare undid its binds, so only its
    /// refusals count; a deletion stands even when a later one failed.
    public static func entries(of summary: OperationSummary, ts: String) -> [AuditEntry] {
        summary.volumes.flatMap { volume in
            decisions(for: volume.outcome).filter { summary.succeeded || $0 == .refusal || $0 == .deletion }.map { decision in
                AuditEntry(
                    ts: ts, decision: decision, volume: volume.name, operation: summary.operation, frontEnd: summary.frontEnd,
                    containerId: summary.containerID, taskId: summary.taskID, executorId: summary.executorID,
                    jobKey: summary.jobKey, rule: volume.rule, target: volume.target)
            }
        }
    }
}
