import Logging

/// The summary as the one log record of its operation.
extension OperationSummary {
    /// `prepare succeeded`, else the error's own line: a failure's record is its error line.
    public var message: String {
        guard let error else { return succeeded ? "\(operation) succeeded" : "\(operation) failed (exit \(exitCode))" }
        return error.message
    }

    public var level: Logger.Level { succeeded ? .notice : .error }

    public var metadata: Logger.Metadata {
        var fields: Logger.Metadata = [
            "operation": "\(operation)", "frontEnd": "\(frontEnd)", "outcome": "\(outcome)", "exitCode": "\(exitCode)",
            "durationSeconds": "\(Self.rounded(durationSeconds))",
            "volumes": .array(volumes.map { .dictionary($0.metadata) }),
            "awsCalls": .dictionary(awsCalls.mapValues { .string("\($0)") }),
        ]
        for (key, value) in [("containerId", containerID), ("executorId", executorID), ("taskId", taskID), ("jobKey", jobKey)] {
            if let value { fields[key] = "\(value)" }
        }
        if let error {
            var object: Logger.Metadata = ["kind": "\(error.kind.rawValue)", "message": "\(error.message)"]
            if let code = error.code { object["code"] = "\(code.rawValue)" }
            fields["error"] = .dictionary(object)
        }
        return fields
    }

    /// To 0.1 ms.
    static func rounded(_ seconds: Double) -> String { "\((seconds * 10_000).rounded() / 10_000)" }
}

extension OperationSummary.Volume {
    var metadata: Logger.Metadata {
        var fields: Logger.Metadata = ["name": "\(name)", "outcome": "\(outcome)"]
        if let resolution { fields["resolution"] = "\(resolution)" }
        if let rule { fields["rule"] = "\(rule)" }
        if let target { fields["target"] = "\(target)" }
        return fields
    }
}
